/// Runs `operation` until it finishes or the clock reaches `deadline`, whichever comes first,
/// without waiting for an operation that ignores cancellation: the caller gets `onDeadline`
/// and the operation is cancelled and left to finish on its own.
func firstOf<Value: Sendable>(
    _ operation: @escaping @Sendable () async -> Value, deadline: ContinuousClock.Instant, clock: any PipelineClock,
    onDeadline: Value, onCancel: Value
) async -> Value {
    let race = Locked<RaceState<Value>>.make(RaceState())
    @Sendable func finish(_ value: Value) {
        let (continuation, tasks) = race.withLock { state -> (CheckedContinuation<Value, Never>?, [Task<Void, Never>]) in
            guard !state.isFinished else { return (nil, []) }
            state.isFinished = true
            if state.continuation == nil { state.early = value }
            defer { state.continuation = nil; state.tasks = [] }
            return (state.continuation, state.tasks)
        }
        for task in tasks { task.cancel() }
        continuation?.resume(returning: value)
    }
    return await withTaskCancellationHandler {
        await withCheckedContinuation { (continuation: CheckedContinuation<Value, Never>) in
            let work = ExportTask.start { finish(await operation()) }
            let timer = Task {
                guard (try? await clock.sleep(until: deadline)) != nil else { return }
                finish(onDeadline)
            }
            let early: Value? = race.withLock { state in
                if let early = state.early { return early }
                state.continuation = continuation
                state.tasks = [work, timer]
                return nil
            }
            if let early {
                work.cancel()
                timer.cancel()
                continuation.resume(returning: early)
            }
        }
    } onCancel: {
        finish(onCancel)
    }
}

/// The shared state of one ``firstOf(_:deadline:clock:onDeadline:onCancel:)`` race.
struct RaceState<Value: Sendable>: Sendable {
    var continuation: CheckedContinuation<Value, Never>?
    var tasks: [Task<Void, Never>] = []
    var isFinished = false
    /// The value when the race ended before the continuation was stored.
    var early: Value?
}
