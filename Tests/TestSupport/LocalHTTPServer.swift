import Foundation

/// An HTTP/1.1 server on 127.0.0.1 for testing HTTP clients, with fault injection.
///
/// It listens on an ephemeral port from `init` until ``stop()`` (or `deinit`), records every
/// request, and answers each with the ``ServerAction`` its handler picks: a response, a delayed
/// or trickled response, a reset, a malformed response, or no answer at all.
///
/// ```swift
/// let script = ScriptedHandler([.status(503), .retryAfter(seconds: 1)], then: .ok)
/// let server = try LocalHTTPServer(handler: script)
/// defer { server.stop() }
/// var request = URLRequest(url: server.url("/v1/traces"))
/// request.httpMethod = "POST"
/// request.httpBody = payload
/// _ = try await URLSession.shared.data(for: request)  // 503
/// let received = try await server.waitForRequests(count: 1)
/// #expect(received[0].decodedBody == payload)
/// ```
///
/// Each connection is served on its own thread (POSIX sockets, no dependencies): HTTP/1.1
/// keep-alive, `Content-Length` and chunked bodies, `Expect: 100-continue`, and gzip request
/// bodies (decoded with the system `gzip`). `stop()` returns once every thread has exited and
/// every socket is closed, even with connections held by ``ServerAction/neverAnswer``.
public final class LocalHTTPServer: Sendable {
    /// Counters for checking that the server cleans up after itself.
    public struct Statistics: Sendable, Equatable {
        /// Connections accepted and served.
        public var connectionsAccepted = 0
        /// Connections closed on arrival because `maxConnections` were open.
        public var connectionsRefused = 0
        /// Accepted connections whose socket has been closed.
        public var connectionsClosed = 0
        /// Threads started (the accept thread and one per connection).
        public var threadsStarted = 0
        /// Threads joined (fully exited).
        public var threadsJoined = 0

        /// Threads started and not yet joined.
        public var threadsAlive: Int { threadsStarted - threadsJoined }
        /// Accepted connections not yet closed.
        public var connectionsOpen: Int { connectionsAccepted - connectionsClosed }
    }

    /// The server did not receive the expected requests in time.
    public struct WaitTimeout: Error, CustomStringConvertible {
        public let expected: Int
        public let received: [RecordedRequest]
        public var description: String {
            "expected \(expected) requests, received \(received.count): \(received.map(\.description))"
        }
    }

    /// The port it listens on (127.0.0.1 only).
    public let port: Int

    private let engine: HTTPServerEngine

    /// Starts a server answering with `handler`.
    public init(handler: some RequestHandler, limits: ServerLimits = ServerLimits()) throws {
        engine = try HTTPServerEngine(handler: handler, limits: limits)
        port = engine.port
        try engine.start()
    }

    /// Starts a server that asks `handler` for each complete request's action.
    public convenience init(
        limits: ServerLimits = ServerLimits(), handler: @escaping @Sendable (RecordedRequest) -> ServerAction
    ) throws {
        try self.init(handler: ClosureHandler(handler: handler), limits: limits)
    }

    /// Starts a server answering every request with `action` (by default `200 OK`, empty body).
    public convenience init(respondingWith action: ServerAction = .ok, limits: ServerLimits = ServerLimits()) throws {
        try self.init(handler: ClosureHandler { _ in action }, limits: limits)
    }

    /// Starts a server answering with `handler`.
    public static func start(handler: some RequestHandler) throws -> LocalHTTPServer {
        try LocalHTTPServer(handler: handler)
    }

    /// Starts a server that asks `handler` for each complete request's action.
    public static func start(handler: @escaping @Sendable (RecordedRequest) -> ServerAction) throws -> LocalHTTPServer {
        try LocalHTTPServer(handler: handler)
    }

    deinit { engine.stop() }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// `baseURL` with `path` (and any `?query`) appended, e.g. `url("/v1/traces")`.
    public func url(_ path: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)" + (path.hasPrefix("/") ? path : "/" + path))!
    }

    /// Closes the listening socket and every connection (including held ones) and joins all
    /// server threads. Idempotent. Must not be called from a handler.
    public func stop() { engine.stop() }

    /// Whether the server still listens.
    public var isRunning: Bool { engine.isRunning }

    /// Thread and connection counters.
    public var statistics: Statistics { engine.statistics }

    // MARK: Recorded requests

    /// Every request received so far, in the order they were recorded (complete, or cut off).
    public var requests: [RecordedRequest] { engine.log.all }

    /// The recorded requests whose path (without query) is `path`.
    public func requests(path: String) -> [RecordedRequest] { engine.log.all.filter { $0.path == path } }

    /// Forgets the recorded requests.
    public func clearRequests() { engine.log.removeAll() }

    /// Waits until at least `count` requests are recorded and returns all of them; throws
    /// ``WaitTimeout`` after `timeout`.
    @discardableResult
    public func waitForRequests(count: Int, timeout: Duration = .seconds(60)) async throws -> [RecordedRequest] {
        let deadline = ContinuousClock.now + timeout
        // Bounded by `deadline`.
        while true {
            let recorded = engine.log.all
            if recorded.count >= count { return recorded }
            if ContinuousClock.now >= deadline { throw WaitTimeout(expected: count, received: recorded) }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    // MARK: Helpers

    /// A port on 127.0.0.1 that refuses connections, for "connection refused" tests, for the rest
    /// of the test process: a socket is bound to it and never listens. Closing it at once, as
    /// this did before, freed the port for the next socket bound to port 0 — another test's
    /// server, which then answered requests meant to fail.
    public static func unusedPort() throws -> Int {
        let reserved = try POSIXSocket.makeLoopbackListener(reuseAddress: false, nonBlocking: false, listens: false)
        // Never closed (a descriptor per call, a few per test run); not inherited by the
        // processes the tests start.
        POSIXSocket.setCloseOnExec(reserved.fd)
        return reserved.port
    }
}
