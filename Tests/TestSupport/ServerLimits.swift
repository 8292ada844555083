/// Bounds on everything the local HTTP server waits for or buffers, so no loop or wait runs
/// unbounded. The defaults suit tests; shorten `keepAliveIdleTimeout` to test a client's handling
/// of a server that closes idle pooled connections.
public struct ServerLimits: Sendable {
    /// How long a connection may sit idle between requests before the server closes it.
    public var keepAliveIdleTimeout: Duration = .seconds(60)
    /// How long reading one request body, or writing one response (or one trickled piece), may take.
    public var ioTimeout: Duration = .seconds(30)
    /// How long ``ServerAction/neverAnswer`` holds a connection at most.
    public var neverAnswerLimit: Duration = .seconds(600)
    /// The largest request head (request line and headers).
    public var maxHeadBytes = 64 * 1024
    /// The largest request body.
    public var maxBodyBytes = 256 * 1024 * 1024
    /// The most connections served at once; more are closed on arrival.
    public var maxConnections = 256
    /// The most requests served on one connection.
    public var maxRequestsPerConnection = 100_000

    public init() {}
}
