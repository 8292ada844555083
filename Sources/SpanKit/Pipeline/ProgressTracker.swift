/// Counts spans whose fate is decided and lets flushes wait — with a deadline — until a count
/// is reached. Shared by the processors so the waiting logic exists once.
final class ProgressTracker: Sendable {
    private struct State: Sendable {
        var handled: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
        /// Waiters whose deadline passed before they registered (the timer raced ahead).
        var expired: Set<UInt64> = []
        var nextID: UInt64 = 0
    }

    private struct Waiter: Sendable {
        let target: UInt64
        let continuation: CheckedContinuation<Void, Never>
    }

    private let state = Locked<State>.make(State())

    /// Spans decided so far.
    var handled: UInt64 { state.withLock { $0.handled } }

    /// Records `count` more decided spans and wakes the flushes that were waiting for them.
    func advance(by count: Int) {
        let ready: [CheckedContinuation<Void, Never>] = state.withLock { state in
            state.handled += UInt64(count)
            let handled = state.handled
            let satisfied = state.waiters.filter { $0.value.target <= handled }
            for id in satisfied.keys { state.waiters[id] = nil }
            return satisfied.map(\.value.continuation)
        }
        for continuation in ready { continuation.resume() }
    }

    /// Waits until `target` spans are decided or `deadline` passes; returns whether they were.
    func wait(until target: UInt64, deadline: ContinuousClock.Instant, clock: any PipelineClock) async -> Bool {
        let id: UInt64? = state.withLock { state in
            guard state.handled < target else { return nil }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return true }
        let timer = Task { [weak self] in
            guard (try? await clock.sleep(until: deadline)) != nil else { return }
            self?.expire(id)
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state in
                if state.handled >= target || state.expired.remove(id) != nil { return true }
                state.waiters[id] = Waiter(target: target, continuation: continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
        timer.cancel()
        return state.withLock { state in
            state.expired.remove(id)
            return state.handled >= target
        }
    }

    private func expire(_ id: UInt64) {
        let waiter: Waiter? = state.withLock { state in
            guard let waiter = state.waiters.removeValue(forKey: id) else {
                state.expired.insert(id)
                return nil
            }
            return waiter
        }
        waiter?.continuation.resume()
    }
}
