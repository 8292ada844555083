/// The lock-guarded record of every request a server received, plus the sequence counter that
/// numbers request heads in arrival order.
final class RequestLog: Sendable {
    private struct State: Sendable {
        var requests: [RecordedRequest] = []
        var nextSequenceNumber = 0
    }

    private let state = LockedValue(State())

    /// Numbers the next request head.
    func takeSequenceNumber() -> Int {
        state.withLock { state in
            defer { state.nextSequenceNumber += 1 }
            return state.nextSequenceNumber
        }
    }

    func append(_ request: RecordedRequest) {
        state.withLock { $0.requests.append(request) }
    }

    /// The recorded requests, in the order they were recorded.
    var all: [RecordedRequest] { state.withLock { $0.requests } }

    var count: Int { state.withLock { $0.requests.count } }

    func removeAll() {
        state.withLock { $0.requests.removeAll() }
    }
}
