import Foundation
@testable import SpanKit

/// A pipeline clock that moves only when a test moves it: `advance(by:)` resumes, in deadline
/// order, every sleeper whose deadline it reaches. It starts at the real "now" so public
/// deadlines (`.now + …`) mean the same thing on it.
///
/// With `autoAdvancingUpTo`, a sleep no longer than that completes at once and moves the clock
/// to its end — for tests through a real server, where retry waits must not cost real time
/// but the export deadline (further away) must still be reached only when the test says so:
/// keep the limit below the distance to any deadline.
final class TestPipelineClock: PipelineClock, @unchecked Sendable {
    // All mutable state is guarded by `lock`.
    private let lock = NSLock()
    private var offset: Duration = .zero
    private var sleepers: [UInt64: (deadline: ContinuousClock.Instant, continuation: CheckedContinuation<Void, any Error>)] = [:]
    private var cancelledBeforeRegistering: Set<UInt64> = []
    private var nextID: UInt64 = 0
    private var sleepLog: [(duration: Duration, deadline: ContinuousClock.Instant)] = []
    private let start = ContinuousClock.now
    private let wallStart: Date
    private let autoAdvanceLimit: Duration?

    init(wallClock: Date = Date(timeIntervalSince1970: 1_750_000_000), autoAdvancingUpTo limit: Duration? = nil) {
        self.wallStart = wallClock
        self.autoAdvanceLimit = limit
    }

    var now: ContinuousClock.Instant { lock.withLock { start + offset } }

    var wallClock: Date {
        let elapsed = lock.withLock { offset }.components
        return wallStart.addingTimeInterval(Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
    }

    /// How long each sleep asked for, in the order they began.
    var sleeps: [Duration] { lock.withLock { sleepLog.map(\.duration) } }

    /// How long each sleep that ends before `instant` asked for, in the order they began: the
    /// waits a component chose, without the timers that watch a deadline at `instant` (whether
    /// such a timer began sleeping before the work it watches finished is a race).
    func sleeps(endingBefore instant: ContinuousClock.Instant) -> [Duration] {
        lock.withLock { sleepLog.filter { $0.deadline < instant }.map(\.duration) }
    }

    /// Sleepers waiting now.
    var sleeperCount: Int { lock.withLock { sleepers.count } }

    func sleep(until deadline: ContinuousClock.Instant) async throws {
        try Task.checkCancellation()
        let id: UInt64? = lock.withLock {
            let now = start + offset
            sleepLog.append((duration: deadline - now, deadline: deadline))
            if deadline <= now { return nil }
            if let limit = autoAdvanceLimit, deadline - now <= limit {
                offset = deadline - start
                return nil
            }
            nextID += 1
            return nextID
        }
        guard let id else {
            resumeDue()
            return
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let cancelled = lock.withLock {
                    if cancelledBeforeRegistering.remove(id) != nil { return true }
                    sleepers[id] = (deadline, continuation)
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let continuation = lock.withLock { () -> CheckedContinuation<Void, any Error>? in
                guard let sleeper = sleepers.removeValue(forKey: id) else {
                    cancelledBeforeRegistering.insert(id)
                    return nil
                }
                return sleeper.continuation
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward and wakes, earliest first, every sleeper whose deadline is reached.
    func advance(by duration: Duration) {
        lock.withLock { offset += duration }
        resumeDue()
    }

    /// Waits (briefly, in real time) until `count` sleepers are registered: the way a test
    /// knows the pipeline reached a wait before it moves the clock.
    func waitForSleepers(_ count: Int, timeout: Duration = .seconds(60)) async -> Bool {
        let giveUp = ContinuousClock.now + timeout
        while ContinuousClock.now < giveUp {
            if sleeperCount >= count { return true }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return sleeperCount >= count
    }

    private func resumeDue() {
        let due = lock.withLock { () -> [CheckedContinuation<Void, any Error>] in
            let now = start + offset
            let ready = sleepers.filter { $0.value.deadline <= now }.sorted { $0.value.deadline < $1.value.deadline }
            for (id, _) in ready { sleepers[id] = nil }
            return ready.map(\.value.continuation)
        }
        for continuation in due { continuation.resume() }
    }
}
