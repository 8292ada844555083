/// Receives spans as they start and end, and hands finished ones on for export.
///
/// `onStart` and `onEnd` run on the caller's thread inside span creation and `end()`: they
/// must be fast and must never block on I/O. Processors are reference types: they own queues
/// and workers, and a class existential is cheaper to call on the hot path.
public protocol SpanProcessor: AnyObject, Sendable {
    /// Called when a recording span starts.
    func onStart(_ span: Span)
    /// Called once when a recording span ends; the span is immutable from then on.
    func onEnd(_ span: Span)
    /// Delivers everything received so far, as far as possible.
    func flush() async
    /// Delivers what it can and stops accepting spans.
    func shutdown() async
}

extension SpanProcessor {
    /// Does nothing.
    public func onStart(_ span: Span) {}
    /// Does nothing.
    public func flush() async {}
    /// Flushes.
    public func shutdown() async { await flush() }
}

/// Delivers finished spans somewhere: a backend, a file, the console, memory.
public protocol SpanExporter: Sendable {
    /// Delivers one batch; throws when the batch could not be delivered.
    func export(_ spans: [SpanRecord]) async throws
    /// Releases resources; called once, after the last export.
    func shutdown() async
}

extension SpanExporter {
    /// Does nothing.
    public func shutdown() async {}
}
