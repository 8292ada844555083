/// Counts of what happened to the spans a processor received, readable at any time.
///
/// Every span ended while the processor ran is, once the processor has shut down, in exactly
/// one of `exported`, `spooled`, `failed` and `dropped`: `exported + spooled + failed + dropped
/// == ended`.
public struct PipelineStatistics: Sendable, Equatable {
    /// Spans handed to the processor.
    public var ended: Int = 0
    /// Spans the backend accepted.
    public var exported: Int = 0
    /// Spans stored in the spool for delivery by a later attempt or process.
    public var spooled: Int = 0
    /// Spans whose export failed for good (a non-retryable error, or retries exhausted without a spool).
    public var failed: Int = 0
    /// Spans never exported: the queue was full, or they were left over at shutdown without a spool.
    public var dropped: Int = 0
    /// Span deliveries that were retried (a span sent three times counts two).
    public var retried: Int = 0
    /// Spans from earlier spooled batches (of this process or an earlier one) delivered by this
    /// process's exporter (not part of `ended`).
    public var recoveredFromSpool: Int = 0
    /// Spans waiting in the queue or in an export right now.
    public var pending: Int = 0

    /// Creates statistics; every count defaults to zero.
    public init() {}
}
