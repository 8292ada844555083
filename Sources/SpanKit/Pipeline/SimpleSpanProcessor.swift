/// Exports every span as soon as it ends: the processor for scripts, examples and tests.
///
/// For production use ``BatchSpanProcessor``, which collects spans into batches and exports
/// them on a schedule with a bounded queue; this one makes one export call per span in the
/// common case.
///
/// ```swift
/// let tracer = Tracer(processor: SimpleSpanProcessor(exporter: ConsoleExporter()))
/// ```
///
/// `onEnd` never waits for the export: it appends the span to a queue under a short lock, and a
/// single task drains the queue, so exports run one at a time, in the order spans ended, off the
/// caller's thread. Each export carries the spans that ended while the previous one ran —
/// usually one. ``flush(deadline:)`` returns once every span that ended before the call has been
/// exported (or the deadline passed) and the exporter has flushed. Export failures go to
/// `onError` as ``Diagnostic/Code/exportFailed`` diagnostics; spans are not retried.
public final class SimpleSpanProcessor: SpanProcessor {
    private struct State: Sendable {
        var queue: [SpanRecord] = []
        /// Whether a drain task is running; at most one ever is.
        var isDraining = false
        /// Spans accepted so far, and how many of them have been through an export call.
        var enqueuedCount: UInt64 = 0
        var handledCount: UInt64 = 0
        var statistics = PipelineStatistics()
        /// Flushes waiting for `handledCount` to reach their target.
        var waiters: [UInt64: (target: UInt64, continuation: CheckedContinuation<Void, Never>)] = [:]
        var expiredWaiters: Set<UInt64> = []
        var nextWaiterID: UInt64 = 0
        var isShutDown = false
    }

    private let exporter: any SpanExporter
    private let onError: DiagnosticHandler?
    private let state = Locked<State>.make(State())

    /// Creates a processor that hands each finished span to `exporter`.
    ///
    /// - Parameters:
    ///   - exporter: where spans go.
    ///   - onError: receives failed exports (``Diagnostic/Code/exportFailed``) and spans refused
    ///     after shutdown (``Diagnostic/Code/spansDropped``). Called from the export task.
    public init(exporter: any SpanExporter, onError: DiagnosticHandler? = nil) {
        self.exporter = exporter
        self.onError = onError
    }

    /// Counts of what happened to the spans so far.
    public var statistics: PipelineStatistics {
        state.withLock { state in
            var statistics = state.statistics
            statistics.pending = Int(state.enqueuedCount - state.handledCount)
            return statistics
        }
    }

    /// Queues the span for export and returns at once.
    public func onEnd(_ span: Span) {
        guard let record = span.record else { return }
        let startsDrain: Bool? = state.withLock { state in
            state.statistics.ended += 1
            guard !state.isShutDown else {
                state.statistics.dropped += 1
                return nil
            }
            state.queue.append(record)
            state.enqueuedCount += 1
            guard !state.isDraining else { return false }
            state.isDraining = true
            return true
        }
        switch startsDrain {
        case nil:
            onError?(Diagnostic(.spansDropped, "span '\(record.name)' ended after the processor was shut down; it was not exported"))
        case true?:
            // Detached: the drain must not inherit the ending span's task-local context or the
            // caller's actor, and must outlive the caller's task.
            Task.detached { await self.drain() }
        case false?:
            break
        }
    }

    /// Waits until every span that ended before this call has been exported or `deadline`
    /// passes, then flushes the exporter. Spans ending during the wait do not extend it.
    public func flush(deadline: ContinuousClock.Instant) async -> FlushResult {
        let (target, before) = state.withLock { ($0.enqueuedCount, $0.statistics) }
        let completed = await waitUntilHandled(target, deadline: deadline)
        if completed { await exporter.flush() }
        return state.withLock { state in
            let after = state.statistics
            return FlushResult(
                exported: after.exported - before.exported, failed: after.failed - before.failed,
                pending: target > state.handledCount ? Int(target - state.handledCount) : 0)
        }
    }

    /// Stops accepting spans, exports those already queued (until `deadline`), then shuts the
    /// exporter down. Later calls return an empty result.
    public func shutdown(deadline: ContinuousClock.Instant) async -> FlushResult {
        let isFirst = state.withLock { state in
            defer { state.isShutDown = true }
            return !state.isShutDown
        }
        guard isFirst else { return FlushResult() }
        let result = await flush(deadline: deadline)
        await exporter.shutdown()
        return result
    }

    /// Exports queued spans until the queue is empty. Only one drain runs at a time (guarded by
    /// `isDraining`), which is what keeps exports ordered and never concurrent.
    private func drain() async {
        while true {
            let batch: [SpanRecord] = state.withLock { state in
                let batch = state.queue
                state.queue = []
                if batch.isEmpty { state.isDraining = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            let result = await exporter.export(batch)
            let counts = result.counts(forBatchOf: batch.count)
            if counts.failed > 0 {
                let reason = counts.error.map { "\($0)" } ?? "unknown error"
                onError?(Diagnostic(.exportFailed, "exporting \(counts.failed) span(s) failed: \(reason)"))
            }
            let ready: [CheckedContinuation<Void, Never>] = state.withLock { state in
                state.statistics.exported += counts.exported
                state.statistics.spooled += counts.spooled
                state.statistics.failed += counts.failed
                state.handledCount += UInt64(batch.count)
                let handled = state.handledCount
                let ready = state.waiters.filter { $0.value.target <= handled }
                for id in ready.keys { state.waiters[id] = nil }
                return ready.map(\.value.continuation)
            }
            for continuation in ready { continuation.resume() }
        }
    }

    /// Waits until `target` spans are handled or `deadline` passes; returns whether they were.
    private func waitUntilHandled(_ target: UInt64, deadline: ContinuousClock.Instant) async -> Bool {
        let id: UInt64? = state.withLock { state in
            guard state.handledCount < target else { return nil }
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        guard let id else { return true }
        let timer = Task { [weak self] in
            try? await Task.sleep(until: deadline, clock: .continuous)
            guard !Task.isCancelled, let self else { return }
            let waiter = self.state.withLock { state in
                guard let waiter = state.waiters.removeValue(forKey: id) else {
                    state.expiredWaiters.insert(id)
                    return nil as CheckedContinuation<Void, Never>?
                }
                return waiter.continuation
            }
            waiter?.resume()
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state in
                if state.handledCount >= target || state.expiredWaiters.remove(id) != nil { return true }
                state.waiters[id] = (target, continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
        timer.cancel()
        return state.withLock { state in
            state.expiredWaiters.remove(id)
            return state.handledCount >= target
        }
    }
}
