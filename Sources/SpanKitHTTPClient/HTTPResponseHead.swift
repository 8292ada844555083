/// A parsed response status line and header block.
///
/// Parsing is strict where leniency could mis-frame the body (a header line without a colon,
/// whitespace before the colon, a bad name) and lenient where RFC 9112 allows it (bare LF line
/// ends, obsolete line folding, a missing reason phrase). Error messages describe the problem
/// and a line number, never the line itself: a server may echo request headers, credentials
/// included.
struct HTTPResponseHead: Sendable {
    /// The `x` of `HTTP/1.x`.
    let minorVersion: Int
    /// The status code.
    let status: Int
    /// The header fields in order, names as sent.
    let fields: [Field]

    /// One header field.
    struct Field: Sendable, Equatable {
        let name: String
        let value: String
    }

    /// Every value of the field `name` (case-insensitive), in order.
    func values(of name: String) -> [String] {
        fields.filter { $0.name.lowercased() == name }.map(\.value)
    }

    /// The comma-separated elements of every `name` field, trimmed and lowercased.
    func tokens(of name: String) -> [String] {
        values(of: name).flatMap { $0.split(separator: ",") }
            .map { $0.trimmingSpaces().lowercased() }
            .filter { !$0.isEmpty }
    }

    /// The fields as ``HTTPClientResponse`` holds them: lowercased names, repeated fields joined with
    /// ", " (RFC 9110 §5.3).
    var headers: [String: String] {
        var joined: [String: String] = [:]
        for field in fields {
            let name = field.name.lowercased()
            joined[name] = joined[name].map { "\($0), \(field.value)" } ?? field.value
        }
        return joined
    }

    /// Parses a head: the bytes up to, not including, the empty line that ends it.
    static func parse(_ bytes: ArraySlice<UInt8>) throws(HTTPClientError) -> HTTPResponseHead {
        var lines: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            var end = index
            if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            lines.append(bytes[start..<end])
            start = index + 1
        }
        if start < bytes.endIndex { lines.append(bytes[start...]) }
        guard let statusLine = lines.first else { throw malformed("the response head is empty") }
        let (minor, status) = try parseStatusLine(statusLine)

        var fields: [Field] = []
        for (offset, line) in lines.dropFirst().enumerated() {
            let number = offset + 2
            if line.contains(UInt8(ascii: "\r")) || line.contains(0) {
                throw malformed("header line \(number) contains a stray CR or NUL byte")
            }
            if let first = line.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
                // Obsolete line folding (RFC 9112 §5.2): a user agent replaces it with a space.
                guard let last = fields.popLast() else { throw malformed("header line \(number) is a continuation with nothing to continue") }
                fields.append(Field(name: last.name, value: last.value + " " + text(line).trimmingSpaces()))
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                throw malformed("header line \(number) has no colon")
            }
            let name = line[line.startIndex..<colon]
            guard !name.isEmpty, name.allSatisfy(HTTPRequestHead.isTokenByte) else {
                throw malformed("header line \(number) has an invalid field name")
            }
            fields.append(Field(name: text(name), value: text(line[(colon + 1)...]).trimmingSpaces()))
        }
        return HTTPResponseHead(minorVersion: minor, status: status, fields: fields)
    }

    /// `HTTP/1.x SP 3DIGIT [SP reason]`.
    private static func parseStatusLine(_ line: ArraySlice<UInt8>) throws(HTTPClientError) -> (minor: Int, status: Int) {
        let bytes = Array(line)
        guard bytes.count >= 12, bytes.starts(with: Array("HTTP/1.".utf8)), isDigit(bytes[7]), bytes[8] == UInt8(ascii: " ") else {
            throw malformed("the status line is not HTTP/1.x")
        }
        let digits = bytes[9..<12]
        guard digits.allSatisfy(isDigit), bytes.count == 12 || bytes[12] == UInt8(ascii: " ") else {
            throw malformed("the status code is not three digits")
        }
        let status = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        guard status >= 100 else { throw malformed("the status code \(status) is out of range") }
        return (Int(bytes[7] - UInt8(ascii: "0")), status)
    }

    /// A ``HTTPClientError/Kind/malformedResponse`` error for a response that breaks HTTP/1.1.
    static func malformed(_ problem: String) -> HTTPClientError {
        HTTPClientError(.malformedResponse, "malformed response: \(problem)")
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func text(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
