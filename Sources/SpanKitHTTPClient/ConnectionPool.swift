/// Idle keep-alive connections of one ``SocketHTTPClient``, most recently used first.
///
/// A connection idle longer than ``maximumIdleTime`` is closed rather than reused: collectors
/// close idle connections themselves (uvicorn after 5 s), and reusing one just as the server
/// closes it costs a failed attempt. ``closeAll()`` closes every idle connection (an exporter
/// shutting down), and a request still running then closes its connection when it ends instead
/// of keeping it; dropping the pool closes every idle connection too.
final class ConnectionPool: Sendable {
    private struct Entry: Sendable {
        let connection: SocketConnection
        let idleSince: ContinuousClock.Instant
    }

    /// The most idle connections kept, over all endpoints.
    let maximumIdleCount: Int
    /// How long a connection may sit idle and still be reused.
    let maximumIdleTime: Duration
    private struct State: Sendable {
        var entries: [Entry] = []
        /// How many times ``closeAll()`` ran: a connection taken or opened before the last time
        /// is not kept (see ``put(_:takenIn:)``).
        var generation: UInt64 = 0
    }

    private let state = LockedValue(State())

    init(maximumIdleCount: Int = 8, maximumIdleTime: Duration = .seconds(4)) {
        self.maximumIdleCount = maximumIdleCount
        self.maximumIdleTime = maximumIdleTime
    }

    /// An idle connection to `endpoint` that still looks open, or nil.
    func take(for endpoint: String) -> SocketConnection? {
        // Bounded: each pass removes one entry.
        while true {
            let now = ContinuousClock.now
            // Expired entries leave the lock in `dropped` and are closed (by deinit) after it is
            // released, so no system call runs under the lock.
            var dropped: [Entry] = []
            let candidate = state.withLock { state -> SocketConnection? in
                dropped = state.entries.filter { now - $0.idleSince > maximumIdleTime }
                state.entries.removeAll { now - $0.idleSince > maximumIdleTime }
                guard let index = state.entries.lastIndex(where: { $0.connection.endpoint == endpoint }) else { return nil }
                return state.entries.remove(at: index).connection
            }
            dropped.removeAll()
            guard let candidate else { return nil }
            if candidate.isIdleAndOpen { return candidate }
        }
    }

    /// The current generation, read when a request starts, to hand back with its connection.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// Closes every idle connection; the pool stays usable and fills again with later requests.
    func closeAll() {
        // Returned rather than dropped in the closure, so the descriptors are closed (by deinit)
        // after the lock is released.
        _ = state.withLock { state -> [Entry] in
            state.generation &+= 1
            var taken: [Entry] = []
            swap(&taken, &state.entries)
            return taken
        }
    }

    /// Keeps `connection` for reuse, unless ``closeAll()`` ran since its request started (in
    /// `generation`): then it is closed. The oldest idle connection goes when the pool is full.
    func put(_ connection: SocketConnection, takenIn generation: UInt64) {
        // The evicted entry (or the connection itself) is returned rather than dropped in the
        // closure, so its descriptor is closed after the lock is released.
        _ = state.withLock { state -> SocketConnection? in
            guard generation == state.generation else { return connection }
            state.entries.append(Entry(connection: connection, idleSince: .now))
            return state.entries.count > maximumIdleCount ? state.entries.removeFirst().connection : nil
        }
    }
}
