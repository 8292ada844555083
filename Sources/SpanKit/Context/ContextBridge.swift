/// A second context system that SpanKit's spans share their traces with, such as
/// apple/swift-distributed-tracing's `ServiceContext`: the seam an integration package (not app
/// code) implements and installs through ``SpanKitSystem/Configuration/contextBridge``.
///
/// Two task-locals can each hold a current span; the bridge keeps them one trace. Around every
/// SpanKit scope the tracer calls ``withCurrent(_:_:)`` so the other system sees the SpanKit
/// span as its current one (its spans become the SpanKit span's children); and a span started
/// with parent `.current` asks ``currentParent()`` first. Because both systems' scopes write the
/// other context, that context always holds the innermost span of either system.
///
/// Behind SPI because only integrations implement it, and its shape follows theirs.
@_spi(Integration)
public protocol ContextBridge: Sendable {
    /// The innermost span of the other system in this task, as a local parent (`.span` or
    /// `.context` with a context that is not remote); nil when there is none.
    func currentParent() -> SpanParent?

    /// Runs `operation` with `span` current in the other system.
    func withCurrent<Result>(_ span: Span, _ operation: () throws -> Result) rethrows -> Result

    /// Runs async `operation` with `span` current in the other system.
    func withCurrent<Result>(
        _ span: Span, isolation: isolated (any Actor)?, _ operation: () async throws -> Result
    ) async rethrows -> Result
}
