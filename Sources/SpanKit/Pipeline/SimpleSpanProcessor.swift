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
final class SimpleSpanProcessor: SpanProcessor {
    private struct State: Sendable {
        var queue: [SpanRecord] = []
        /// Whether a drain task is running; at most one ever is.
        var isDraining = false
        /// Spans accepted so far; flushes wait until ``progress`` reaches it.
        var enqueuedCount: UInt64 = 0
        var statistics = PipelineStatistics()
        var isShutDown = false
    }

    private let driver: ExportDriver
    private let sink: DiagnosticSink
    private let state = Locked<State>.make(State())
    private let progress = ProgressTracker()

    /// Creates a processor that hands each finished span to `exporter`.
    ///
    /// - Parameters:
    ///   - exporter: where spans go.
    ///   - onError: receives failed exports (``Diagnostic/Code/exportFailed``) and spans refused
    ///     after shutdown (``Diagnostic/Code/spansDropped``). Called from the export task.
    convenience init(exporter: any SpanExporter, onError: DiagnosticHandler? = nil) {
        self.init(exporter: exporter, clock: SystemPipelineClock(), sink: DiagnosticSink(handler: onError))
    }

    /// Creates a processor with a clock and the pipeline's diagnostic sink.
    init(exporter: any SpanExporter, clock: any PipelineClock, sink: DiagnosticSink) {
        self.driver = ExportDriver(exporter: exporter, clock: clock, sink: sink)
        self.sink = sink
    }

    /// The longest one export may take.
    static let exportTimeout: Duration = .seconds(30)

    /// Counts of what happened to the spans so far.
    var statistics: PipelineStatistics {
        let handled = progress.handled
        return state.withLock { state in
            var statistics = state.statistics
            statistics.pending = Int(state.enqueuedCount - min(handled, state.enqueuedCount))
            return statistics
        }
    }

    /// Queues the span for export and returns at once.
    func onEnd(_ span: Span) {
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
            sink.report(.spansDropped, "span '\(record.name)' ended after the processor was shut down; it was not exported")
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
    func flush(deadline: ContinuousClock.Instant) async -> PipelineStatistics {
        let (target, before) = state.withLock { ($0.enqueuedCount, $0.statistics) }
        let completed = await progress.wait(until: target, deadline: deadline, clock: driver.clock)
        if completed { await driver.flush() }
        let handled = progress.handled
        var result = state.withLock { $0.statistics }.subtracting(before)
        result.pending = target > handled ? Int(target - handled) : 0
        return result
    }

    /// Stops accepting spans, exports those already queued (until `deadline`), then shuts the
    /// exporter down. Later calls return an empty result.
    func shutdown(deadline: ContinuousClock.Instant) async -> PipelineStatistics {
        let isFirst = state.withLock { state in
            defer { state.isShutDown = true }
            return !state.isShutDown
        }
        guard isFirst else { return PipelineStatistics() }
        let result = await flush(deadline: deadline)
        await driver.shutDownExporter()
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
            let outcome = await driver.export(batch, deadline: driver.clock.now + Self.exportTimeout)
            state.withLock { $0.statistics.record(outcome) }
            progress.advance(by: batch.count)
        }
    }
}
