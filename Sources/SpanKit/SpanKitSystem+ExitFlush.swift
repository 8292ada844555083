import Dispatch
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Bionic)
import Bionic
#endif

/// The exit flush: a process that exits normally (returning from top-level code, or `exit()`)
/// after bootstrap but without ``SpanKitSystem/shutdown(deadline:)`` still delivers what is
/// queued — as Python's OpenTelemetry SDK does at interpreter exit — within a bound.
///
/// An `atexit` handler, installed once, blocks the exiting thread on a semaphore while a
/// detached task shuts the global tracer down with the exit deadline: the export worker runs
/// on the cooperative pool, which is still running while `atexit` handlers run. The wait is
/// bounded whatever the pipeline does (``exitGrace`` past the deadline), so the handler never
/// hangs the process; it does nothing when the tracer was already shut down. Signals, `_exit`
/// and crashes run no `atexit` handler and are not covered.
extension SpanKitSystem {
    /// The exit flush's bound when neither code nor `SPANKIT_EXIT_TIMEOUT` sets one.
    static let defaultExitTimeout: Duration = .seconds(3)
    /// The variable that sets the exit flush's bound, in milliseconds (0 turns it off).
    static let exitTimeoutVariable = "SPANKIT_EXIT_TIMEOUT"
    /// How long past the exit deadline the exiting thread waits for the shutdown to return:
    /// the spooling of what the deadline cut off happens after it.
    static let exitGrace: Duration = .milliseconds(500)

    /// Registers the `atexit` handler, the first time only.
    static func installExitFlush() {
        _ = exitFlushInstallation
    }

    private static let exitFlushInstallation: Void = {
        atexit { SpanKitSystem.flushAtExit() }
    }()

    /// The `atexit` handler: shuts the global tracer down unless that has begun already. With
    /// the exit flush off, it only reports the spans still queued, so their loss is never silent.
    static func flushAtExit() {
        let claimed = global.withLock { global -> (tracer: Tracer, timeout: Duration)? in
            guard let tracer = global.tracer, tracer.processor != nil, !global.isShutDown else { return nil }
            global.isShutDown = true
            return (tracer, global.exitTimeout)
        }
        guard let (tracer, timeout) = claimed else { return }
        guard timeout > .zero else {
            let pending = tracer.statistics.pending
            guard pending > 0 else { return }
            tracer.report(Diagnostic(
                .spansDropped,
                "\(Wording.count(pending, "span")) not delivered: the process exited without SpanKitSystem.shutdown "
                    + "and the exit flush is off (\(exitTimeoutVariable)=0)"))
            tracer.diagnostics.flush()
            return
        }
        shutDown(tracer, within: timeout)
    }

    /// Shuts `tracer` down with a deadline `timeout` from now, blocking the calling thread at
    /// most ``exitGrace`` longer; reports when that bound cut the shutdown short. Returns
    /// whether the shutdown finished in time.
    @discardableResult
    static func shutDown(_ tracer: Tracer, within timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        let finished = DispatchSemaphore(value: 0)
        Task.detached {
            await tracer.shutdown(deadline: deadline)
            finished.signal()
        }
        let left = ContinuousClock.now.duration(to: deadline + exitGrace)
        let (seconds, attoseconds) = max(left, .zero).components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        guard finished.wait(timeout: .now() + .nanoseconds(nanoseconds)) == .timedOut else { return true }
        // A processor of the user's own counts nothing (0 pending): say so rather than "0 spans".
        let pending = tracer.statistics.pending
        let lost = pending > 0 ? "\(Wording.count(pending, "span")) not delivered" : "spans may not have been delivered"
        tracer.report(Diagnostic(
            .spansDropped,
            "\(lost): the exit flush did not finish within \(Wording.duration(timeout)) (\(exitTimeoutVariable)); "
                + "call SpanKitSystem.shutdown before exit to wait longer"))
        tracer.diagnostics.flush()
        return false
    }
}
