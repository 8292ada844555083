import Foundation
import SpanKit

/// Collects finished spans in memory so tests can assert on them.
///
/// Use it directly as a tracer's processor — spans are collected synchronously when they end,
/// so no flushing is needed — or as the exporter of any processor.
///
/// ```swift
/// let exporter = InMemoryExporter()
/// let tracer = Tracer(processor: exporter)
/// withTracer(tracer) { runCodeUnderTest() }
/// #expect(exporter.spans.map(\.name) == ["answer-question"])
/// ```
public final class InMemoryExporter: SpanProcessor, SpanExporter, @unchecked Sendable {
    // All mutable state is guarded by `lock`; that is what makes sharing the exporter safe.
    private let lock = NSLock()
    private var collected: [SpanRecord] = []
    private var exportCount = 0
    private var stopped = false

    /// Creates an empty exporter.
    public init() {}

    /// The finished spans, in the order they ended (or were exported).
    public var spans: [SpanRecord] { lock.withLock { collected } }

    /// How many times ``export(_:)`` was called.
    public var exportCallCount: Int { lock.withLock { exportCount } }

    /// Whether ``shutdown()`` or ``shutdown(deadline:)`` was called.
    public var isShutDown: Bool { lock.withLock { stopped } }

    /// The finished spans with the given name.
    public func spans(named name: String) -> [SpanRecord] { spans.filter { $0.name == name } }

    /// The finished spans of one trace.
    public func spans(inTrace traceID: UUID) -> [SpanRecord] { spans.filter { $0.traceID == traceID } }

    /// Forgets every collected span.
    public func reset() { lock.withLock { collected.removeAll() } }

    /// Collects the span (processor role).
    public func onEnd(_ span: Span) {
        guard let record = span.record else { return }
        lock.withLock { if !stopped { collected.append(record) } }
    }

    /// Collects the batch (exporter role); fails with `ExportError.Kind.shutdown` after
    /// ``shutdown()``.
    public func export(_ spans: [SpanRecord]) async -> ExportResult {
        lock.withLock {
            exportCount += 1
            guard !stopped else { return .failure(ExportError(.shutdown, "the in-memory exporter was shut down")) }
            collected.append(contentsOf: spans)
            return .success
        }
    }

    /// Nothing to deliver: spans are collected as they end (processor role).
    public func flush(deadline: ContinuousClock.Instant) async -> PipelineStatistics { PipelineStatistics() }

    /// Stops collecting; spans collected so far stay readable (processor role).
    public func shutdown(deadline: ContinuousClock.Instant) async -> PipelineStatistics {
        lock.withLock { stopped = true }
        return PipelineStatistics()
    }

    /// Stops collecting; spans collected so far stay readable (exporter role).
    public func shutdown() async {
        lock.withLock { stopped = true }
    }
}
