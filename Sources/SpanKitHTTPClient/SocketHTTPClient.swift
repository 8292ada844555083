/// An HTTP/1.1 client for plain `http://` endpoints, written on POSIX sockets with no
/// dependencies, that never crashes or hangs its host whatever the server does.
///
/// It exists because URLSession on Linux (swift-corelibs-foundation) is not safe to point at a
/// misbehaving collector: a status line or partial head followed by a clean close traps the
/// whole process ("Transfer completed, but there's no response"), a POST retried on a reused
/// connection goes out without its body, and timeouts are cut to whole seconds. There is no TLS
/// (it would need OpenSSL): `https://` is for URLSession.
///
/// Each request runs on a thread of its own (kept for the next request, see ``IOThreads``) with a
/// non-blocking socket, so no Swift concurrency thread ever blocks on the network:
///
/// - **Deadline.** The request's ``HTTPClientRequest/timeout`` bounds everything — name
///   resolution, connecting, writing, reading — with millisecond precision; then it fails with
///   ``HTTPClientError/Kind/timeout``. Connecting alone is also bounded by ``connectTimeout``.
/// - **Cancellation.** Cancelling the calling task throws ``HTTPClientError/Kind/cancelled`` at
///   once; the socket is closed within about 40 ms.
/// - **Connections.** Hosts resolve through `getaddrinfo` (IPv4 and IPv6, tried in order).
///   Connections are kept alive and reused when ``reusesConnections`` is set (up to 8 idle
///   connections, each reused within 4 s of its last response); a request that
///   fails on a reused connection before any response byte arrived is sent once more, with its
///   whole body, on a fresh connection (the server may have closed the idle connection just
///   then, or — rarely — have processed the request and then dropped the connection, in which
///   case it receives it twice).
/// - **Responses.** Interim `1xx` responses are skipped; bodies are read by `Content-Length`,
///   chunked coding or until the server closes. A body longer than ``maximumResponseBodySize`` is
///   cut to that size and the connection closed; callers act on the status and headers.
/// - **Errors.** Every failure is an ``HTTPClientError`` whose message names the protocol
///   problem and the host and port, never a header value, the path or the query.
package final class SocketHTTPClient: Sendable {
    /// The default cap on a response body: 4 MiB.
    package static let defaultMaximumResponseBodySize = 4 * 1024 * 1024

    /// The most response body bytes kept; longer bodies are cut to this size.
    package let maximumResponseBodySize: Int
    /// How long establishing a connection may take at most (the request's timeout still applies).
    package let connectTimeout: Duration
    /// Whether connections are kept open and reused for later requests to the same host and port.
    package let reusesConnections: Bool

    private let pool: ConnectionPool?

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - maximumResponseBodySize: The most response body bytes kept.
    ///   - connectTimeout: How long establishing a connection may take at most.
    ///   - reusesConnections: Whether to keep connections alive between requests.
    package init(
        maximumResponseBodySize: Int = defaultMaximumResponseBodySize, connectTimeout: Duration = .seconds(10),
        reusesConnections: Bool = true
    ) {
        self.maximumResponseBodySize = max(0, maximumResponseBodySize)
        self.connectTimeout = connectTimeout
        self.reusesConnections = reusesConnections
        self.pool = reusesConnections ? ConnectionPool() : nil
    }

    /// Closes the connections kept alive for reuse; a request in flight keeps its connection,
    /// and later requests open new ones.
    package func closeIdleConnections() {
        pool?.closeAll()
    }

    /// Sends `request` to its `http://` URL and returns the response, whatever its status.
    package func send(_ request: HTTPClientRequest) async throws(HTTPClientError) -> HTTPClientResponse {
        let target = try HTTPTarget(url: request.url)
        let head = try HTTPRequestHead.bytes(for: request, target: target, keepAlive: reusesConnections)
        let control = RequestControl(timeout: request.timeout)
        let exchange = HTTPExchange(
            request: request, head: head, target: target, control: control, pool: pool,
            maximumResponseBodySize: maximumResponseBodySize, connectTimeout: connectTimeout)
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: RequestControl.Continuation) in
                guard control.begin(continuation) else { return }
                let started = IOThreads.shared.run { control.finish(exchange.run()) }
                if !started { control.finish(.failure(HTTPClientError(.resources, "could not start a thread for the request"))) }
            }
        } onCancel: {
            control.cancel()
        }
        return try result.get()
    }
}
