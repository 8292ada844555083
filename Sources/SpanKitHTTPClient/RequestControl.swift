/// What ties one socket request's I/O thread to the task awaiting it: the deadline, the
/// cancellation flag, and the continuation, resumed exactly once by whichever comes first — the
/// thread's result or the task's cancellation.
///
/// Cancellation resumes the task at once; the thread notices the flag at its next wait slice (at
/// most ``waitSlice`` later), closes the socket and drops its result.
final class RequestControl: Sendable {
    /// The longest a socket wait runs before checking the cancellation flag: bounds how long an
    /// abandoned request keeps its socket open.
    static let waitSlice = Duration.milliseconds(40)

    /// The request's overall deadline.
    let deadline: ContinuousClock.Instant
    /// The request's timeout, for messages.
    let timeout: Duration

    /// What the awaiting task is suspended on: it never throws, it receives the outcome.
    typealias Continuation = CheckedContinuation<Result<HTTPClientResponse, HTTPClientError>, Never>

    private struct State: Sendable {
        var continuation: Continuation?
        var isCancelled = false
        var isFinished = false
    }

    private let state = LockedValue(State())

    /// Starts the clock: the deadline is `timeout` from now.
    init(timeout: Duration) {
        // A negative timeout means "no time at all"; an absurdly long one is capped so the
        // deadline arithmetic cannot overflow.
        let bounded = min(max(timeout, .zero), .seconds(86_400 * 365))
        self.timeout = timeout
        self.deadline = ContinuousClock.now + bounded
    }

    /// Hands over the continuation to resume later; false (after resuming it with
    /// ``HTTPClientError/Kind/cancelled``) when the task was cancelled already.
    func begin(_ continuation: Continuation) -> Bool {
        let cancelled = state.withLock { state -> Bool in
            if state.isCancelled {
                state.isFinished = true
                return true
            }
            state.continuation = continuation
            return false
        }
        if cancelled { continuation.resume(returning: .failure(Self.cancellation)) }
        return !cancelled
    }

    /// Cancels: resumes the awaiting task now and tells the I/O thread to stop.
    func cancel() {
        let continuation = state.withLock { state -> Continuation? in
            state.isCancelled = true
            guard !state.isFinished else { return nil }
            state.isFinished = true
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: .failure(Self.cancellation))
    }

    /// Delivers the I/O thread's result, unless cancellation got there first.
    func finish(_ result: Result<HTTPClientResponse, HTTPClientError>) {
        let continuation = state.withLock { state -> Continuation? in
            guard !state.isFinished else { return nil }
            state.isFinished = true
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: result)
    }

    /// Whether the task was cancelled.
    var isCancelled: Bool { state.withLock { $0.isCancelled } }

    /// Throws ``HTTPClientError/Kind/cancelled`` once cancelled, or ``HTTPClientError/Kind/timeout`` once
    /// the deadline has passed, naming what the request was doing (`phase`).
    func check(during phase: String) throws(HTTPClientError) {
        if isCancelled { throw Self.cancellation }
        if ContinuousClock.now >= deadline { throw timedOut(during: phase) }
    }

    /// The timeout error for `phase`, e.g. "waiting for the response".
    func timedOut(during phase: String) -> HTTPClientError {
        HTTPClientError(.timeout, "the request timed out after \(timeout) \(phase)")
    }

    static let cancellation = HTTPClientError(.cancelled, "the request was cancelled")
}
