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
    /// Delivers every span ended so far, waiting at most until `deadline`; returns what
    /// happened to spans during the call.
    func flush(deadline: ContinuousClock.Instant) async -> PipelineStatistics
    /// Delivers what it can until `deadline`, then stops accepting spans; what could not be
    /// delivered is spooled when the exporter has a spool, and counted as dropped otherwise.
    /// Returns what happened to spans during the call.
    func shutdown(deadline: ContinuousClock.Instant) async -> PipelineStatistics
}

extension SpanProcessor {
    /// Does nothing.
    public func onStart(_ span: Span) {}

    /// Flushes with a 30-second deadline.
    @discardableResult
    public func flush() async -> PipelineStatistics { await flush(deadline: .now + .seconds(30)) }

    /// Shuts down with a 30-second deadline.
    @discardableResult
    public func shutdown() async -> PipelineStatistics { await shutdown(deadline: .now + .seconds(30)) }
}

/// Delivers finished spans somewhere: a backend, a file, the console, memory.
///
/// A processor calls `export` from one task at a time, never concurrently, and cancels the
/// task at the export's deadline. Retries, spooling and counting are the pipeline's business:
/// an exporter only reports whether the batch got through.
public protocol SpanExporter: Sendable {
    /// Delivers one batch.
    func export(_ spans: [SpanRecord]) async -> ExportResult
    /// Delivers anything the exporter buffers itself (a trace waiting for its root, a file
    /// buffer) as far as possible.
    func flush() async
    /// Releases resources; called once, after the last export.
    func shutdown() async
}

extension SpanExporter {
    /// Does nothing.
    public func flush() async {}
    /// Does nothing.
    public func shutdown() async {}
}

/// The outcome of one export.
public enum ExportResult: Sendable, Equatable {
    /// The backend accepted the batch.
    case success
    /// The batch was not delivered.
    case failure(ExportError)
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
        /// The export was cancelled (for example at a deadline).
        case cancelled
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
        case .encoding, .io, .shutdown, .cancelled: return false
        }
    }

    /// The kind and message.
    public var description: String { "\(kind): \(message)" }
}
