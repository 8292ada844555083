import Foundation
import SpanKit

/// Collects finished spans in memory so tests can assert on them.
///
/// Use it as a tracer's processor: spans are collected synchronously when they end, so no
/// flushing is needed.
///
/// ```swift
/// let exporter = InMemoryExporter()
/// let tracer = SpanKitSystem.makeTracer(.init(destination: .processor(exporter), environment: [:]))
/// withTracer(tracer) { runCodeUnderTest() }
/// #expect(exporter.spans.map(\.name) == ["answer-question"])
/// ```
public final class InMemoryExporter: SpanProcessor, @unchecked Sendable {
    // All mutable state is guarded by `lock`; that is what makes sharing the exporter safe.
    private let lock = NSLock()
    private var collected: [SpanRecord] = []
    private var stopped = false

    /// Creates an empty exporter.
    public init() {}

    /// The finished spans, in the order they ended.
    public var spans: [SpanRecord] { lock.withLock { collected } }

    /// The finished spans with the given name.
    public func spans(named name: String) -> [SpanRecord] { spans.filter { $0.name == name } }

    /// Collects the span, until ``shutdown(deadline:)``.
    public func onEnd(_ span: Span) {
        guard let record = span.record else { return }
        lock.withLock { if !stopped { collected.append(record) } }
    }

    /// Nothing to deliver: spans are collected as they end.
    public func flush(deadline: ContinuousClock.Instant) async -> PipelineStatistics { PipelineStatistics() }

    /// Stops collecting; spans collected so far stay readable.
    public func shutdown(deadline: ContinuousClock.Instant) async -> PipelineStatistics {
        lock.withLock { stopped = true }
        return PipelineStatistics()
    }
}
