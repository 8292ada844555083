/// Signals without a span ride the batch processor's worker: each waits until the spans that
/// ended before it were handled (so Phoenix has the trace or session it annotates), then goes
/// out with the export's retries, deadline and spool, and flush and shutdown wait for it as
/// they wait for spans.
extension BatchSpanProcessor: SignalCarrying {
    /// A signal and the number of spans queued before it.
    struct PendingSignal: Sendable {
        let signal: AddressedSignal
        let after: UInt64
    }

    func carry(_ signal: AddressedSignal) -> Bool {
        guard driver.carriesSignalsWithoutSpans else { return false }
        let accepted = state.withLock { state in
            guard !state.isShuttingDown else { return false }
            state.signals.append(PendingSignal(signal: signal, after: state.enqueued))
            state.signalsQueued += 1
            return true
        }
        if !accepted {
            sink.report(.signalTargetMissing, "\(signal.signal.target.rawValue) signal '\(signal.signal.name)' not sent: the pipeline is shut down")
        }
        return true
    }

    /// Sends signals the worker took, by the export deadline, and counts them handled.
    func send(_ signals: [AddressedSignal], deadline: ContinuousClock.Instant, isFinal: Bool) async {
        await driver.sendSignals(signals, deadline: deadline, isFinal: isFinal)
        signalProgress.advance(by: signals.count)
    }

    /// At shutdown, once every span was handled: sends the signals the worker has not taken
    /// (it may have stopped already).
    func sendRemainingSignals(deadline: ContinuousClock.Instant) async {
        let signals = state.withLock { $0.takeDueSignals(handled: .max) }  // all of them
        if !signals.isEmpty { await send(signals, deadline: deadline, isFinal: true) }
    }

    /// At a shutdown deadline: the signals nobody will send are spooled, or dropped and reported.
    func abandonSignals() {
        let signals = state.withLock { $0.takeDueSignals(handled: .max) }  // all of them
        guard !signals.isEmpty else { return }
        if !driver.storeSignals(signals) {
            sink.report(.exportFailed, "\(Wording.count(signals.count, "signal")) without a span dropped at the shutdown deadline: the exporter has no spool")
        }
        signalProgress.advance(by: signals.count)
    }
}

extension BatchSpanProcessor.State {
    /// Takes the signals whose earlier spans were all handled.
    mutating func takeDueSignals(handled: UInt64) -> [AddressedSignal] {
        guard let first = signals.first, first.after <= handled else { return [] }
        let due = signals.prefix { $0.after <= handled }
        signals.removeFirst(due.count)
        return due.map(\.signal)
    }
}
