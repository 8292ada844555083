/// The transport HTTP exporters use unless given another: on Linux (and wherever Foundation's
/// networking is swift-corelibs-foundation) ``SocketHTTPTransport`` for `http://` URLs and
/// ``URLSessionTransport`` for everything else; on Apple platforms ``URLSessionTransport`` for
/// everything, so App Transport Security, proxies and the system's networking policies apply.
///
/// Plain HTTP does not go through URLSession on Linux because swift-corelibs-foundation's
/// URLSession can bring down the whole process when a collector misbehaves: a server that sends
/// a complete status line or part of its headers and then closes the connection makes
/// FoundationNetworking trap with "Transfer completed, but there's no response"
/// (`NativeProtocol.swift`). It also re-sends a POST without its body on a reused connection and
/// truncates timeouts to whole seconds. An observability SDK must never crash its host, so
/// `http://` collectors (local Phoenix, OpenTelemetry collectors) get the socket transport.
/// `https://` stays on URLSession, since TLS would need OpenSSL.
///
/// The URLSession transport is created on first use, so an app that only exports over plain
/// HTTP never starts a URLSession.
final class DefaultHTTPTransport: HTTPTransport {
    /// The transport for `http://` URLs.
    let socketTransport: SocketHTTPTransport
    private let sessionTransport = Locked<URLSessionTransport?>.make(nil)

    /// Creates a transport that sends `http://` requests with `socketTransport`.
    init(socketTransport: SocketHTTPTransport = SocketHTTPTransport()) {
        self.socketTransport = socketTransport
    }

    /// Sends `request` with the transport for its URL scheme.
    ///
    /// - Throws: ``ExportError`` of kind `.transport`, `.unreachable`, `.timeout` or `.cancelled`.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        #if canImport(FoundationNetworking)
        if request.url.scheme?.lowercased() == "http" {
            return try await socketTransport.send(request)
        }
        #endif
        let session = sessionTransport.withLock { transport in
            if let transport { return transport }
            let created = URLSessionTransport()
            transport = created
            return created
        }
        return try await session.send(request)
    }

    /// Closes the socket transport's idle connections and lets the URLSession go: it is
    /// invalidated once its requests in flight finish (their tasks hold it until then), and the
    /// next `https://` request starts a new one.
    func closeIdleConnections() {
        socketTransport.closeIdleConnections()
        _ = sessionTransport.withLock { transport -> URLSessionTransport? in
            defer { transport = nil }
            return transport
        }
    }

    /// Whether `request` goes through the socket transport, which enforces its timeout;
    /// URLSession cuts timeouts to whole seconds and is raced against the deadline instead.
    func enforcesTimeout(of request: HTTPRequest) -> Bool {
        #if canImport(FoundationNetworking)
        request.url.scheme?.lowercased() == "http"
        #else
        false
        #endif
    }
}
