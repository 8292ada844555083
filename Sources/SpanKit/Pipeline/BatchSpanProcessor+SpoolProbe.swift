extension BatchSpanProcessor {
    /// When the worker, idle, next looks in the spool.
    ///
    /// Spooled batches are replayed after an export succeeds. An app that stops ending spans
    /// once its collector is back (an idle server after a night's outage, a process started
    /// after the one that spooled) has no such export, so its spooled spans would wait for the
    /// next one. So when a schedule delay passes with nothing to export, the worker replays a
    /// round itself (one attempt per file, see ``Delivery/replay(deadline:shouldContinue:)``). A
    /// spool known to be empty costs a `stat` of its directory; a collector still away is tried
    /// again after 15 s, then twice as long each time, up to 5 minutes.
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

    /// Replays a round of the spool while idle, unless a collector found away is still in its
    /// backoff (see ``SpoolProbe``); spans delivered mean the collector is back, and the rest of
    /// the spool follows at once.
    func probeSpool() async {
        // Read here, at an idle tick, rather than on every pass of the worker's loop.
        guard state.withLock({ [now = clock.now] in $0.spoolProbe.isDue(at: now) }) else { return }
        let replay = await spoolRound()
        let now = clock.now
        state.withLock { state in
            state.statistics.recoveredFromSpool += replay.recovered
            if replay.collectorAway, replay.recovered == 0 {
                state.spoolProbe.failed(at: now)
                // Not now, even if a spill asked meanwhile: the collector just failed a request.
                state.isDelivering = false
                state.replayPending = false
                return
            }
            state.spoolProbe.succeeded()
            if replay.recovered > 0 { state.isDelivering = true }
            // Or'ed: a spill during the round may have asked for one too.
            state.replayPending = state.replayPending || (state.isDelivering && replay.mayHoldMore)
        }
    }

    /// Replays more spool files while no batch waits: a burst that spilled is delivered as
    /// soon as the exporter caught up, not a few files per later export.
    func replaySpool() async {
        let replay = await spoolRound()
        state.withLock { state in
            state.statistics.recoveredFromSpool += replay.recovered
            // A spill during the round may have asked for another; a collector gone again
            // cancels both.
            state.replayPending = !replay.collectorAway && (state.replayPending || replay.mayHoldMore)
            if !replay.mayHoldMore, replay.recovered == 0 { state.isDelivering = false }
        }
    }

    /// One round of replay, by the export deadline. It stops before the next file once a batch
    /// waits, a flush wants spans out or a shutdown began, and it is cancelled at a shutdown's
    /// deadline (see ``cancelSpoolRound()``), so a collector that never answers cannot hold the
    /// worker past it.
    private func spoolRound() async -> Delivery.SpoolReplay {
        let driver = self.driver, options = self.options, deadline = exportDeadline()
        let round = ExportTask.start { [state] in
            await driver.replaySpool(deadline: deadline) {
                state.withLock { state in
                    !(state.ring.holdsBatch(options) || (state.drainAll && !state.ring.isEmpty) || state.isShuttingDown || state.isStopped)
                }
            }
        }
        let cancelled = state.withLock { state -> Bool in
            guard !state.isShuttingDown else { return true }
            state.spoolRound = round
            return false
        }
        if cancelled { round.cancel() }
        let replay = await round.value
        state.withLock { $0.spoolRound = nil }
        return replay
    }

    /// Cancels the round of replay in flight, if any: what it had not sent goes back to the
    /// spool for the next process.
    func cancelSpoolRound() {
        state.withLock { $0.spoolRound }?.cancel()
    }
}
