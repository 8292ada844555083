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
///
/// A processor calls `export` from one task at a time, never concurrently.
public protocol SpanExporter: Sendable {
    /// Delivers one batch; throws an ``ExportError`` when the batch could not be delivered.
    func export(_ spans: [SpanRecord]) async throws
    /// Delivers anything the exporter buffers itself (a trace waiting for its root, a file
    /// buffer).
    func flush() async throws
    /// Releases resources; called once, after the last export.
    func shutdown() async
}

extension SpanExporter {
    /// Does nothing.
    public func flush() async throws {}
    /// Does nothing.
    public func shutdown() async {}
}

/// Why an export failed.
public struct ExportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The category of failure.
    public enum Kind: Sendable, Equatable {
        /// The connection failed or was cut (refused, reset, DNS, TLS).
        case transport
        /// The server answered with a non-success HTTP status.
        case httpStatus(Int)
        /// The request took longer than its timeout.
        case timeout
        /// The spans could not be encoded.
        case encoding
        /// A local file could not be written or read.
        case io
        /// The exporter was shut down.
        case shutdown
    }

    /// The category.
    public let kind: Kind
    /// What happened, never containing secrets.
    public let message: String

    /// Creates an export error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// Whether sending the same batch again may succeed: transport failures, timeouts, and the
    /// HTTP statuses 429, 502, 503 and 504.
    public var isRetryable: Bool {
        switch kind {
        case .transport, .timeout: return true
        case .httpStatus(let status): return [429, 502, 503, 504].contains(status)
        case .encoding, .io, .shutdown: return false
        }
    }

    /// The kind and message.
    public var description: String { "\(kind): \(message)" }
}
