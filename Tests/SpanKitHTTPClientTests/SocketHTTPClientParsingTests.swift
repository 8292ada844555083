import Foundation
@testable import SpanKitHTTPClient
import Testing

/// The socket client's HTTP parts, no sockets involved: URL targets, the request head, and
/// the response parser fed in awkward pieces.
@Suite struct SocketHTTPClientParsingTests {
    // MARK: Targets

    @Test func targetOfAPlainURL() throws {
        let target = try HTTPTarget(url: URL(string: "http://Collector.example/v1/traces")!)
        #expect(target.host == "Collector.example")
        #expect(target.port == 80)
        #expect(target.hostField == "Collector.example")
        #expect(target.requestTarget == "/v1/traces")
        #expect(target.displayName == "Collector.example:80")
    }

    @Test func targetOfAnIPv6URLWithQueryFragmentAndCredentials() throws {
        let target = try HTTPTarget(url: URL(string: "http://user:pass@[::1]:8080/a%20b?x=1&y=%2F#fragment")!)
        #expect(target.host == "::1")
        #expect(target.port == 8080)
        #expect(target.hostField == "[::1]:8080")
        #expect(target.requestTarget == "/a%20b?x=1&y=%2F")
        #expect(target.displayName == "[::1]:8080")
        #expect(target.endpoint != (try HTTPTarget(url: URL(string: "http://[::1]:8081/")!)).endpoint)
    }

    @Test func targetOfAnEmptyPathWithAQuery() throws {
        let target = try HTTPTarget(url: URL(string: "HTTP://127.0.0.1:4318?debug")!)
        #expect(target.requestTarget == "/?debug")
        #expect(target.hostField == "127.0.0.1:4318")
    }

    @Test(arguments: ["https://example.com/", "ftp://example.com/", "file:///tmp/x", "/relative/path"])
    func targetsOtherThanHTTPAreRefused(url: String) {
        let error = #expect(throws: HTTPClientError.self) { try HTTPTarget(url: URL(string: url)!) }
        #expect(error?.kind == .invalidRequest)
    }

    // MARK: Parser

    func parse(_ text: String, pieceSize: Int = 1, maximumBodySize: Int = 1_000, expectsBody: Bool = true) throws -> HTTPResponseParser {
        var parser = HTTPResponseParser(maximumBodySize: maximumBodySize, expectsBody: expectsBody)
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count, !parser.isComplete {
            try parser.consume(bytes[start..<min(bytes.count, start + pieceSize)])
            start += pieceSize
        }
        return parser
    }

    @Test(arguments: [1, 2, 3, 7, 1_000])
    func responsesParseInPiecesOfAnySize(pieceSize: Int) throws {
        let text = "\r\nHTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3\r\nabc\r\n10;x=y\r\n0123456789abcdef\r\n0\r\nX-Trailer: 1\r\n\r\n"
        let parser = try parse(text, pieceSize: pieceSize)
        #expect(parser.isComplete)
        #expect(parser.canReuseConnection)
        let response = parser.response()
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "text/plain")
        #expect(String(decoding: response.body, as: UTF8.self) == "abc0123456789abcdef")
    }

    @Test func reuseNeedsASelfDelimitedCompleteResponseWithoutCloseOrStrayBytes() throws {
        #expect(try parse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok").canReuseConnection)
        #expect(try parse("HTTP/1.1 204 No Content\r\n\r\n").canReuseConnection)
        #expect(try parse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n", expectsBody: false).canReuseConnection)
        #expect(try !parse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok").canReuseConnection)
        #expect(try !parse("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok").canReuseConnection)
        #expect(try !parse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokSTRAY", pieceSize: 100).canReuseConnection)
        #expect(try !parse("HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\n" + String(repeating: "x", count: 2_000), pieceSize: 500).canReuseConnection)
        #expect(try !parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n").canReuseConnection)

        var untilClose = try parse("HTTP/1.1 200 OK\r\n\r\nbody")
        #expect(!untilClose.isComplete)
        try untilClose.consumeEndOfStream()
        #expect(untilClose.isComplete && !untilClose.canReuseConnection)
        #expect(untilClose.response().body == Data("body".utf8))
    }

    @Test func progressFollowsTheResponse() throws {
        var parser = HTTPResponseParser(maximumBodySize: 10, expectsBody: true)
        #expect(parser.progress == .nothing)
        try parser.consume(Array("HTTP/1.1 200 OK\r\n".utf8)[...])
        #expect(parser.progress == .head)
        try parser.consume(Array("Content-Length: 4\r\n\r\nab".utf8)[...])
        #expect(parser.progress == .body)
        #expect(!parser.isComplete)
        #expect(throws: HTTPClientError(.connectionLost, "the server closed the connection after 2 of 4 response body bytes")) {
            try parser.consumeEndOfStream()
        }
    }

    @Test func protocolViolationsAreMalformedAndCutsAreLostConnections() throws {
        #expect(throws: HTTPClientError(.malformedResponse, "malformed response: the server did not answer with an HTTP/1.x status line")) {
            try parse("SSH-2.0-OpenSSH\r\n")
        }
        #expect(throws: HTTPClientError(.malformedResponse, "malformed response: conflicting Content-Length values")) {
            try parse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n")
        }
        var empty = HTTPResponseParser(maximumBodySize: 10, expectsBody: true)
        #expect(throws: HTTPClientError(.connectionLost, "the server closed the connection without sending a response")) {
            try empty.consumeEndOfStream()
        }
        var chunked = try parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab")
        #expect(throws: HTTPClientError(.connectionLost, "the server closed the connection in the middle of a chunked response body")) {
            try chunked.consumeEndOfStream()
        }
    }

    @Test func requestHeadCarriesTheTargetAndFraming() throws {
        let target = try HTTPTarget(url: URL(string: "http://[::1]:8080/v1/traces?x=1")!)
        let request = HTTPClientRequest(url: URL(string: "http://[::1]:8080/v1/traces?x=1")!, headers: [(name: "X-A", value: " 1 ")], body: Data("hi".utf8))
        let head = try HTTPRequestHead.bytes(for: request, target: target, keepAlive: false)
        #expect(String(decoding: head, as: UTF8.self)
            == "POST /v1/traces?x=1 HTTP/1.1\r\nHost: [::1]:8080\r\nX-A: 1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n")
        #expect(throws: HTTPClientError(.invalidRequest, "request header #1 has an invalid name")) {
            try HTTPRequestHead.bytes(for: HTTPClientRequest(url: request.url, headers: [(name: "Bad Name", value: "x")]), target: target, keepAlive: true)
        }
        #expect(throws: HTTPClientError(.invalidRequest, "the request method is not a valid HTTP token")) {
            try HTTPRequestHead.bytes(for: HTTPClientRequest(url: request.url, method: "PO ST"), target: target, keepAlive: true)
        }
    }
}
