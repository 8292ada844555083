// swift-tools-version:6.0
import PackageDescription

/// A compile check, not a product: one file imports apple/swift-distributed-tracing's `Tracing`
/// and `SpanKit` together and names SpanKit's types qualified by the module. It fails to build
/// when a SpanKit type shadows the module name (`SpanKit.Span` would then look inside a type
/// called `SpanKit`) or when a name can no longer be qualified. `scripts/test.sh` builds it.
let package = Package(
    name: "DistributedTracingCoexistence",
    platforms: [.macOS(.v13), .iOS(.v16), .tvOS(.v16), .watchOS(.v9)],
    dependencies: [
        .package(name: "SpanKit", path: "../.."),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", exact: "1.7.3"),
    ],
    targets: [
        .target(
            name: "Coexistence",
            dependencies: [
                .product(name: "SpanKit", package: "SpanKit"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
    ]
)
