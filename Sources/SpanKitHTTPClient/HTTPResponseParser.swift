import Foundation

/// Reads one HTTP/1.1 response from the bytes a connection delivers, in whatever pieces they
/// arrive: skips interim (1xx) responses, then reads the body by `Content-Length`, chunked
/// coding, or until the server closes (RFC 9112 §6.3).
///
/// Memory is bounded: the head (and chunked trailers) by ``maximumHeadSize``, the body by
/// `maximumBodySize` — a longer body is cut there, the response counts as complete, and the
/// connection is not reused. A violation throws ``HTTPClientError/Kind/malformedResponse``, a
/// response cut short ``HTTPClientError/Kind/connectionLost``, each with a message
/// about the protocol problem that quotes nothing the server sent.
struct HTTPResponseParser {
    /// How far the response has come, for error messages.
    enum Progress: Equatable {
        case nothing
        case head
        case body
    }

    private enum State: Equatable {
        case head
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkEnd
        case trailers(size: Int)
        case untilClose
        case complete
    }

    /// The largest response head, and the largest chunked trailer section.
    static let maximumHeadSize = 64 * 1024
    /// The most interim responses accepted before the final one.
    static let maximumInterimResponses = 16
    /// The longest chunk-size line (size and extensions).
    static let maximumChunkLineSize = 4 * 1024

    /// The most body bytes kept.
    let maximumBodySize: Int
    /// False for a response to `HEAD`, which has no body whatever its fields say.
    let expectsBody: Bool

    /// The final response's head, once read.
    private(set) var head: HTTPResponseHead?
    /// Every byte received, interim responses included.
    private(set) var receivedByteCount = 0
    /// Whether the body was longer than `maximumBodySize` and was cut.
    private(set) var isBodyTruncated = false

    private var body: [UInt8] = []
    private var state = State.head
    /// Received bytes not yet consumed start at `position`.
    private var buffer: [UInt8] = []
    private var position = 0
    /// Where the search for the end of the head resumes.
    private var scanned = 0
    private var interimResponses = 0
    private var contentLength: Int?
    /// Whether the body's framing leaves the connection able to carry another response.
    private var isSelfDelimited = false
    /// Whether bytes arrived after the response was complete.
    private var hasTrailingBytes = false

    init(maximumBodySize: Int, expectsBody: Bool) {
        self.maximumBodySize = max(0, maximumBodySize)
        self.expectsBody = expectsBody
    }

    /// Whether the whole response (or as much of its body as is kept) has been read.
    var isComplete: Bool { state == .complete }

    /// How far the response has come.
    var progress: Progress {
        if receivedByteCount == 0 { return .nothing }
        return head == nil ? .head : .body
    }

    /// Whether the connection can carry another request: the response was complete, delimited
    /// by its length or chunking, not cut, not followed by stray bytes, and the server did not
    /// ask to close.
    var canReuseConnection: Bool {
        guard state == .complete, isSelfDelimited, !isBodyTruncated, !hasTrailingBytes, position == buffer.count,
              let head, head.minorVersion >= 1 else { return false }
        return !head.tokens(of: "connection").contains("close")
    }

    /// The response; call once complete.
    func response() -> HTTPClientResponse {
        HTTPClientResponse(status: head?.status ?? 0, headers: head?.headers ?? [:], body: Data(body))
    }

    /// Takes the next bytes from the connection.
    mutating func consume(_ bytes: some Collection<UInt8>) throws(HTTPClientError) {
        receivedByteCount += bytes.count
        guard state != .complete else {
            hasTrailingBytes = true
            return
        }
        buffer.append(contentsOf: bytes)
        try advance()
        if position > 0 {
            buffer.removeFirst(position)
            scanned -= position
            position = 0
        }
    }

    /// Takes the end of the stream: completes a body read until close; throws for anything
    /// else that is incomplete.
    mutating func consumeEndOfStream() throws(HTTPClientError) {
        switch state {
        case .complete:
            return
        case .untilClose:
            state = .complete
        case .head:
            if receivedByteCount == 0 {
                throw HTTPClientError(.connectionLost, "the server closed the connection without sending a response")
            }
            if interimResponses > 0, buffer.count == position {
                throw HTTPClientError(.connectionLost, "the server closed the connection after an interim (1xx) response, without a final response")
            }
            throw HTTPClientError(.connectionLost, "the server closed the connection before the response head was complete (\(receivedByteCount) bytes received)")
        case .fixedBody:
            throw HTTPClientError(.connectionLost, "the server closed the connection after \(body.count) of \(contentLength ?? 0) response body bytes")
        case .chunkSize, .chunkData, .chunkEnd, .trailers:
            throw HTTPClientError(.connectionLost, "the server closed the connection in the middle of a chunked response body")
        }
    }

    private mutating func advance() throws(HTTPClientError) {
        // Bounded: every pass consumes bytes or changes state, or returns for more input.
        while true {
            switch state {
            case .head:
                guard try readHead() else { return }
            case .fixedBody(let remaining):
                let count = min(remaining, buffer.count - position)
                keepBody(count: count)
                if isBodyTruncated || count == remaining {
                    state = .complete
                } else {
                    state = .fixedBody(remaining: remaining - count)
                    return
                }
            case .chunkSize:
                guard let line = try nextLine(limit: Self.maximumChunkLineSize, what: "a chunk-size line") else { return }
                let size = try Self.chunkSize(line)
                state = size == 0 ? .trailers(size: 0) : .chunkData(remaining: size)
            case .chunkData(let remaining):
                let count = min(remaining, buffer.count - position)
                keepBody(count: count)
                if isBodyTruncated {
                    state = .complete
                } else if count == remaining {
                    state = .chunkEnd
                } else {
                    state = .chunkData(remaining: remaining - count)
                    return
                }
            case .chunkEnd:
                guard try skipLineEnd() else { return }
                state = .chunkSize
            case .trailers(let size):
                guard let line = try nextLine(limit: Self.maximumHeadSize, what: "a trailer line") else { return }
                if line.isEmpty {
                    state = .complete
                } else {
                    let total = size + line.count + 2
                    guard total <= Self.maximumHeadSize else { throw HTTPResponseHead.malformed("the trailer section exceeds \(Self.maximumHeadSize) bytes") }
                    state = .trailers(size: total)
                }
            case .untilClose:
                keepBody(count: buffer.count - position)
                if isBodyTruncated { state = .complete }
                return
            case .complete:
                if position < buffer.count { hasTrailingBytes = true }
                return
            }
        }
    }

    /// Reads a head if a whole one has arrived; skips it if interim. False when more bytes are needed.
    private mutating func readHead() throws(HTTPClientError) -> Bool {
        let lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        // Empty lines before a status line are skipped for robustness (RFC 9112 §2.2), within reason.
        var skipped = 0
        while position < buffer.count, buffer[position] == carriageReturn || buffer[position] == lineFeed, skipped < 4 {
            position += 1
            skipped += 1
        }
        scanned = max(scanned, position)
        let prefix = Array("HTTP/".utf8)
        let available = buffer.count - position
        guard buffer[position..<position + min(available, prefix.count)].elementsEqual(prefix.prefix(available)) else {
            throw HTTPResponseHead.malformed("the server did not answer with an HTTP/1.x status line")
        }
        var index = scanned
        var end: (content: Int, next: Int)?
        while index < buffer.count, end == nil {
            if buffer[index] == lineFeed {
                let next = index + 1
                if next == buffer.count { break }
                if buffer[next] == lineFeed {
                    end = (next, next + 1)
                } else if buffer[next] == carriageReturn {
                    if next + 1 == buffer.count { break }
                    if buffer[next + 1] == lineFeed { end = (next, next + 2) }
                }
            }
            if end == nil { index += 1 }
        }
        scanned = index
        guard let end else {
            if available > Self.maximumHeadSize {
                throw HTTPResponseHead.malformed("the response head exceeds \(Self.maximumHeadSize) bytes")
            }
            return false
        }
        guard end.content - position <= Self.maximumHeadSize else {
            throw HTTPResponseHead.malformed("the response head exceeds \(Self.maximumHeadSize) bytes")
        }
        let parsed = try HTTPResponseHead.parse(buffer[position..<end.content])
        position = end.next
        scanned = position
        if (100..<200).contains(parsed.status) {
            guard parsed.status != 101 else {
                throw HTTPClientError(.malformedResponse, "unexpected 101 Switching Protocols response to a request that asked for no upgrade")
            }
            interimResponses += 1
            guard interimResponses <= Self.maximumInterimResponses else {
                throw HTTPResponseHead.malformed("more than \(Self.maximumInterimResponses) interim (1xx) responses")
            }
            return true
        }
        head = parsed
        state = try bodyState(for: parsed)
        return true
    }

    /// How the body of `head` is delimited (RFC 9112 §6.3).
    private mutating func bodyState(for head: HTTPResponseHead) throws(HTTPClientError) -> State {
        if !expectsBody || head.status == 204 || head.status == 304 {
            isSelfDelimited = true
            return .complete
        }
        let codings = head.tokens(of: "transfer-encoding")
        let lengths = head.values(of: "content-length")
        if let last = codings.last {
            // With both fields the response may be smuggled or split: honour the transfer
            // coding, as RFC 9112 requires, but never reuse the connection.
            isSelfDelimited = last == "chunked" && lengths.isEmpty
            return last == "chunked" ? .chunkSize : .untilClose
        }
        if !lengths.isEmpty {
            var length: Int?
            for part in lengths.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
                let digits = part.trimmingSpaces()
                guard !digits.isEmpty, digits.utf8.count <= 18,
                      digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                      let value = Int(digits) else {
                    throw HTTPResponseHead.malformed("invalid Content-Length")
                }
                if let length, length != value { throw HTTPResponseHead.malformed("conflicting Content-Length values") }
                length = value
            }
            let value = length ?? 0
            contentLength = value
            isSelfDelimited = true
            return value == 0 ? .complete : .fixedBody(remaining: value)
        }
        return .untilClose
    }

    /// Moves `count` buffered bytes into the body, keeping at most `maximumBodySize`.
    private mutating func keepBody(count: Int) {
        let room = maximumBodySize - body.count
        let kept = min(room, count)
        if kept > 0 { body.append(contentsOf: buffer[position..<position + kept]) }
        if count > room { isBodyTruncated = true }
        position += count
    }

    /// The next line without its line end, or nil until a whole one has arrived.
    private mutating func nextLine(limit: Int, what: String) throws(HTTPClientError) -> ArraySlice<UInt8>? {
        guard let lineFeed = buffer[position...].firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.count - position > limit { throw HTTPResponseHead.malformed("\(what) is too long") }
            return nil
        }
        var end = lineFeed
        if end > position, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        guard end - position <= limit else { throw HTTPResponseHead.malformed("\(what) is too long") }
        let line = buffer[position..<end]
        position = lineFeed + 1
        return line
    }

    /// Skips the CRLF (or bare LF) that must follow chunk data; false until it has arrived.
    private mutating func skipLineEnd() throws(HTTPClientError) -> Bool {
        let available = buffer.count - position
        guard available > 0 else { return false }
        if buffer[position] == UInt8(ascii: "\n") {
            position += 1
            return true
        }
        guard buffer[position] == UInt8(ascii: "\r") else {
            throw HTTPResponseHead.malformed("chunk data is longer than its chunk size")
        }
        guard available > 1 else { return false }
        guard buffer[position + 1] == UInt8(ascii: "\n") else {
            throw HTTPResponseHead.malformed("chunk data is not followed by a line end")
        }
        position += 2
        return true
    }

    /// The size on a chunk-size line (hexadecimal, before any `;` extension).
    private static func chunkSize(_ line: ArraySlice<UInt8>) throws(HTTPClientError) -> Int {
        let sizeEnd = line.firstIndex(of: UInt8(ascii: ";")) ?? line.endIndex
        let text = String(decoding: line[line.startIndex..<sizeEnd], as: UTF8.self).trimmingSpaces()
        guard !text.isEmpty, text.utf8.count <= 15, text.utf8.allSatisfy({ $0.isHexDigit }), let size = Int(text, radix: 16) else {
            throw HTTPResponseHead.malformed("invalid chunk size")
        }
        return size
    }
}

extension UInt8 {
    /// Whether the byte is an ASCII hexadecimal digit.
    fileprivate var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }
}
