import SpanKitHTTPClient

/// The transport for plain `http://` collectors on Linux: SpanKit's own HTTP/1.1 socket client
/// (the `SpanKitHTTPClient` target), which never crashes or hangs its host whatever the server
/// does — unlike swift-corelibs-foundation's URLSession (see ``DefaultHTTPTransport``).
///
/// This is the one place where the client's types meet SpanKit's: requests and responses are
/// copied across, and ``HTTPClientError`` becomes ``ExportError`` here and nowhere else.
final class SocketHTTPTransport: HTTPTransport {
    private let client: SocketHTTPClient

    /// Creates a transport; see ``SocketHTTPClient`` for what the parameters bound.
    init(
        maximumResponseBodySize: Int = SocketHTTPClient.defaultMaximumResponseBodySize, connectTimeout: Duration = .seconds(10),
        reusesConnections: Bool = true
    ) {
        self.client = SocketHTTPClient(
            maximumResponseBodySize: maximumResponseBodySize, connectTimeout: connectTimeout, reusesConnections: reusesConnections)
    }

    /// Sends `request` to its `http://` URL and returns the response, whatever its status.
    ///
    /// - Throws: ``ExportError`` of kind `.transport`, `.unreachable`, `.timeout` or `.cancelled`.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let outgoing = HTTPClientRequest(
            url: request.url, method: request.method, headers: request.headers, body: request.body, timeout: request.timeout)
        do {
            let response = try await client.send(outgoing)
            return HTTPResponse(status: response.status, headers: response.headers, body: response.body)
        } catch {
            throw Self.exportError(for: error)
        }
    }

    /// True: the client bounds every request by its timeout to the millisecond and throws at
    /// once when cancelled (see ``SocketHTTPClient``).
    func enforcesTimeout(of request: HTTPRequest) -> Bool { true }

    /// Closes the client's idle keep-alive connections.
    func closeIdleConnections() { client.closeIdleConnections() }

    /// The export error for a client failure: timeouts and cancellations keep their kind, a
    /// refused connection or an unresolvable host means nothing is there (``ExportError/Kind/unreachable``),
    /// every other failure (connection lost, malformed response, unusable request) is a
    /// transport error. The message, already free of secrets, is kept as it is.
    static func exportError(for error: HTTPClientError) -> ExportError {
        switch error.kind {
        case .timeout: ExportError(.timeout, error.message)
        case .cancelled: ExportError(.cancelled, error.message)
        case .resolution, .connect: ExportError(.unreachable, error.message)
        case .invalidRequest, .connectionLost, .malformedResponse, .resources:
            ExportError(.transport, error.message)
        }
    }
}
