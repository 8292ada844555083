import Foundation

/// One request as the local HTTP server received it.
///
/// The server records a request once it has read the whole body — or, when the connection ended
/// first (client gone, ``ServerAction/resetBeforeBody``, server stopping), with what it had then
/// and `isBodyComplete == false`. Handlers see the same value; the one given to
/// ``RequestHandler/actionBeforeBody(for:)`` has no body yet.
public struct RecordedRequest: Sendable, CustomStringConvertible {
    /// Position in the order the server received request heads, from 0, across all connections.
    public let sequenceNumber: Int
    /// The connection it arrived on, numbered from 0 in accept order.
    public let connectionID: Int
    /// Position on its connection, from 0 (greater than 0 means a reused keep-alive connection).
    public let indexOnConnection: Int
    /// When the request head had arrived.
    public let receivedAt: Date

    /// The method, e.g. `POST`.
    public let method: String
    /// The request target as sent, e.g. `/v1/traces?x=1`.
    public let target: String
    /// The target's path, percent-encoding kept, e.g. `/v1/traces`.
    public let path: String
    /// The target's query without `?`; nil when there is no `?`.
    public let query: String?
    /// The protocol version, e.g. `HTTP/1.1`.
    public let version: String
    /// The header fields.
    public let headers: HTTPHeaders

    /// The body bytes as they arrived, with chunked framing removed but any content encoding kept.
    public internal(set) var body = Data()
    /// The body with its `Content-Encoding` undone: `body` itself when there is none (or
    /// `identity`), the decompressed bytes for `gzip`; nil when decoding failed or the encoding is
    /// unsupported (see ``bodyDecodingError``), or while the body is incomplete.
    public internal(set) var decodedBody: Data?
    /// Why ``decodedBody`` is nil for a complete body.
    public internal(set) var bodyDecodingError: String?
    /// Whether the whole body was read.
    public internal(set) var isBodyComplete = false
    /// Trailer fields after a chunked body.
    public internal(set) var trailers = HTTPHeaders()
    /// Whether the body came with `Transfer-Encoding: chunked`.
    public internal(set) var usedChunkedEncoding = false
    /// Whether the server sent `100 Continue` for this request.
    public internal(set) var sentContinue = false
    /// When the body had been read (nil while incomplete).
    public internal(set) var completedAt: Date?

    init(
        sequenceNumber: Int, connectionID: Int, indexOnConnection: Int, receivedAt: Date,
        method: String, target: String, version: String, headers: HTTPHeaders
    ) {
        self.sequenceNumber = sequenceNumber
        self.connectionID = connectionID
        self.indexOnConnection = indexOnConnection
        self.receivedAt = receivedAt
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        if let mark = target.firstIndex(of: "?") {
            path = String(target[..<mark])
            query = String(target[target.index(after: mark)...])
        } else {
            path = target
            query = nil
        }
    }

    /// The value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? { headers[name] }

    /// The query parsed into items (percent-decoded); empty without a query.
    public var queryItems: [URLQueryItem] {
        guard let query else { return [] }
        var components = URLComponents()
        components.percentEncodedQuery = query
        return components.queryItems ?? []
    }

    /// The decoded body (or the raw body when decoding failed) as UTF-8 text.
    public var bodyText: String { String(decoding: decodedBody ?? body, as: UTF8.self) }

    /// Whether the client asked for `100 Continue`.
    public var expectsContinue: Bool { headers.containsToken("100-continue", in: "Expect") }

    public var description: String {
        "#\(sequenceNumber) \(method) \(target) (connection \(connectionID)/\(indexOnConnection), "
            + "\(body.count) body bytes\(isBodyComplete ? "" : ", incomplete"))"
    }
}
