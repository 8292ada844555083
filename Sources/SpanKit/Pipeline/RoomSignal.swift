import Foundation
import Synchronization

/// Lets producers that opted into ``BatchSpanProcessor/Options/fullQueueWait`` sleep until the
/// worker takes a batch out of the full queue, and costs the worker one atomic load when
/// nobody waits.
///
/// A producer reads the generation before it tries the queue, so a batch taken between its
/// try and its wait changes the generation and the wait returns at once: no lost wake-up.
final class RoomSignal: @unchecked Sendable {
    // Safe to share: `generation` is only touched with `condition` locked, and `waiters` is atomic.
    private let condition = NSCondition()
    private var generation: UInt64 = 0
    private let waiters = Atomic<Int>(0)

    /// Registers a waiting producer and returns the generation to wait on.
    func beginWaiting() -> UInt64 {
        waiters.add(1, ordering: .sequentiallyConsistent)
        condition.lock()
        defer { condition.unlock() }
        return generation
    }

    func endWaiting() {
        waiters.subtract(1, ordering: .sequentiallyConsistent)
    }

    /// Sleeps until the generation moves on from `generation` or `deadline` passes; returns
    /// whether it moved on.
    func wait(unlessChangedFrom generation: UInt64, until deadline: ContinuousClock.Instant) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while self.generation == generation {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { return false }
            let seconds = Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18
            _ = condition.wait(until: Date(timeIntervalSinceNow: seconds))
        }
        return true
    }

    /// Room appeared (or the processor shuts down): wakes every waiting producer.
    func signal() {
        guard waiters.load(ordering: .sequentiallyConsistent) > 0 else { return }
        condition.lock()
        generation &+= 1
        condition.broadcast()
        condition.unlock()
    }
}
