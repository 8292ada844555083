import Foundation

/// A response the local HTTP server sends for ``ServerAction/respond(_:)`` and
/// ``ServerAction/trickle(_:chunkSize:interval:)``.
///
/// The server adds `Content-Length` (unless the headers already have it or `Transfer-Encoding`,
/// in which case the body is sent exactly as given) and `Connection: close` when it will close
/// the connection after the response.
public struct ServerResponse: Sendable {
    public var status: Int
    /// The reason phrase; nil uses the standard one for `status`.
    public var reason: String?
    public var headers: HTTPHeaders
    public var body: Data
    /// Close the connection (gracefully) after sending this response.
    public var closesConnection: Bool

    public init(status: Int = 200, reason: String? = nil, headers: HTTPHeaders = [:], body: Data = Data(), closesConnection: Bool = false) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
        self.closesConnection = closesConnection
    }

    /// A response with a UTF-8 text body (`Content-Type: text/plain` unless `headers` set one).
    public init(status: Int = 200, headers: HTTPHeaders = [:], text: String, closesConnection: Bool = false) {
        var headers = headers
        if !headers.contains("Content-Type") { headers.add("Content-Type", "text/plain; charset=utf-8") }
        self.init(status: status, headers: headers, body: Data(text.utf8), closesConnection: closesConnection)
    }

    /// A response with a JSON body (`Content-Type: application/json`).
    public static func json(_ json: String, status: Int = 200) -> ServerResponse {
        ServerResponse(status: status, headers: ["Content-Type": "application/json"], body: Data(json.utf8))
    }

    /// The date in the IMF-fixdate form HTTP uses, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
    public static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    /// The standard reason phrase for `status` ("Unknown" for unlisted codes).
    public static func reasonPhrase(for status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 206: "Partial Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 417: "Expectation Failed"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Unknown"
        }
    }

    /// Whether a response with this status never has a body (1xx, 204, 304).
    var statusForbidsBody: Bool { (100..<200).contains(status) || status == 204 || status == 304 }

    /// The status line and header block, ending with the empty line.
    func head(closing: Bool) -> Data {
        var headers = headers
        if !headers.contains("Content-Length"), !headers.contains("Transfer-Encoding"), !statusForbidsBody {
            headers.add("Content-Length", String(body.count))
        }
        if closing, !headers.containsToken("close", in: "Connection") { headers.add("Connection", "close") }
        var text = "HTTP/1.1 \(status) \(reason ?? Self.reasonPhrase(for: status))\r\n"
        for field in headers { text += "\(field.name): \(field.value)\r\n" }
        text += "\r\n"
        return Data(text.utf8)
    }
}
