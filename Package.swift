// swift-tools-version:6.0
import PackageDescription

/// Settings every target shares: Swift 6 language mode (the tools-version default) plus the
/// upcoming features that keep existential and import use explicit.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

/// The example executables, one per folder of `Examples/`; each uses only the public API and
/// is run by the end-to-end tests (`swift run <name>`).
let examples = ["quickstart", "chat-session", "rag", "agent-tools", "evaluations", "openai-compatible"]

let package = Package(
    name: "SpanKit",
    platforms: [.macOS(.v13), .iOS(.v16), .tvOS(.v16), .watchOS(.v9)],
    products: [
        .library(name: "SpanKit", targets: ["SpanKit"]),
        .library(name: "OpenInference", targets: ["OpenInference"]),
        .library(name: "SpanKitTesting", targets: ["SpanKitTesting"]),
    ],
    targets: [
        .target(name: "OpenInference", swiftSettings: strictSettings),
        // The system zlib, for gzip. No pkgConfig: zlib sits on the default header and library
        // paths of the Apple SDKs and of Linux distributions, and a pkgConfig entry would make
        // every Apple build of an app using SpanKit warn "couldn't find pc file".
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // SpanKit's HTTP/1.1 client on POSIX sockets, for `http://` on Linux: internal (no
        // product), reached from SpanKit through `package` declarations only.
        .target(name: "SpanKitHTTPClient", swiftSettings: strictSettings),
        .target(name: "SpanKit", dependencies: ["OpenInference", "CZlib", "SpanKitHTTPClient"], swiftSettings: strictSettings),
        .target(name: "SpanKitTesting", dependencies: ["SpanKit"], swiftSettings: strictSettings),
        // A separate process for the load test, so its memory figures are its own.
        .executableTarget(
            name: "spankit-load-probe",
            dependencies: ["SpanKit"],
            path: "Tests/LoadProbe",
            swiftSettings: strictSettings
        ),
        // A separate process whose standard error the diagnostics tests read.
        .executableTarget(
            name: "spankit-diagnostics-probe",
            dependencies: ["SpanKit"],
            path: "Tests/DiagnosticsProbe",
            swiftSettings: strictSettings
        ),
        .target(name: "TestSupport", dependencies: ["SpanKit"], path: "Tests/TestSupport", swiftSettings: strictSettings),
        .testTarget(
            name: "OpenInferenceTests",
            dependencies: ["OpenInference", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SpanKitHTTPClientTests",
            dependencies: ["SpanKitHTTPClient", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SpanKitTests",
            dependencies: ["SpanKit", "SpanKitHTTPClient", "SpanKitTesting", "TestSupport"],
            swiftSettings: strictSettings
        ),
    ] + examples.map { name in
        .executableTarget(name: name, dependencies: ["SpanKit", "OpenInference"], path: "Examples/\(name)", swiftSettings: strictSettings)
    }
)
