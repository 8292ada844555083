import Foundation

/// Spilling to the spool: a span that meets a full queue, when the exporter has a spool, joins
/// an overflow buffer (as large as the queue) instead of being dropped. The spill task stores
/// the overflow a batch at a time — encoded once, one spool file per batch — off the caller's
/// thread; the worker moves what is left back into the queue as room appears. Only when the
/// overflow is full too — in count or in bytes (it has a byte budget as large as the queue's)
/// — does the caller store its oldest batch itself, so memory stays bounded and no span is
/// lost, at the cost of one `end()` in a batch's worth paying for the file.
extension BatchSpanProcessor {
    private enum SpillWork {
        case spill([EndedSpan])
        case wait
        case stop
    }

    func runSpiller() async {
        let options = self.options, batch = options.maxExportBatchSize
        while true {
            let work: SpillWork = state.withLock { state in
                if state.isStopped { return .stop }
                if state.overflow.holdsBatch(options) {
                    let spans = state.overflow.removeFirst(upTo: batch).spans
                    state.spilling += spans.count
                    return .spill(spans)
                }
                return state.isShuttingDown ? .stop : .wait
            }
            switch work {
            case .spill(let spans): spill(spans)
            case .wait:
                await sleep(\.spiller) { state in
                    state.isShuttingDown || state.isStopped || state.overflow.holdsBatch(options)
                }
            case .stop: return
            }
        }
    }

    /// Stores spans taken from the overflow (already counted in `spilling`) as one spool file;
    /// a spool that refuses them (full, unwritable) drops them, counted and reported.
    func spill(_ spans: consuming [EndedSpan]) {
        let count = spans.count
        let stored = driver.store(Self.takeRecords(&spans))
        spans = []
        let replay: Sleeper? = state.withLock { state in
            state.spilling -= count
            if stored {
                state.statistics.spooled += count
                // Exports are succeeding: deliver the new file as soon as the worker is free.
                guard state.isDelivering, !state.replayPending else { return nil }
                state.replayPending = true
                return state.worker.wake()
            }
            state.statistics.dropped += count
            return nil
        }
        progress.advance(by: count)
        replay?.resume()
        if !stored {
            sink.report(.spansDropped, "\(Wording.count(count, "span")) dropped at the full queue: the spool did not store them")
        }
    }

    /// Waits up to `limit` for room in the full queue, then enqueues (or spills or drops) the
    /// span. It blocks the calling thread (``SpanProcessor/onEnd(_:)`` is synchronous) on the
    /// real clock.
    func waitForRoom(_ span: Span, bytes: Int, upTo limit: Duration) -> EndAction {
        let deadline = ContinuousClock.now + limit
        while true {
            let generation = room.beginWaiting()
            let action = enqueue(span, bytes: bytes, mayWait: true)
            guard case .full = action else {
                room.endWaiting()
                return action
            }
            let inTime = room.wait(unlessChangedFrom: generation, until: deadline)
            room.endWaiting()
            if !inTime { return enqueue(span, bytes: bytes, mayWait: false) }
        }
    }
}

extension BatchSpanProcessor.State {
    /// Puts a span that met the full queue into the overflow, waking the spill task once a
    /// batch (in count or bytes) is there; when the overflow is full too (in count, or its
    /// byte budget), hands its oldest batch to the caller.
    mutating func spillOver(_ span: Span, bytes: Int, _ options: BatchSpanProcessor.ResolvedOptions) -> BatchSpanProcessor.EndAction {
        enqueued += 1
        if overflow.isFull || overflow.byteCount + bytes > options.maxQueueBytes {
            var spans = overflow.removeFirst(upTo: options.maxExportBatchSize).spans
            if overflow.byteCount + bytes > options.maxQueueBytes {
                // Larger than what the overflow may hold even now: it goes to the spool at once.
                spans.append(EndedSpan(recording: span))
            } else {
                overflow.append(EndedSpan(recording: span), bytes: bytes)
            }
            spilling += spans.count
            return .spill(spans)
        }
        overflow.append(EndedSpan(recording: span), bytes: bytes)
        guard overflow.holdsBatch(options) else { return .none }
        return spiller.wake().map { .resume($0) } ?? .none
    }
}
