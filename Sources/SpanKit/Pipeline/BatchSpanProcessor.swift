import Foundation

/// The production processor: queues ended spans and exports them in batches from one
/// background worker.
///
/// - `onEnd` appends to a bounded queue under a short lock. It resumes the worker only when the
///   queue reaches a full batch, never once per span, and never blocks on I/O.
/// - The worker exports when a batch is full, when the schedule delay passes, or on ``flush(deadline:)``.
///   Exports never overlap; the next batch is taken and encoded while the previous one is on
///   the wire, and compressed on a second thread (see ``ExportThread``). Each export has one deadline — the export timeout, or an earlier
///   `flush`/`shutdown` deadline — that bounds its retries and waits; what is still undelivered
///   there goes to the exporter's spool once (see <doc:ExportingToPhoenixAndOTLPCollectors>).
/// - The queue is bounded in spans and in bytes (``Options/maxQueueBytes``: the approximate size
///   of the spans it and the worker hold). A full queue drops the newest span and counts it; a
///   diagnostic reports when dropping starts, saying which bound was reached.
///   When the exporter has a spool, the span goes to an overflow buffer instead, which a spill
///   task stores in the spool a batch at a time off the caller's thread (the worker moves what
///   is left back into the queue as room appears); spooled spans are replayed as soon as an
///   export succeeds, or by the idle worker at its schedule delay (backing off while the
///   collector is away). ``Options/fullQueueWait`` makes `end()` wait for room first, for a
///   bounded time.
/// - ``statistics`` counts every span: after shutdown, exported + spooled + failed + dropped ==
///   ended.
///
/// Call ``shutdown(deadline:)`` before the process exits: the worker holds the processor alive
/// until then. A processor that was shut down drops every span that ends afterwards, so an app
/// that moves to the background and may come back should call ``flush(deadline:)`` at that point
/// instead (see <doc:ExportingToPhoenixAndOTLPCollectors>).
final class BatchSpanProcessor: SpanProcessor {
    let driver: ExportDriver
    let options: ResolvedOptions
    let sink: DiagnosticSink
    let clock: any PipelineClock
    /// Guarded by the span lock (``SpanLock``: on Linux an atomic word that spins briefly and
    /// yields; `os_unfair_lock` on Apple platforms, as before) rather than a `pthread` mutex:
    /// every `onEnd` takes it for a few dozen instructions, and the worker for a move of at most
    /// one batch. With the mutex, a producer that met the worker (or another producer) inside
    /// slept in the kernel and its holder paid a system call to wake it, span after span under
    /// load. Measured end to end from one task on Linux: the caller's cost per span fell by
    /// about a third.
    let state: LockedWith<State, SpanLock>
    let progress = ProgressTracker()
    /// Signals without a span handled (sent, spooled or dropped); flushes wait for it too.
    let signalProgress = ProgressTracker()
    private let worker: Locked<Task<Void, Never>?>
    /// The task that stores overflowing spans in the spool; nil without a spool.
    private let spiller: Locked<Task<Void, Never>?>
    /// Whether a span that meets a full queue is spilled to the exporter's spool.
    let spills: Bool
    /// Wakes producers waiting for room (``Options/fullQueueWait``).
    let room = RoomSignal()

    struct State: Sendable {
        var ring: SpanRing
        /// Spans that met a full queue, waiting to be spilled or moved into the queue.
        var overflow: SpanRing
        /// Spans taken by a spill and not yet stored.
        var spilling = 0
        /// The approximate bytes of the spans the worker took and has not settled; they count
        /// against ``ResolvedOptions/maxQueueBytes`` with the queue's.
        var inFlightBytes = 0
        var spiller = Wakeup()
        /// The last export succeeded and left spool files to replay; the worker replays
        /// them while it has no batch to export.
        var replayPending = false
        /// The last export delivered everything: spool files written now can be replayed.
        var isDelivering = false
        /// When the idle worker next replays the spool on its own.
        var spoolProbe = SpoolProbe()
        /// The schedule delay passed since the worker last found nothing to do.
        var scheduleDelayPassed = false
        /// The round of spool replay in flight (see `BatchSpanProcessor+SpoolProbe.swift`).
        var spoolRound: Task<Delivery.SpoolReplay, Never>?
        var statistics = PipelineStatistics()
        /// Spans accepted into the queue, ever; flushes wait until ``progress`` reaches it.
        var enqueued: UInt64 = 0
        var inFlight = 0
        var isShuttingDown = false
        /// Set at a shutdown deadline: the worker takes nothing more.
        var isStopped = false
        var worker = Wakeup()
        /// Export partial batches too (timer, flush, shutdown).
        var drainAll = false
        var batchSignalled = false
        var isReportingDrops = false
        /// The exports started and not finished, oldest first (cancelled at a shutdown deadline).
        var exports: [Task<DeliveryOutcome, Never>] = []
        /// Exports whose delivery ended and that the worker has not settled yet; they end in
        /// order, so the oldest is among them.
        var deliveredExports = 0
        /// Deadlines of the flushes and the shutdown waiting now; an export ends by the earliest.
        var callerDeadlines: [UInt64: ContinuousClock.Instant] = [:]
        var nextCallerID: UInt64 = 0
        /// Signals without a span, in the order they were sent (see `BatchSpanProcessor+Signals`).
        var signals: [PendingSignal] = []
        var signalsQueued: UInt64 = 0
        /// Storages of exported spans, emptied, for producers to reuse (see
        /// `BatchSpanProcessor+Reuse.swift`).
        var spares: [SpanStorage] = []
    }

    /// Creates a batch processor exporting to `exporter` and starts its worker.
    ///
    /// - Parameters:
    ///   - exporter: where batches go.
    ///   - options: queue and batch settings; nil values take the defaults.
    ///   - onDiagnostic: receives queue overflows, export failures and invalid settings.
    public convenience init(
        exporter: any SpanExporter, options: Options = Options(), onDiagnostic: DiagnosticHandler? = nil
    ) {
        // Built by hand: no configuration names a level, so without a handler the default
        // standard-error output reports.
        let sink = onDiagnostic.map { DiagnosticSink(handler: $0) } ?? .standardErrorDefault
        self.init(exporter: exporter, options: options.resolve { sink.report($0) }, clock: SystemPipelineClock(), sink: sink)
    }

    /// Creates a processor with resolved options, a clock and the pipeline's diagnostic sink.
    init(exporter: any SpanExporter, options: ResolvedOptions, clock: any PipelineClock, sink: DiagnosticSink) {
        self.driver = ExportDriver(exporter: exporter, clock: clock, sink: sink)
        self.sink = sink
        self.clock = clock
        self.options = options
        self.spills = driver.canSpool
        let overflowCapacity = spills ? options.maxQueueSize : 0
        self.state = .make(State(ring: SpanRing(capacity: options.maxQueueSize), overflow: SpanRing(capacity: overflowCapacity)))
        self.worker = .make(nil)
        self.spiller = .make(nil)
        let task = ExportTask.start { [self] in await runWorker() }
        worker.withLock { $0 = task }
        if spills {
            let spillTask = ExportTask.start { [self] in await runSpiller() }
            spiller.withLock { $0 = spillTask }
        }
    }

    /// Counts of what happened to the spans so far.
    public var statistics: PipelineStatistics {
        state.withLock { state in
            var statistics = state.statistics
            statistics.pending = state.ring.count + state.overflow.count + state.spilling + state.inFlight
            return statistics
        }
    }

    /// Queues the span for export; when the queue is full, spills it to the exporter's spool
    /// (when there is one) or drops and counts it, after waiting up to
    /// ``Options/fullQueueWait`` for room. A processor that was shut down drops it.
    public func onEnd(_ span: Span) {
        // A non-recording span has nothing to export (and no size).
        guard let bytes = span.read({ $0.endedByteCount }) else { return }
        enqueueEnded(span, bytes: bytes)
    }

    /// ``onEnd(_:)`` for a recording span whose size `end()` measured (the tracer calls this
    /// directly, with the size it took from under the span's lock).
    func enqueueEnded(_ span: Span, bytes: Int) {
        let local = ThreadLocalState.current()
        // `case .none` tests the slot in place; `== nil` copied the reference out first.
        var wantsSpare = false
        if case .none = local.pointee.spareStorage { wantsSpare = true }
        var action = enqueue(span, bytes: bytes, mayWait: options.fullQueueWait != nil, handingSpareTo: wantsSpare ? local : nil)
        if case .none = action { return }  // Nearly every span: no call, nothing to destroy.
        if case .full = action, let wait = options.fullQueueWait {
            action = waitForRoom(span, bytes: bytes, upTo: wait)
        }
        perform(action)
    }

    enum EndAction {
        case none
        case resume(Sleeper)
        case reportDrop(DropReason)
        /// The queue is full and the caller may wait for room; nothing was counted yet.
        case full
        /// The overflow is full too: the caller stores its oldest batch (amortised back-pressure).
        case spill([EndedSpan])
    }

    /// Counts the span, which holds about `bytes`, and puts it in the queue or the overflow;
    /// with `mayWait`, a full queue returns `.full` without counting, so the caller can wait
    /// and try again. A queued span hands a spare storage, if there is one, to `local`: the
    /// calling thread's state, when it has no spare (see `BatchSpanProcessor+Reuse.swift`).
    func enqueue(_ span: Span, bytes: Int, mayWait: Bool, handingSpareTo local: UnsafeMutablePointer<ThreadLocalState>? = nil) -> EndAction {
        state.withLock { state in
            guard !state.isShuttingDown else {
                state.statistics.ended += 1
                state.statistics.dropped += 1
                return state.startReportingDrops() ? .reportDrop(.shutDown) : .none
            }
            if let reason = state.queueRefuses(bytes, options) {
                if mayWait { return .full }
                state.statistics.ended += 1
                guard spills else {
                    state.statistics.dropped += 1
                    return state.startReportingDrops() ? .reportDrop(reason) : .none
                }
                return state.spillOver(span, bytes: bytes, options)
            }
            state.statistics.ended += 1
            // Made here, where it is stored: one retain of the storage per queued span.
            state.ring.append(EndedSpan(recording: span), bytes: bytes)
            state.enqueued += 1
            // The thread's own memory, written under this lock so the spare's last writes, made
            // by the export worker before it released the lock, are visible here.
            if let local, let spare = state.spares.popLast() { local.pointee.spareStorage = spare }
            guard state.ring.holdsBatch(options), !state.batchSignalled else { return .none }
            state.batchSignalled = true
            return state.worker.wake().map { .resume($0) } ?? .none
        }
    }

    func perform(_ action: EndAction) {
        switch action {
        case .none, .full: break
        case .resume(let worker): worker.resume()
        case .spill(let spans): spill(spans)
        case .reportDrop(let reason):
            sink.report(.spansDropped, "dropping ended spans: \(reason.describe(options)); see statistics.dropped for the count")
        }
    }

    /// Exports every span ended before the call, waiting at most until `deadline` (an export
    /// running then ends by it too), then lets the exporter deliver what it buffers. Returns
    /// what happened to spans during the call.
    public func flush(deadline: ContinuousClock.Instant) async -> PipelineStatistics {
        let (target, signalTarget, before, id) = state.withLock { state in
            (state.enqueued, state.signalsQueued, state.statistics, state.addCallerDeadline(deadline))
        }
        wake(drainAll: true)
        var completed = await progress.wait(until: target, deadline: deadline, clock: clock)
        if completed { completed = await signalProgress.wait(until: signalTarget, deadline: deadline, clock: clock) }
        state.withLock { _ = $0.callerDeadlines.removeValue(forKey: id) }
        if completed { await driver.flush() }
        return result(since: before, target: target)
    }

    /// Stops accepting spans, exports what is queued until `deadline`, then cancels the export
    /// in flight and hands what is left to the exporter's spool (or drops it, counted), and
    /// shuts the exporter down. Calling it again returns an empty result.
    public func shutdown(deadline: ContinuousClock.Instant) async -> PipelineStatistics {
        let (alreadyShutDown, target, signalTarget, before) = state.withLock { state in
            defer { state.isShuttingDown = true }
            if !state.isShuttingDown { _ = state.addCallerDeadline(deadline) }
            return (state.isShuttingDown, state.enqueued, state.signalsQueued, state.statistics)
        }
        guard !alreadyShutDown else { return PipelineStatistics() }
        room.signal()
        wake(drainAll: true)
        wake(\.spiller)
        var completed = await progress.wait(until: target, deadline: deadline, clock: clock)
        if completed {
            await sendRemainingSignals(deadline: deadline)
            completed = await signalProgress.wait(until: signalTarget, deadline: deadline, clock: clock)
        }
        if completed {
            await driver.flush()
        } else {
            abandon()
        }
        wake(drainAll: true)
        // A round of spool replay still running stops before its next file; one that waits on
        // a collector that never answers is cancelled at the deadline.
        let roundTimer: Task<Void, Never>? = state.withLock { $0.spoolRound == nil } ? nil : Task { [clock] in
            guard (try? await clock.sleep(until: deadline)) != nil else { return }
            self.cancelSpoolRound()
        }
        await worker.withLock { $0 }?.value
        roundTimer?.cancel()
        await spiller.withLock { $0 }?.value
        await driver.shutDownExporter()
        return result(since: before, target: target)
    }

    /// At a shutdown deadline: cancel the export in flight and spool or drop the queue.
    /// The export in flight ends by the same deadline on its own (its delivery spools what it
    /// holds); the queue is encoded once and spooled, or dropped and reported.
    private func abandon() {
        let (current, taken) = state.withLock { state in
            state.isStopped = true
            return (state.exports, state.ring.removeFirst(upTo: .max).spans + state.overflow.removeFirst(upTo: .max).spans)
        }
        for export in current { export.cancel() }
        cancelSpoolRound()
        abandonSignals()
        guard !taken.isEmpty else { return }
        // Consumed, so the batch is this array's alone and the records are moved out of it.
        var remaining = consume taken
        let count = remaining.count
        let outcome = settledAtDeadline(driver.prepare(Self.takeRecords(&remaining)), count: count)
        state.withLock { $0.statistics.record(outcome) }
        progress.advance(by: count)
    }

    /// Spools a batch that will not be sent after a shutdown deadline (encoded once), or
    /// drops it, reported, without a spool.
    private func settledAtDeadline(_ prepared: PreparedExport, count: Int) -> DeliveryOutcome {
        guard driver.store(prepared) else {
            sink.report(.spansDropped, "\(Wording.count(count, "queued span")) dropped at the shutdown deadline: the exporter has no spool")
            return DeliveryOutcome(dropped: count)
        }
        return DeliveryOutcome(spooled: count)
    }

    private func result(since before: PipelineStatistics, target: UInt64) -> PipelineStatistics {
        let handled = progress.handled
        var result = state.withLock { $0.statistics }.subtracting(before)
        result.pending = target > handled ? Int(target - handled) : 0
        return result
    }

    // MARK: - Worker

    private enum Work {
        case export([EndedSpan], bytes: Int)
        /// The oldest export ended: settle it.
        case finish
        /// No full batch and an export still on its way: wait for either.
        case waitForExport
        /// Signals without a span whose earlier spans were handled.
        case signals([AddressedSignal])
        case replay
        /// Nothing to export at a schedule delay: look in the spool when the backoff allows (see
        /// ``SpoolProbe``).
        case probeSpool
        case wait
        case stop
    }

    /// A batch on its way out (compressing, waiting for the one before it, or on the wire), its
    /// span count and their approximate bytes.
    private struct Sending {
        let task: Task<DeliveryOutcome, Never>
        let count: Int
        /// The bytes charged to the byte budget once the batch was encoded.
        let charge: Int
    }

    /// How many batches may be on their way out at once: one on the wire and the next one
    /// encoded and compressing. More did not raise the delivered rate measurably (the request
    /// on the wire is the slowest stage) and would hold more taken spans beyond the queue.
    static let batchesAhead = 2

    /// Exports batches in order, one on the wire at a time. A batch is encoded on this worker,
    /// compressed on the compression thread, and sent after the batch before it finished, so
    /// encoding, compression and the request on the wire overlap.
    private func runWorker() async {
        var sending: [Sending] = []
        while true {
            let isSending = !sending.isEmpty, handled = progress.handled
            // Freed after the lock is released: spares the worker lets go of.
            var unusedSpares: [SpanStorage] = []
            let work: Work = state.withLock { state in
                if state.isStopped {
                    swap(&unusedSpares, &state.spares)
                    return .stop
                }
                let drainAll = state.drainAll || state.isShuttingDown
                if state.ring.holdsBatch(options) || (drainAll && !state.ring.isEmpty) {
                    // At most a thirty-second of the byte budget per batch: its records and their
                    // encoding coexist while it is encoded, and a shutdown drains the queue
                    // batch by batch rather than encoding all of it at once.
                    let (spans, bytes) = state.ring.removeFirst(upTo: options.maxExportBatchSize, bytes: options.exportBatchBytes)
                    state.inFlight += spans.count
                    // Four times while the batch is encoded: its records, the derived input and
                    // output JSON (as large as the messages) and frames up to twice the records.
                    state.inFlightBytes += Self.encodingCharge * bytes
                    state.refillFromOverflow(options)
                    // Drained: what the timer or flush asked for is taken, so a loop that then
                    // finds nothing has not seen the spans stop (see the spares below).
                    if state.ring.isEmpty { state.drainAll = false }
                    // The tick found spans: not an idle one (see the spool probe below).
                    state.scheduleDelayPassed = false
                    state.batchSignalled = state.ring.holdsBatch(options)
                    state.isReportingDrops = state.isShuttingDown
                    return .export(spans, bytes: bytes)
                }
                if isSending { return state.deliveredExports > 0 ? .finish : .waitForExport }
                let signals = state.takeDueSignals(handled: handled)
                if !signals.isEmpty { return .signals(signals) }
                if state.replayPending && !state.isShuttingDown {
                    // Set again by the round, or by a spill meanwhile.
                    state.replayPending = false
                    return .replay
                }
                // A timer, flush or shutdown that finds nothing to export: no span ended for a
                // whole schedule delay (or the caller wants everything out), so the spares go
                // rather than wait for the next burst.
                if drainAll { swap(&unusedSpares, &state.spares) }
                state.drainAll = false
                if state.isShuttingDown { return .stop }
                let ticked = state.scheduleDelayPassed
                state.scheduleDelayPassed = false
                return ticked && spills ? .probeSpool : .wait
            }
            switch consume work {
            case .export(var spans, let bytes):
                room.signal()
                let count = spans.count
                // A built-in exporter's records are gone once encoded, so their attribute arrays
                // can stay with the storages for reuse; another exporter keeps its records.
                let encoded = driver.prepare(Self.takeRecords(&spans, sharingAttributes: driver.encodesBatches))
                // From now on the batch holds its encoding, whatever the spans' estimate said
                // (OpenInference's derived input and output can double an LLM span): its frames
                // and the request framed from them (no larger, give or take gzip's few bytes).
                let charge = driver.encodedBytes(encoded).map { 2 * $0 } ?? bytes
                state.withLock { $0.inFlightBytes += charge - Self.encodingCharge * bytes }
                let driver = self.driver
                let framed = ExportTask.start(on: .compressor) { driver.framingFirstRequest(encoded) }
                sending.append(send(framed, after: sending.last?.task, count: count, charge: charge))
                // While the batch is compressed on the other thread.
                recycle(&spans)
                while sending.count >= Self.batchesAhead { await finish(sending.removeFirst()) }
            case .finish:
                await finish(sending.removeFirst())
            case .waitForExport:
                // Not on the export itself: a batch that fills meanwhile is taken at once.
                let options = self.options
                await sleep(\.worker) { state in
                    state.deliveredExports > 0 || state.isStopped || state.ring.holdsBatch(options)
                        || ((state.drainAll || state.isShuttingDown) && !state.ring.isEmpty)
                }
            case .signals(let signals):
                let isFinal = state.withLock { $0.isShuttingDown }
                await send(signals, deadline: exportDeadline(), isFinal: isFinal)
            case .replay: await replaySpool()
            case .probeSpool: await probeSpool()
            case .wait: await waitForWork()
            case .stop:
                for batch in sending { await finish(batch) }
                return
            }
        }
    }

    /// Puts a batch on the wire once it is framed and the export before it ended, by the export
    /// deadline; after a shutdown deadline it is settled instead (spooled or dropped), never sent.
    private func send(_ framed: Task<PreparedExport, Never>, after previous: Task<DeliveryOutcome, Never>?, count: Int, charge: Int) -> Sending {
        let driver = self.driver, clock = self.clock, timeout = options.exportTimeout
        let task = ExportTask.start { [self] in
            _ = await previous?.value
            let prepared = await framed.value
            // The export's deadline starts now, not while it waited for the one before.
            let now = clock.now
            let (deadline, isFinal, isStopped) = state.withLock { ($0.exportDeadline(now: now, timeout: timeout), $0.isShuttingDown, $0.isStopped) }
            let outcome = isStopped ? settledAtDeadline(prepared, count: count) : await driver.export(prepared, deadline: deadline, isFinal: isFinal)
            state.withLock { state in
                state.deliveredExports += 1
                return state.worker.wake()
            }?.resume()
            return outcome
        }
        // Cancelled at a shutdown deadline with the others; one started after it settles itself.
        state.withLock { $0.exports.append(task) }
        return Sending(task: task, count: count, charge: charge)
    }

    /// Settles the oldest batch on its way out; its encoding is freed when this returns.
    private func finish(_ sending: consuming Sending) async {
        let outcome = await sending.task.value
        let charged = sending.charge
        let count = sending.count
        _ = consume sending
        // A large batch's encoding is freed now; make sure the memory leaves the process too.
        if charged >= Self.releasedBatchBytes { FreedMemory.release() }
        state.withLock { state in
            state.statistics.record(outcome)
            state.inFlight -= count
            state.inFlightBytes -= charged
            // The bytes are free: spans waiting in the overflow may fit the queue now.
            state.refillFromOverflow(options)
            state.exports.removeFirst()
            state.deliveredExports -= 1
            state.isDelivering = outcome.exported > 0 && outcome.spooled + outcome.failed == 0
            // A spill meanwhile may have asked for a replay too; a failing export cancels both.
            state.replayPending = state.isDelivering && (state.replayPending || outcome.spoolMayHoldMore)
        }
        progress.advance(by: count)
        room.signal()
    }

    /// The size from which a batch's encoding is handed back to the system once freed (see
    /// ``FreedMemory``): small batches are reused by the allocator at once, and trimming costs
    /// a walk over its free lists.
    static let releasedBatchBytes = 1 << 20

    /// How many times its spans' estimate a batch is charged while it is encoded.
    static let encodingCharge = 4

    /// The end of an export or replay starting now: the export timeout, or an earlier caller's deadline.
    func exportDeadline() -> ContinuousClock.Instant {
        let now = clock.now, timeout = options.exportTimeout
        return state.withLock { $0.exportDeadline(now: now, timeout: timeout) }
    }

    /// The records of a batch taken from the queue. The batch is this function's own array,
    /// so a span whose caller let go of it is referenced only here and its record is moved out
    /// rather than copied (``EndedSpan/takeRecord(sharingAttributes:)``).
    static func takeRecords(_ spans: inout [EndedSpan], sharingAttributes: Bool = false) -> [SpanRecord] {
        var records: [SpanRecord] = []
        records.reserveCapacity(spans.count)
        spans.withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices {
                records.append(buffer[index].takeRecord(sharingAttributes: sharingAttributes))
            }
        }
        return records
    }

    /// Sleeps until a batch fills, a flush or shutdown asks, or the schedule delay passes.
    private func waitForWork() async {
        let delay = options.scheduleDelay, clock = self.clock
        let timer = Task { [weak self] in
            guard (try? await clock.sleep(for: delay)) != nil else { return }
            self?.wake(drainAll: true, scheduleDelayPassed: true)
        }
        let options = self.options
        await sleep(\.worker) { state in
            state.drainAll || state.isShuttingDown || state.isStopped || state.replayPending || state.ring.holdsBatch(options)
        }
        timer.cancel()
    }

    func wake(drainAll: Bool, scheduleDelayPassed: Bool = false) {
        state.withLock { state in
            if drainAll { state.drainAll = true }
            if scheduleDelayPassed { state.scheduleDelayPassed = true }
            return state.worker.wake()
        }?.resume()
    }
}

extension BatchSpanProcessor.State {
    /// Registers a flush or shutdown deadline that the exports started meanwhile end by.
    mutating func addCallerDeadline(_ deadline: ContinuousClock.Instant) -> UInt64 {
        nextCallerID += 1
        callerDeadlines[nextCallerID] = deadline
        return nextCallerID
    }

    /// The end of an export starting `now`: `timeout` later, or an earlier caller's deadline.
    func exportDeadline(now: ContinuousClock.Instant, timeout: Duration) -> ContinuousClock.Instant {
        callerDeadlines.values.reduce(now + timeout) { min($0, $1) }
    }

    /// Whether the drop diagnostic should be sent now (once per episode of dropping).
    mutating func startReportingDrops() -> Bool {
        guard !isReportingDrops else { return false }
        isReportingDrops = true
        return true
    }
}
