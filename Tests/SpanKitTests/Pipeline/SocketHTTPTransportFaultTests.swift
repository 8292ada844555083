import Foundation
@testable import SpanKit
import SpanKitHTTPClient
import TestSupport
import Testing

/// Every fault the local HTTP server can inject, and malformed responses, through the socket
/// transport: each ends in a response or an ``ExportError`` of the right kind — never a crash or
/// a hang — and no message repeats a header value.
///
/// Each test uses a fresh transport, so every fault hits a fresh connection (the retry on reused
/// connections is tested in `SocketHTTPTransportTests`).
@Suite(.serialized) struct SocketHTTPTransportFaultTests {
    /// Sends one request to a server answering with `action` and returns the error it throws.
    func failure(
        of action: ServerAction, body: Data = Data("payload".utf8), timeout: Duration = .seconds(5)
    ) async throws -> ExportError? {
        let server = try LocalHTTPServer(handler: ScriptedHandler([action]))
        defer { server.stop() }
        let request = SocketHTTPTransportTests.request(server.url("/v1/traces"), body: body, timeout: timeout)
        let error = await #expect(throws: ExportError.self) { try await SocketHTTPTransport().send(request) }
        if let error { #expect(!error.message.contains(SocketHTTPTransportTests.secret)) }
        return error
    }

    /// Sends one request to a server answering with `action` and returns the response.
    func response(to action: ServerAction, transport: SocketHTTPTransport = SocketHTTPTransport()) async throws -> HTTPResponse {
        let server = try LocalHTTPServer(respondingWith: action)
        defer { server.stop() }
        return try await transport.send(SocketHTTPTransportTests.request(server.url("/v1/traces")))
    }

    static func raw(_ text: String) -> ServerAction { .raw(Data(text.utf8)) }

    // MARK: Connection faults

    @Test func resetBeforeTheBodyIsATransportError() async throws {
        let error = try await failure(of: .resetBeforeBody, body: TestServerTests.pseudoRandomBytes(count: 3_000_000))
        #expect(error?.kind == .transport)
    }

    @Test func resetAfterTheRequestIsATransportError() async throws {
        let error = try await failure(of: .resetAfterRequest)
        #expect(error?.kind == .transport)
        #expect(error?.message.contains("before any response arrived") == true)
    }

    @Test func resetMidResponseIsATransportError() async throws {
        let error = try await failure(of: .resetMidResponse())
        #expect(error?.kind == .transport)
        #expect(error?.message.contains("in the middle of the response head") == true)
    }

    @Test func closeWithoutResponseIsATransportError() async throws {
        let error = try await failure(of: .closeWithoutResponse)
        #expect(error?.kind == .transport)
        #expect(error?.message == "the server closed the connection without sending a response")
    }

    @Test func neverAnsweringTimesOutAtTheDeadline() async throws {
        let started = ContinuousClock.now
        let error = try await failure(of: .neverAnswer, timeout: .milliseconds(300))
        let elapsed = ContinuousClock.now - started

        #expect(error?.kind == .timeout)
        #expect(error?.message == "the request timed out after 0.3 seconds waiting for the response")
        #expect(elapsed >= .milliseconds(300))
        #expect(elapsed < .seconds(60), "not the server's 10 minutes")  // generous: a loaded machine under ThreadSanitizer
    }

    @Test func serverThatStopsReadingTimesOutTheUpload() async throws {
        // The server reads the head and then nothing for 3 s: once the socket buffers are full,
        // the body cannot be written and the deadline ends the request.
        let started = ContinuousClock.now
        let error = try await failure(
            of: .delayed(.seconds(30), then: .resetBeforeBody), body: Data(count: 32 * 1024 * 1024), timeout: .milliseconds(500))

        #expect(error?.kind == .timeout)
        #expect(error?.message == "the request timed out after 0.5 seconds sending the request")
        #expect(ContinuousClock.now - started < .seconds(25), "before the server's 30 s")
    }

    @Test func zeroTimeoutFailsAtOnceWithoutConnecting() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }

        let error = await #expect(throws: ExportError.self) {
            try await SocketHTTPTransport().send(SocketHTTPTransportTests.request(server.url("/v1/traces"), timeout: .zero))
        }

        #expect(error?.kind == .timeout)
        #expect(server.statistics.connectionsAccepted == 0)
    }

    @Test func connectionRefusedMeansUnreachable() async throws {
        let port = try LocalHTTPServer.unusedPort()

        let error = await #expect(throws: ExportError.self) {
            try await SocketHTTPTransport().send(SocketHTTPTransportTests.request(URL(string: "http://127.0.0.1:\(port)/v1/traces")!))
        }

        #expect(error?.kind == .unreachable, "retried like any transport failure, but not at shutdown")
        // The message says it was the refusal, not the 10 s connect timeout, however slow the machine.
        #expect(error?.message.hasPrefix("could not connect to 127.0.0.1:\(port): connection refused") == true)
    }

    // MARK: Malformed responses

    @Test func garbageIsAMalformedResponse() async throws {
        let error = try await failure(of: .garbage)
        #expect(error?.kind == .transport)
        #expect(error?.message == "malformed response: the server did not answer with an HTTP/1.x status line")
    }

    @Test func statusLineOnlyIsAnIncompleteHeadNotACrash() async throws {
        let error = try await failure(of: .statusLineOnly)
        #expect(error?.kind == .transport)
        #expect(error?.message == "the server closed the connection before the response head was complete (17 bytes received)")
    }

    @Test func truncatedBodyIsATransportError() async throws {
        let error = try await failure(of: Self.raw("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort"))
        #expect(error?.kind == .transport)
        #expect(error?.message == "the server closed the connection after 5 of 100 response body bytes")
    }

    @Test func truncatedChunkedBodyIsATransportError() async throws {
        let error = try await failure(of: Self.raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"))
        #expect(error?.message == "the server closed the connection in the middle of a chunked response body")
    }

    @Test func headerLineWithoutColonIsMalformedAndNotQuoted() async throws {
        let echo = "X-Echo Bearer \(SocketHTTPTransportTests.secret)"
        let error = try await failure(of: Self.raw("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\(echo)\r\n\r\n"))
        #expect(error?.kind == .transport)
        #expect(error?.message == "malformed response: header line 3 has no colon")
    }

    @Test(arguments: [
        ("HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n", "malformed response: invalid Content-Length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "malformed response: invalid Content-Length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n", "malformed response: invalid Content-Length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", "malformed response: conflicting Content-Length values"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "malformed response: invalid chunk size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", "malformed response: chunk data is longer than its chunk size"),
        ("HTTP/1.1 2000 OK\r\n\r\n", "malformed response: the status code is not three digits"),
        ("HTTP/2 200 OK\r\n\r\n", "malformed response: the status line is not HTTP/1.x"),
        ("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", "malformed response: header line 2 has an invalid field name"),
        ("HTTP/1.1 200 OK\r\nName : x\r\n\r\n", "malformed response: header line 2 has an invalid field name"),
        ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n", "unexpected 101 Switching Protocols response to a request that asked for no upgrade"),
        ("HTTP/1.1 100 Continue\r\n\r\n", "the server closed the connection after an interim (1xx) response, without a final response"),
    ])
    func malformedResponsesAreTransportErrors(response: String, message: String) async throws {
        let error = try await failure(of: Self.raw(response))
        #expect(error?.kind == .transport)
        #expect(error?.message == message)
    }

    @Test func oversizedHeadIsRefused() async throws {
        let header = "X-Big: " + String(repeating: "a", count: 70_000) + "\r\n"
        let error = try await failure(of: Self.raw("HTTP/1.1 200 OK\r\n" + header + "\r\n"))
        #expect(error?.message == "malformed response: the response head exceeds 65536 bytes")
    }

    // MARK: Valid responses

    @Test func retryAfterHeadersAreReadable() async throws {
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let server = try LocalHTTPServer(handler: ScriptedHandler([.retryAfter(seconds: 7), .retryAfter(date: date), .retryAfter(seconds: 3, status: 503)]))
        defer { server.stop() }
        let transport = SocketHTTPTransport()
        var answers: [(Int, String?)] = []
        for _ in 0..<3 {
            let response = try await transport.send(SocketHTTPTransportTests.request(server.url("/v1/traces")))
            answers.append((response.status, response.headers["retry-after"]))
        }
        #expect(answers.map(\.0) == [429, 429, 503])
        #expect(answers.map(\.1) == ["7", "Tue, 14 Nov 2023 22:13:20 GMT", "3"])
        #expect(server.statistics.connectionsAccepted == 1)
    }

    @Test func chunkedBodyWithExtensionsAndTrailersIsReassembled() async throws {
        let chunked = "5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: abc\r\n\r\n"
        let transport = SocketHTTPTransport()
        let server = try LocalHTTPServer(respondingWith: .respond(ServerResponse(
            status: 200, headers: ["Transfer-Encoding": "chunked", "X-Kind": "chunked"], body: Data(chunked.utf8))))
        defer { server.stop() }

        for _ in 0..<2 {
            let response = try await transport.send(SocketHTTPTransportTests.request(server.url("/v1/traces")))
            #expect(String(decoding: response.body, as: UTF8.self) == "hello world")
            #expect(response.headers["x-kind"] == "chunked")
        }
        #expect(server.statistics.connectionsAccepted == 1)  // a chunked response keeps the connection
    }

    @Test func chunkedBodyArrivingByteByByteIsReassembled() async throws {
        let body = "4\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\n\r\n"
        let response = try await response(to: .trickle(
            ServerResponse(headers: ["Transfer-Encoding": "chunked"], body: Data(body.utf8)), chunkSize: 1, interval: .milliseconds(1)))
        #expect(String(decoding: response.body, as: UTF8.self) == "Wikipedia in\r\n\r\nchunks.")
    }

    @Test func interimResponsesAreSkipped() async throws {
        let response = try await response(to: Self.raw(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n"
                + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok"))
        #expect(response.status == 201)
        #expect(response.headers["link"] == nil)
        #expect(String(decoding: response.body, as: UTF8.self) == "ok")
    }

    @Test func bodyUntilCloseAndLenientHeadAreAccepted() async throws {
        let response = try await response(to: Self.raw(
            "HTTP/1.0 200\nX-Folded: first\n  second\nX-Dup: a\nx-dup: b\n\nuntil the server closes"))
        #expect(response.status == 200)
        #expect(response.headers["x-folded"] == "first second")
        #expect(response.headers["x-dup"] == "a, b")
        #expect(String(decoding: response.body, as: UTF8.self) == "until the server closes")
    }

    @Test func noContentHasNoBodyAndKeepsTheConnection() async throws {
        let server = try LocalHTTPServer(respondingWith: .status(204))
        defer { server.stop() }
        let transport = SocketHTTPTransport()
        for _ in 0..<2 {
            let response = try await transport.send(SocketHTTPTransportTests.request(server.url("/v1/traces")))
            #expect(response.status == 204)
            #expect(response.body.isEmpty)
        }
        #expect(server.statistics.connectionsAccepted == 1)
    }

    @Test func hugeBodyIsCappedAndTheConnectionDropped() async throws {
        let server = try LocalHTTPServer(respondingWith: .respond(ServerResponse(body: Data(count: 6 * 1024 * 1024))))
        defer { server.stop() }
        let transport = SocketHTTPTransport()

        let response = try await transport.send(SocketHTTPTransportTests.request(server.url("/big")))
        #expect(response.status == 200)
        #expect(response.body.count == SocketHTTPClient.defaultMaximumResponseBodySize)
        #expect(response.headers["content-length"] == String(6 * 1024 * 1024))

        #expect(try await transport.send(SocketHTTPTransportTests.request(server.url("/next"))).status == 200)
        #expect(server.statistics.connectionsAccepted == 2)
    }

    @Test(arguments: [
        "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1388\r\n",
        "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n",
    ])
    func smallBodyCapAppliesToEveryFraming(head: String) async throws {
        let bytes = Data(head.utf8) + Data(repeating: UInt8(ascii: "x"), count: 5_000)
        let response = try await response(to: .raw(bytes), transport: SocketHTTPTransport(maximumResponseBodySize: 1_000))
        #expect(response.body == Data(repeating: UInt8(ascii: "x"), count: 1_000))
    }

    // MARK: Requests the transport refuses

    @Test func httpsIsRefusedForLackOfTLS() async throws {
        // DefaultHTTPTransport never sends https:// here; the socket transport alone refuses it.
        let error = await #expect(throws: ExportError.self) {
            try await SocketHTTPTransport().send(HTTPRequest(url: URL(string: "https://127.0.0.1:1/v1/traces")!))
        }
        #expect(error?.kind == .transport)
        #expect(error?.message == "the socket HTTP client cannot send https:// (no TLS)")
    }

    @Test func headerValueWithALineBreakIsRefusedWithoutQuotingIt() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let request = HTTPRequest(url: server.url("/v1/traces"), headers: [(name: "Authorization", value: "Bearer x\r\nX-Injected: 1")])

        let error = await #expect(throws: ExportError.self) { try await SocketHTTPTransport().send(request) }

        #expect(error?.kind == .transport)
        #expect(error?.message == "request header Authorization has a value with a line break or control character")
        #expect(server.statistics.connectionsAccepted == 0)
    }
}
