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
    /// Delivers every span ended so far, waiting at most until `deadline`.
    func flush(deadline: ContinuousClock.Instant) async -> FlushResult
    /// Delivers what it can until `deadline`, then stops accepting spans; what could not be
    /// delivered is spooled when the exporter has a spool, and counted as dropped otherwise.
    func shutdown(deadline: ContinuousClock.Instant) async -> FlushResult
}

extension SpanProcessor {
    /// Does nothing.
    public func onStart(_ span: Span) {}

    /// Flushes with a 30-second deadline.
    @discardableResult
    public func flush() async -> FlushResult { await flush(deadline: .now + .seconds(30)) }

    /// Shuts down with a 30-second deadline.
    @discardableResult
    public func shutdown() async -> FlushResult { await shutdown(deadline: .now + .seconds(30)) }
}

/// What a flush or shutdown achieved.
public struct FlushResult: Sendable, Equatable {
    /// Spans delivered to the backend during the call.
    public var exported: Int
    /// Spans written to the spool during the call, to be delivered later.
    public var spooled: Int
    /// Spans whose export failed for good during the call.
    public var failed: Int
    /// Spans dropped during the call (for example left over at a shutdown deadline without a spool).
    public var dropped: Int
    /// Spans still queued or in flight when the deadline passed.
    public var pending: Int

    /// Creates a result.
    public init(exported: Int = 0, spooled: Int = 0, failed: Int = 0, dropped: Int = 0, pending: Int = 0) {
        self.exported = exported
        self.spooled = spooled
        self.failed = failed
        self.dropped = dropped
        self.pending = pending
    }

    /// Whether everything was handled before the deadline.
    public var isComplete: Bool { pending == 0 }
}

/// Delivers finished spans somewhere: a backend, a file, the console, memory.
///
/// A processor calls `export` from one task at a time, never concurrently.
public protocol SpanExporter: Sendable {
    /// Delivers one batch. An exporter with a spool returns ``ExportResult/spooled`` when it
    /// stored the batch for later delivery instead of failing.
    func export(_ spans: [SpanRecord]) async -> ExportResult
    /// Delivers anything the exporter buffers itself (a trace waiting for its root, a file
    /// buffer, spooled batches) as far as possible.
    func flush() async
    /// Stores a batch for delivery by a later process, when the exporter has a spool; the
    /// batch processor calls it at a shutdown deadline. Returns false when it cannot.
    func spool(_ spans: [SpanRecord]) async -> Bool
    /// Releases resources; called once, after the last export.
    func shutdown() async
    /// How many span deliveries were retried so far (for ``PipelineStatistics``).
    var retriedSpanCount: Int { get }
    /// How many spans from spooled batches of earlier attempts or processes were delivered so
    /// far (for ``PipelineStatistics``).
    var recoveredSpanCount: Int { get }
}

extension SpanExporter {
    /// Does nothing.
    public func flush() async {}
    /// Has no spool: returns false.
    public func spool(_ spans: [SpanRecord]) async -> Bool { false }
    /// Does nothing.
    public func shutdown() async {}
    /// Zero: the exporter does not retry.
    public var retriedSpanCount: Int { 0 }
    /// Zero: the exporter has no spool.
    public var recoveredSpanCount: Int { 0 }
}

/// The outcome of one export.
public enum ExportResult: Sendable, Equatable {
    /// The backend accepted the batch.
    case success
    /// The batch could not be delivered now and was stored in the spool for later delivery.
    case spooled
    /// The batch was not delivered and is lost.
    case failure(ExportError)
    /// Parts of the batch fared differently (for example a batch split after `413 Payload Too
    /// Large`): the counts say how many spans were exported, spooled and lost.
    case partial(ExportCounts)

    /// The outcome in counts, for a batch of `size` spans.
    public func counts(forBatchOf size: Int) -> ExportCounts {
        switch self {
        case .success: return ExportCounts(exported: size)
        case .spooled: return ExportCounts(spooled: size)
        case .failure(let error): return ExportCounts(failed: size, error: error)
        case .partial(let counts): return counts
        }
    }
}

/// How many spans of a batch were exported, spooled and lost.
public struct ExportCounts: Sendable, Equatable {
    /// Spans the backend accepted.
    public var exported: Int
    /// Spans stored for later delivery.
    public var spooled: Int
    /// Spans lost.
    public var failed: Int
    /// Why spans were lost, when some were.
    public var error: ExportError?

    /// Creates counts.
    public init(exported: Int = 0, spooled: Int = 0, failed: Int = 0, error: ExportError? = nil) {
        self.exported = exported
        self.spooled = spooled
        self.failed = failed
        self.error = error
    }

    /// Both counts added; the first error kept.
    static func + (lhs: ExportCounts, rhs: ExportCounts) -> ExportCounts {
        ExportCounts(
            exported: lhs.exported + rhs.exported, spooled: lhs.spooled + rhs.spooled,
            failed: lhs.failed + rhs.failed, error: lhs.error ?? rhs.error)
    }

    /// The counts as a result: a single outcome when the batch fared one way.
    var result: ExportResult {
        switch (exported, spooled, failed) {
        case (_, 0, 0): return .success
        case (0, _, 0): return .spooled
        case (0, 0, _): return .failure(error ?? ExportError(.transport, "export failed"))
        default: return .partial(self)
        }
    }
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
