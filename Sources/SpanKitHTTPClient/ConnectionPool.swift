/// Idle keep-alive connections of one ``SocketHTTPClient``, most recently used first.
///
/// A connection idle longer than ``maximumIdleTime`` is closed rather than reused: collectors
/// close idle connections themselves (uvicorn after 5 s), and reusing one just as the server
/// closes it costs a failed attempt. ``closeAll()`` closes every idle connection (an exporter
/// shutting down), and so does dropping the pool.
final class ConnectionPool: Sendable {
    private struct Entry: Sendable {
        let connection: SocketConnection
        let idleSince: ContinuousClock.Instant
    }

    /// The most idle connections kept, over all endpoints.
    let maximumIdleCount: Int
    /// How long a connection may sit idle and still be reused.
    let maximumIdleTime: Duration
    private let entries = LockedValue<[Entry]>([])

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
            let candidate = entries.withLock { entries -> SocketConnection? in
                dropped = entries.filter { now - $0.idleSince > maximumIdleTime }
                entries.removeAll { now - $0.idleSince > maximumIdleTime }
                guard let index = entries.lastIndex(where: { $0.connection.endpoint == endpoint }) else { return nil }
                return entries.remove(at: index).connection
            }
            dropped.removeAll()
            guard let candidate else { return nil }
            if candidate.isIdleAndOpen { return candidate }
        }
    }

    /// Closes every idle connection; the pool stays usable and fills again with later requests.
    func closeAll() {
        // Returned rather than dropped in the closure, so the descriptors are closed (by deinit)
        // after the lock is released.
        _ = entries.withLock { entries -> [Entry] in
            var taken: [Entry] = []
            swap(&taken, &entries)
            return taken
        }
    }

    /// Keeps `connection` for reuse; the oldest idle connection goes when the pool is full.
    func put(_ connection: SocketConnection) {
        // The evicted entry is returned rather than dropped in the closure, so its descriptor is
        // closed after the lock is released.
        _ = entries.withLock { entries -> Entry? in
            entries.append(Entry(connection: connection, idleSince: .now))
            return entries.count > maximumIdleCount ? entries.removeFirst() : nil
        }
    }
}
