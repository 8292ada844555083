/// The byte budget beside the count: the spans the processor holds — queued, and taken by the
/// worker until their export ends — may occupy about ``ResolvedOptions/maxQueueBytes``
/// (``Span/queuedByteCount`` each, computed once when the span ends). A span that would pass
/// it meets a full queue: spilled with a spool, dropped and counted without. The overflow that
/// waits for the spool has a budget of its own of the same size, so it never becomes an
/// unbounded second queue.
extension BatchSpanProcessor {
    /// Why an ended span did not join the queue, for the drop diagnostic.
    enum DropReason {
        case shutDown
        /// The queue holds ``ResolvedOptions/maxQueueSize`` spans.
        case count
        /// The span would pass ``ResolvedOptions/maxQueueBytes``.
        case bytes

        func describe(_ options: ResolvedOptions) -> String {
            switch self {
            case .shutDown: "the processor is shut down"
            case .count: "the queue of \(options.maxQueueSize) spans is full"
            case .bytes: "the queue's \(Wording.bytes(options.maxQueueBytes)) budget is full"
            }
        }
    }
}

extension BatchSpanProcessor.ResolvedOptions {
    /// Queued bytes worth an export without waiting for the schedule: a sixteenth of the budget,
    /// so a queue of large spans is exported while new ones still fit, as a full batch of small
    /// ones is. Small, because a batch's records and its encoding coexist while it is encoded
    /// (charged twice), an encoding can be twice the spans' estimate (OpenInference's derived
    /// input and output), and two batches are out at once: all of it within the budget.
    var exportBatchBytes: Int { max(1, maxQueueBytes / 32) }
}

extension SpanRing {
    /// Whether the ring holds a batch's worth of spans, counted or in bytes.
    @inline(__always)
    func holdsBatch(_ options: BatchSpanProcessor.ResolvedOptions) -> Bool {
        count >= options.maxExportBatchSize || byteCount >= options.exportBatchBytes
    }
}

extension BatchSpanProcessor.State {
    /// Why the queue cannot take a span of `bytes` now; nil when it can.
    @inline(__always)
    func queueRefuses(_ bytes: Int, _ options: BatchSpanProcessor.ResolvedOptions) -> BatchSpanProcessor.DropReason? {
        if ring.isFull { return .count }
        return ring.byteCount + inFlightBytes + bytes > options.maxQueueBytes ? .bytes : nil
    }

    /// Moves spans waiting in the overflow into the queue, oldest first, as far as its count
    /// and its byte budget allow.
    mutating func refillFromOverflow(_ options: BatchSpanProcessor.ResolvedOptions) {
        guard !overflow.isEmpty else { return }
        overflow.transfer(upTo: .max, into: &ring, byteLimit: options.maxQueueBytes - inFlightBytes)
    }
}
