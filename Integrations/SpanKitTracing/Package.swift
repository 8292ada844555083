// swift-tools-version:6.0
import PackageDescription

/// SpanKit for server-side Swift: SpanKit as an apple/swift-distributed-tracing backend, one
/// trace across both context systems, and SpanKit diagnostics in apple/swift-log. A package of
/// its own so that the SpanKit library keeps no package dependencies.
let package = Package(
    name: "SpanKitTracing",
    platforms: [.macOS(.v14), .iOS(.v17), .tvOS(.v17), .watchOS(.v10)],
    products: [
        .library(name: "SpanKitTracing", targets: ["SpanKitTracing"]),
    ],
    dependencies: [
        .package(name: "SpanKit", path: "../.."),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", exact: "1.7.3"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", exact: "1.37.0"),
        // Already in the graph through Hummingbird; named for `HTTPField` in the example.
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
    ],
    targets: [
        .target(
            name: "SpanKitTracing",
            dependencies: [
                .product(name: "SpanKit", package: "SpanKit"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        // The example: a Hummingbird chat service whose model call goes through AsyncHTTPClient.
        .executableTarget(
            name: "ChatService",
            dependencies: [
                "SpanKitTracing",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .testTarget(
            name: "SpanKitTracingTests",
            dependencies: [
                "SpanKitTracing",
                "ChatService",
                .product(name: "SpanKitTesting", package: "SpanKit"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
    ]
)
