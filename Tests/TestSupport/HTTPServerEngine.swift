#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The machinery behind ``LocalHTTPServer``: the listening socket, the accept thread and one
/// thread per connection. The threads retain the engine, not the server, so dropping the last
/// reference to the server runs its `deinit`, which stops the engine.
final class HTTPServerEngine: Sendable {
    /// Bookkeeping for one accepted connection.
    private struct Connection: Sendable {
        /// Nil until the accept thread has stored it (the thread may finish before that).
        var thread: JoinableThread?
        var isFinished = false
    }

    private struct State: Sendable {
        var isStopped = false
        var acceptThread: JoinableThread?
        var connections: [Int: Connection] = [:]
        var nextConnectionID = 0
        var statistics = LocalHTTPServer.Statistics()
    }

    let port: Int
    let log = RequestLog()
    private let listener: Int32
    private let wake: WakeSignal
    private let handler: any RequestHandler
    private let limits: ServerLimits
    private let state = LockedValue(State())

    init(handler: any RequestHandler, limits: ServerLimits) throws {
        self.handler = handler
        self.limits = limits
        let listening = try POSIXSocket.makeLoopbackListener()
        listener = listening.fd
        port = listening.port
        do {
            wake = try WakeSignal()
        } catch {
            _ = close(listening.fd)
            throw error
        }
    }

    /// Starts the accept thread.
    func start() throws {
        do {
            let thread = try JoinableThread.spawn { [self] in acceptLoop() }
            state.withLock {
                $0.acceptThread = thread
                $0.statistics.threadsStarted += 1
            }
        } catch {
            state.withLock { $0.isStopped = true }
            _ = close(listener)
            wake.close()
            throw error
        }
    }

    var isRunning: Bool { state.withLock { !$0.isStopped } }

    var statistics: LocalHTTPServer.Statistics { state.withLock { $0.statistics } }

    /// Stops accepting, wakes and joins every thread (each closes its connection), closes the
    /// listening socket and the stop signal. Returns when the server holds no thread and no
    /// descriptor; a concurrent second call returns at once.
    func stop() {
        let first = state.withLock { state in
            defer { state.isStopped = true }
            return !state.isStopped
        }
        guard first else { return }
        wake.fire()
        var joinedAll = true
        if let acceptThread = state.withLock({ $0.acceptThread }) {
            if acceptThread.isCurrent {
                joinedAll = false
            } else {
                acceptThread.join()
                state.withLock {
                    $0.acceptThread = nil
                    $0.statistics.threadsJoined += 1
                }
            }
        }
        // The accept thread is gone, so no connection is added from here on.
        _ = close(listener)
        let threads = state.withLock { state in state.connections.compactMap { $0.value.thread } }
        for thread in threads {
            if thread.isCurrent {
                joinedAll = false  // stop() called from a handler: that thread exits on its own
                continue
            }
            thread.join()
        }
        state.withLock { state in
            state.statistics.threadsJoined += threads.filter { !$0.isCurrent }.count
            state.connections = state.connections.filter { $0.value.thread?.isCurrent == true }
        }
        if joinedAll { wake.close() }
    }

    // MARK: Threads

    private func acceptLoop() {
        // Bounded: runs until `stop()` fires the wake signal.
        while true {
            switch POSIXSocket.wait(for: listener, wake: wake.readEnd, until: .now + .seconds(1)) {
            case .stopped:
                return
            case .timedOut:
                reapFinishedConnections()
                continue
            case .ready:
                break
            }
            for _ in 0..<64 {
                guard let fd = POSIXSocket.accept(from: listener) else { break }
                startConnection(fd)
            }
            reapFinishedConnections()
        }
    }

    private func startConnection(_ fd: Int32) {
        let id: Int? = state.withLock { state in
            let open = state.connections.count
            guard !state.isStopped, open < limits.maxConnections else { return nil }
            defer { state.nextConnectionID += 1 }
            state.connections[state.nextConnectionID] = Connection()
            state.statistics.connectionsAccepted += 1
            return state.nextConnectionID
        }
        guard let id else {
            _ = close(fd)
            state.withLock { $0.statistics.connectionsRefused += 1 }
            return
        }
        do {
            let thread = try JoinableThread.spawn { [self] in
                var connection = HTTPConnection(
                    fd: fd, connectionID: id, wake: wake.readEnd, handler: handler, log: log, limits: limits)
                connection.serve()
                state.withLock {
                    $0.connections[id]?.isFinished = true
                    $0.statistics.connectionsClosed += 1
                }
            }
            state.withLock {
                $0.connections[id]?.thread = thread
                $0.statistics.threadsStarted += 1
            }
        } catch {
            _ = close(fd)
            state.withLock {
                $0.connections[id] = nil
                $0.statistics.connectionsClosed += 1
            }
        }
    }

    /// Joins the threads of connections that have ended.
    private func reapFinishedConnections() {
        let finished = state.withLock { state in
            let ids = state.connections.filter { $0.value.isFinished && $0.value.thread != nil }.map(\.key)
            return ids.compactMap { state.connections.removeValue(forKey: $0)?.thread }
        }
        guard !finished.isEmpty else { return }
        for thread in finished { thread.join() }
        state.withLock { $0.statistics.threadsJoined += finished.count }
    }
}
