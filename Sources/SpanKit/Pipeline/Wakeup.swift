/// A task that sleeps until woken, part of a lock-guarded state: a wake-up that comes before
/// the task is asleep is kept, so it is never lost. The continuation is resumed outside the lock.
struct Wakeup: Sendable {
    private var sleeper: Sleeper?
    private var isPending = false

    /// Takes the sleeper to resume, or remembers the wake-up for its next sleep.
    mutating func wake() -> Sleeper? {
        guard let sleeper else {
            isPending = true
            return nil
        }
        self.sleeper = nil
        return sleeper
    }

    /// Keeps `continuation` until ``wake()``, unless a wake-up is pending or the sleeper has
    /// work (`ready`): then returns true and the caller resumes it at once.
    mutating func sleep(_ continuation: CheckedContinuation<Void, Never>, unless ready: Bool) -> Bool {
        if isPending || ready {
            isPending = false
            return true
        }
        sleeper = Sleeper(continuation)
        return false
    }
}

/// A suspended task's continuation, boxed.
///
/// `CheckedContinuation` comes from a module built for library evolution, so its size is only
/// known at run time, and so is the layout of every value holding one: the batch processor's
/// state (and each `onEnd`'s access to it) went through run-time field offsets and generic
/// value witnesses while a `Wakeup` held the continuation inline. One allocation per sleep
/// (at most once per batch) is cheaper.
final class Sleeper: Sendable {
    private let continuation: CheckedContinuation<Void, Never>

    init(_ continuation: CheckedContinuation<Void, Never>) {
        self.continuation = continuation
    }

    /// Resumes the sleeping task.
    func resume() {
        continuation.resume()
    }
}

extension BatchSpanProcessor {
    /// Suspends the worker or the spill task (`wakeup`) until it is woken or `ready` holds.
    func sleep(_ wakeup: WritableKeyPath<State, Wakeup>, ready: @escaping (State) -> Bool) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state in state[keyPath: wakeup].sleep(continuation, unless: ready(state)) }
            if resumeNow { continuation.resume() }
        }
    }

    /// Wakes the worker or the spill task.
    func wake(_ wakeup: WritableKeyPath<State, Wakeup>) {
        state.withLock { $0[keyPath: wakeup].wake() }?.resume()
    }
}
