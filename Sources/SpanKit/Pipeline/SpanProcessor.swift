/// Receives spans as they end, and hands them on for export.
///
/// `onEnd` runs on the caller's thread inside `end()`: it must be fast and must never block on
/// I/O. Processors are reference types: they own queues
/// and workers, and a class existential is cheaper to call on the hot path.
public protocol SpanProcessor: AnyObject, Sendable {
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

/// Delivers finished spans somewhere: a backend, a file, the console, memory.
///
/// A processor calls `export` from one task at a time, never concurrently, and cancels the
/// task at the export's deadline. Retries, spooling and counting are the pipeline's business:
/// an exporter only says whether the batch got through, by returning or throwing.
public protocol SpanExporter: Sendable {
    /// Delivers one batch; throws when it was not delivered.
    func export(_ spans: [SpanRecord]) async throws
    /// Releases resources (and delivers what the exporter buffers); called once, after the
    /// last export.
    func shutdown() async
}

extension SpanExporter {
    /// Does nothing.
    public func shutdown() async {}
}

/// A built-in exporter that holds spans back (a console trace waiting for its root, a file
/// buffer): a processor's flush asks it to let them go.
protocol BufferingExporter: SpanExporter {
    func flush() async
}

extension ConsoleExporter: BufferingExporter {}
extension JSONLinesFileExporter: BufferingExporter {}

/// Why an export failed.
struct ExportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The category of failure.
    enum Kind: Sendable, Equatable {
        /// The connection failed or was cut (reset, TLS, a malformed response).
        case transport
        /// Nothing could be reached at the endpoint: the connection was refused, or the host
        /// could not be resolved or routed to. Retried like ``transport``, except at shutdown,
        /// where waiting for a collector that is not there only holds the exiting process.
        case unreachable
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
        /// An exporter outside SpanKit threw this (its description).
        case exporter
    }

    /// The category.
    let kind: Kind
    /// What happened, never containing secrets.
    let message: String

    /// Creates an export error.
    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// Whether sending the same batch again may succeed: transport failures, an unreachable
    /// endpoint, timeouts, and the HTTP statuses 429, 502, 503 and 504.
    var isRetryable: Bool {
        switch kind {
        case .transport, .unreachable, .timeout: return true
        case .httpStatus(let status): return [429, 502, 503, 504].contains(status)
        case .encoding, .io, .shutdown, .cancelled, .exporter: return false
        }
    }

    /// The kind and message.
    var description: String { "\(kind): \(message)" }
}
