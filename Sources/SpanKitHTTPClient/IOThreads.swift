import Foundation

/// Threads for blocking socket work, which must never run on a Swift concurrency thread (a
/// stalled collector would starve the host app's tasks), kept alive between requests.
///
/// Every job gets a thread of its own at once — an idle one when there is one, else a new one —
/// so a request stuck on a silent server never holds up another. A thread that finished its job
/// waits up to ``idleTimeout`` for the next one, and at most ``maximumIdleCount`` threads wait:
/// an exporter sending a batch every few milliseconds reuses the same warm thread instead of
/// creating one (stack mapping, `clone`) and tearing it down (`munmap`) per request. In the
/// end-to-end benchmark on a loaded 2-core machine that took a batch's delivery to a loopback
/// collector from about 400 µs to 270 µs (median).
final class IOThreads: @unchecked Sendable {
    // Safe to share: `pending` and `waiting` are read and written only with `condition` locked.
    private let condition = NSCondition()
    /// Jobs handed to waiting threads and not yet taken; never more than `waiting`.
    private var pending: [@Sendable () -> Void] = []
    /// Threads waiting for a job (including ones woken and not yet past the lock).
    private var waiting = 0

    /// The most threads kept waiting for work.
    let maximumIdleCount: Int
    /// How long a thread waits for its next job before it ends.
    let idleTimeout: TimeInterval

    /// The threads of every socket client in the process.
    static let shared = IOThreads(maximumIdleCount: 4, idleTimeout: 30)

    init(maximumIdleCount: Int, idleTimeout: TimeInterval) {
        self.maximumIdleCount = maximumIdleCount
        self.idleTimeout = idleTimeout
    }

    /// Runs `body` on a thread of its own; false if no thread could be created (resource
    /// exhaustion), in which case `body` never runs.
    func run(_ body: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        if pending.count < waiting {
            pending.append(body)
            condition.unlock()
            // After unlocking, so the woken thread does not run straight into the held lock.
            condition.signal()
            return true
        }
        condition.unlock()
        return DetachedThread.start { [self] in serve(body) }
    }

    /// Idle threads at the moment, for tests.
    var idleCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return waiting
    }

    /// Runs `first`, then jobs handed over while waiting, until none comes within the idle
    /// timeout or enough threads already wait.
    private func serve(_ first: @escaping @Sendable () -> Void) {
        var job = first
        // Bounded: every pass runs a job; the thread ends when no job comes.
        while true {
            job()
            condition.lock()
            guard waiting < maximumIdleCount else {
                condition.unlock()
                return
            }
            waiting += 1
            let until = Date(timeIntervalSinceNow: idleTimeout)
            while pending.isEmpty, condition.wait(until: until) {}
            waiting -= 1
            // Whichever way the wait ended, a job handed over meanwhile is taken: `run` counted
            // on this thread when it queued it.
            guard !pending.isEmpty else {
                condition.unlock()
                return
            }
            job = pending.removeFirst()
            condition.unlock()
        }
    }
}
