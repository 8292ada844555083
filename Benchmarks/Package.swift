// swift-tools-version:6.0
import PackageDescription

// SpanKit's benchmark harness: its own package so the library keeps zero dependencies. It has
// none either: a hand-written harness (medians over rounds, malloc counts from the C target
// below) builds in well under a minute on top of the library, which matters for CI.
let package = Package(
    name: "SpanKitBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "SpanKit", path: "..")],
    targets: [
        // Replaces malloc and friends in the benchmark executable to count allocations
        // (Linux/glibc; elsewhere it compiles to nothing and counts stay unavailable).
        .target(name: "MallocCounter"),
        // The loopback OTLP/HTTP sink of the end-to-end benchmark (POSIX sockets, system zlib).
        .target(name: "LoopbackCollector", linkerSettings: [.linkedLibrary("z")]),
        .executableTarget(
            name: "spankit-bench",
            dependencies: [
                "MallocCounter",
                "LoopbackCollector",
                .product(name: "SpanKit", package: "SpanKit"),
            ]
        ),
    ]
)
