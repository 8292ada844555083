/// Counts of what happened to the spans a pipeline received: running totals from
/// ``Tracer/statistics``, or what happened during one `flush` or `shutdown` call.
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
    /// Spans waiting in the queue or in an export right now (for a call's result: spans that
    /// ended before the call and were still undecided when it returned).
    public var pending: Int = 0

    /// Statistics with every count zero: what a ``SpanProcessor`` of your own that delivers
    /// nothing itself returns from `flush` and `shutdown`.
    public init() {}

    /// Statistics with the given counts, for tests and sums.
    init(
        ended: Int = 0, exported: Int = 0, spooled: Int = 0, failed: Int = 0, dropped: Int = 0, retried: Int = 0,
        recoveredFromSpool: Int = 0, pending: Int = 0
    ) {
        self.ended = ended
        self.exported = exported
        self.spooled = spooled
        self.failed = failed
        self.dropped = dropped
        self.retried = retried
        self.recoveredFromSpool = recoveredFromSpool
        self.pending = pending
    }

    /// Adds a batch's outcome.
    mutating func record(_ outcome: DeliveryOutcome) {
        exported += outcome.exported
        spooled += outcome.spooled
        failed += outcome.failed
        dropped += outcome.dropped
        retried += outcome.retried
        recoveredFromSpool += outcome.recovered
    }

    /// What changed since `earlier` (the counts; `pending` is left as it is).
    func subtracting(_ earlier: PipelineStatistics) -> PipelineStatistics {
        var difference = PipelineStatistics()
        difference.ended = ended - earlier.ended
        difference.exported = exported - earlier.exported
        difference.spooled = spooled - earlier.spooled
        difference.failed = failed - earlier.failed
        difference.dropped = dropped - earlier.dropped
        difference.retried = retried - earlier.retried
        difference.recoveredFromSpool = recoveredFromSpool - earlier.recoveredFromSpool
        difference.pending = pending
        return difference
    }

    /// Both added, for processors that fan out.
    static func + (lhs: PipelineStatistics, rhs: PipelineStatistics) -> PipelineStatistics {
        var sum = lhs
        sum.ended += rhs.ended
        sum.exported += rhs.exported
        sum.spooled += rhs.spooled
        sum.failed += rhs.failed
        sum.dropped += rhs.dropped
        sum.retried += rhs.retried
        sum.recoveredFromSpool += rhs.recoveredFromSpool
        sum.pending += rhs.pending
        return sum
    }
}
