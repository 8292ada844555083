/// Answers requests with a script of actions, in the order the request heads arrive, then with a
/// fallback: `ScriptedHandler([.status(503), .status(503)], then: .ok)` fails twice, then succeeds.
///
/// Each request takes its action as soon as its head arrives, so a scripted
/// ``ServerAction/resetBeforeBody`` really resets before the body is read. Thread-safe.
public final class ScriptedHandler: RequestHandler {
    private struct State: Sendable {
        /// Scripted actions not used yet, next first.
        var pending: [ServerAction]
        var served = 0
        var fallback: ServerAction
    }

    private let state: LockedValue<State>

    public init(_ script: [ServerAction], then fallback: ServerAction = .ok) {
        state = LockedValue(State(pending: script, fallback: fallback))
    }

    /// Adds actions to the end of the script (used before the fallback even when the script had
    /// run out).
    public func append(_ actions: ServerAction...) {
        state.withLock { $0.pending.append(contentsOf: actions) }
    }

    /// Replaces the action used once the script is exhausted.
    public func setFallback(_ action: ServerAction) {
        state.withLock { $0.fallback = action }
    }

    /// How many scripted actions have not been used yet.
    public var remaining: Int { state.withLock { $0.pending.count } }

    /// How many requests have taken an action (scripted or fallback).
    public var served: Int { state.withLock { $0.served } }

    public func actionBeforeBody(for request: RecordedRequest) -> ServerAction? { take() }

    public func action(for request: RecordedRequest) -> ServerAction { take() }

    private func take() -> ServerAction {
        state.withLock { state in
            state.served += 1
            return state.pending.isEmpty ? state.fallback : state.pending.removeFirst()
        }
    }
}
