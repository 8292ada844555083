// swift-tools-version:6.2
import PackageDescription

// The swift-otel 1.6.0 peer of SpanKit's end-to-end benchmark, in its own package: it builds
// swift-nio, async-http-client and swift-protobuf (about 7 minutes), so only
// `Benchmarks/run.sh --swift-otel` builds it, never the smoke run, and neither SpanKit nor the
// harness depends on it. The harness runs its executable against the same loopback collector.
let package = Package(
    name: "SwiftOTelPeer",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/swift-otel/swift-otel.git", exact: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.12.0"),
    ],
    targets: [
        .executableTarget(
            name: "swift-otel-peer",
            dependencies: [
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
