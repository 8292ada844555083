extension BatchSpanProcessor {
    /// When the worker, idle, next looks in the spool.
    ///
    /// Spooled batches are replayed after an export succeeds. An app that stops ending spans
    /// once its collector is back (an idle server after a night's outage, a process started
    /// after the one that spooled) has no such export, so its spooled spans would wait for the
    /// next one. At each schedule delay that finds nothing to export, the worker replays a round
    /// itself (one attempt per file, see ``Delivery/replay(deadline:)``). A spool known to be
    /// empty costs nothing; a collector still away is tried again after 15 s, then twice as long
    /// each time, up to 5 minutes.
    struct SpoolProbe: Sendable {
        /// The earliest instant of the next round; nil for the next idle moment.
        var notBefore: ContinuousClock.Instant?
        var backoff: Duration = .zero

        static let firstBackoff: Duration = .seconds(15)
        static let maximumBackoff: Duration = .seconds(300)

        func isDue(at now: ContinuousClock.Instant) -> Bool {
            notBefore.map { now >= $0 } ?? true
        }

        mutating func failed(at now: ContinuousClock.Instant) {
            backoff = min(max(backoff * 2, Self.firstBackoff), Self.maximumBackoff)
            notBefore = now + backoff
        }

        mutating func succeeded() {
            backoff = .zero
            notBefore = nil
        }
    }

    /// Replays a round of the spool while idle (see ``SpoolProbe``); spans delivered mean the
    /// collector is back, and the rest of the spool follows at once.
    func probeSpool(deadline: ContinuousClock.Instant) async {
        let replay = await driver.replaySpool(deadline: deadline)
        let now = clock.now
        state.withLock { state in
            state.statistics.recoveredFromSpool += replay.recovered
            if replay.stoppedEarly, replay.recovered == 0 {
                state.spoolProbe.failed(at: now)
                return
            }
            state.spoolProbe.succeeded()
            if replay.recovered > 0 {
                state.isDelivering = true
                state.replayPending = replay.mayHoldMore
            }
        }
    }
}
