import Foundation

/// What the local HTTP server does with a request: answer it, or inject a fault.
public indirect enum ServerAction: Sendable {
    /// Sends a complete response. The connection stays open for the next request (keep-alive)
    /// unless the response or the request asks to close it, or the request is HTTP/1.0.
    case respond(ServerResponse)

    /// Waits `delay`, then performs `action` (a slow server). If the server stops meanwhile the
    /// connection is closed without answering. A delayed ``resetBeforeBody`` waits before the body
    /// is read.
    case delayed(Duration, then: ServerAction)

    /// Sends the status line and headers at once, then the body `chunkSize` bytes at a time with
    /// `interval` between pieces (a very slow body).
    case trickle(ServerResponse, chunkSize: Int, interval: Duration)

    /// "Mid-request" reset: closes with a TCP RST right after reading the request head, without
    /// sending `100 Continue` and without reading the body. Only takes effect before the body when
    /// returned by ``RequestHandler/actionBeforeBody(for:)`` (``ScriptedHandler`` does this);
    /// from ``RequestHandler/action(for:)`` the body has been read and it acts like
    /// ``resetAfterRequest``.
    case resetBeforeBody

    /// Reads the whole request, then closes with a TCP RST without answering.
    case resetAfterRequest

    /// "Mid-response" reset: sends `partial` (by default a status line and half a header line),
    /// pauses briefly so the client reads it, then closes with a TCP RST.
    case resetMidResponse(partial: Data = ServerAction.partialResponseHead)

    /// Closes the connection gracefully (FIN) without answering.
    case closeWithoutResponse

    /// Never answers: keeps the connection open, reading and discarding whatever arrives, until
    /// the client closes it or the server stops (``LocalHTTPServer/stop()`` does not wait for it).
    case neverAnswer

    /// Sends `bytes` verbatim, then closes gracefully: malformed or truncated responses.
    case raw(Data)

    /// A status line and the start of a header, cut off: the default for ``resetMidResponse(partial:)``.
    public static let partialResponseHead = Data("HTTP/1.1 200 OK\r\nContent-Type: applic".utf8)

    /// `200 OK` with an empty body.
    public static let ok = ServerAction.respond(ServerResponse())

    /// A response with `status`, an optional text body and extra headers.
    public static func status(_ status: Int, body: String = "", headers: HTTPHeaders = [:]) -> ServerAction {
        .respond(ServerResponse(status: status, headers: headers, body: Data(body.utf8)))
    }

    /// `429 Too Many Requests` without `Retry-After`.
    public static let tooManyRequests = ServerAction.status(429)

    /// `status` (default 429) with `Retry-After: <seconds>`.
    public static func retryAfter(seconds: Int, status: Int = 429) -> ServerAction {
        .status(status, headers: ["Retry-After": String(seconds)])
    }

    /// `status` (default 429) with `Retry-After` in HTTP-date form.
    public static func retryAfter(date: Date, status: Int = 429) -> ServerAction {
        .status(status, headers: ["Retry-After": ServerResponse.httpDate(date)])
    }

    /// Bytes that are not HTTP at all, then a graceful close.
    public static let garbage = ServerAction.raw(Data("\u{16}\u{03}\u{01}garbage, not HTTP\r\n\r\n".utf8))

    /// A valid status line and nothing else, then a graceful close.
    public static let statusLineOnly = ServerAction.raw(Data("HTTP/1.1 200 OK\r\n".utf8))

    /// Whether this action (after any delays) happens before the request body is read.
    var actsBeforeBody: Bool {
        switch self {
        case .resetBeforeBody: true
        case .delayed(_, let next): next.actsBeforeBody
        default: false
        }
    }
}
