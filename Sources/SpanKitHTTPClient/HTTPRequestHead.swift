/// The request line and header block the socket client writes before the body.
///
/// The client owns the fields that frame the message and the connection (`Host`,
/// `Content-Length`, `Connection`, …), so same-named fields in the request are replaced, not
/// duplicated: a duplicate or conflicting framing field would let a server mis-read the body.
/// `Expect: 100-continue` is never sent; the body follows the head at once.
enum HTTPRequestHead {
    /// Fields the client writes itself (lowercased).
    static let managedFields: Set<String> = [
        "host", "content-length", "transfer-encoding", "connection", "keep-alive", "proxy-connection", "te",
        "trailer", "upgrade", "expect",
    ]

    /// Methods that carry no body unless given one, so no `Content-Length: 0` is sent for them.
    private static let bodilessMethods: Set<String> = ["GET", "HEAD", "DELETE", "OPTIONS", "TRACE", "CONNECT"]

    /// The head for `request` to `target`, asking the server to close the connection afterwards
    /// unless `keepAlive`. Throws ``HTTPClientError/Kind/invalidRequest`` for a method or header field that
    /// would break the message framing (control characters, line breaks); the message names the
    /// field, never its value.
    static func bytes(for request: HTTPClientRequest, target: HTTPTarget, keepAlive: Bool) throws(HTTPClientError) -> [UInt8] {
        guard !request.method.isEmpty, request.method.utf8.allSatisfy(isTokenByte) else {
            throw HTTPClientError(.invalidRequest, "the request method is not a valid HTTP token")
        }
        var head = "\(request.method) \(target.requestTarget) HTTP/1.1\r\nHost: \(target.hostField)\r\n"
        for (index, field) in request.headers.enumerated() {
            guard !field.name.isEmpty, field.name.utf8.allSatisfy(isTokenByte) else {
                throw HTTPClientError(.invalidRequest, "request header #\(index + 1) has an invalid name")
            }
            guard field.value.utf8.allSatisfy(isFieldValueByte) else {
                throw HTTPClientError(.invalidRequest, "request header \(field.name) has a value with a line break or control character")
            }
            if managedFields.contains(field.name.lowercased()) { continue }
            head += "\(field.name): \(field.value.trimmingSpaces())\r\n"
        }
        if !request.body.isEmpty || !bodilessMethods.contains(request.method.uppercased()) {
            head += "Content-Length: \(request.body.count)\r\n"
        }
        if !keepAlive { head += "Connection: close\r\n" }
        head += "\r\n"
        return Array(head.utf8)
    }

    /// RFC 9110 `tchar`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// A byte allowed in a field value: visible characters, space, tab, and non-ASCII.
    private static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
    }
}
