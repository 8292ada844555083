import Foundation
@testable import SpanKit
import SpanKitHTTPClient
import TestSupport
import Testing

/// The socket transport against the local HTTP server: what arrives, keep-alive and its retry,
/// deadlines, cancellation, concurrency and resource use. Faults are in
/// `SocketHTTPTransportFaultTests`.
@Suite(.serialized) struct SocketHTTPTransportTests {
    static let secret = "sk-SECRET-4242"

    /// A POST with credentials, like the exporters send.
    static func request(_ url: URL, body: Data = Data(#"{"spans":[]}"#.utf8), timeout: Duration = .seconds(5)) -> HTTPRequest {
        HTTPRequest(
            url: url,
            headers: [(name: "Authorization", value: "Bearer \(secret)"), (name: "Content-Type", value: "application/json")],
            body: body, timeout: timeout)
    }

    // MARK: What arrives

    @Test func oneMegabyteBodyArrivesExactly() async throws {
        let server = try LocalHTTPServer(respondingWith: .status(200, body: "accepted"))
        defer { server.stop() }
        let payload = TestServerTests.pseudoRandomBytes(count: 1_048_576)
        let transport = SocketHTTPTransport()

        let response = try await transport.send(Self.request(server.url("/v1/traces?tenant=a%20b&debug"), body: payload))

        #expect(response.status == 200)
        #expect(response.isSuccess)
        #expect(String(decoding: response.body, as: UTF8.self) == "accepted")
        #expect(response.headers["content-length"] == "8")
        let recorded = try #require(server.requests.first)
        #expect(server.requests.count == 1)
        #expect(recorded.method == "POST")
        #expect(recorded.target == "/v1/traces?tenant=a%20b&debug")
        #expect(recorded.version == "HTTP/1.1")
        #expect(recorded.header("Host") == "127.0.0.1:\(server.port)")
        #expect(recorded.header("Content-Length") == "1048576")
        #expect(recorded.header("Authorization") == "Bearer \(Self.secret)")
        #expect(recorded.header("Content-Type") == "application/json")
        #expect(recorded.header("Expect") == nil)
        #expect(recorded.header("Transfer-Encoding") == nil)
        #expect(!recorded.usedChunkedEncoding)
        #expect(recorded.isBodyComplete)
        #expect(recorded.body == payload)
    }

    @Test func gzipBodyPassesThroughUntouched() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let payload = Data(String(repeating: #"{"name":"llm","attributes":{"llm.model_name":"gpt"}}"#, count: 2_000).utf8)
        let compressed = try await GzipDecoder.compress(payload)
        var request = Self.request(server.url("/v1/traces"), body: compressed)
        request.headers.append((name: "Content-Encoding", value: "gzip"))

        #expect(try await SocketHTTPTransport().send(request).status == 200)

        let recorded = try #require(server.requests.first)
        #expect(recorded.header("Content-Encoding") == "gzip")
        #expect(recorded.body == compressed)
        #expect(recorded.decodedBody == payload)
    }

    @Test func emptyPathBecomesSlashAndFramingHeadersAreTheTransportsOwn() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        var request = Self.request(server.baseURL, body: Data("abc".utf8))
        request.headers += [
            (name: "Content-Length", value: "999"), (name: "Transfer-Encoding", value: "chunked"),
            (name: "Connection", value: "upgrade"), (name: "Host", value: "evil.example"), (name: "X-Trim", value: "  spaced  "),
        ]

        #expect(try await SocketHTTPTransport().send(request).status == 200)

        let recorded = try #require(server.requests.first)
        #expect(recorded.target == "/")
        #expect(recorded.headers.values(for: "Content-Length") == ["3"])
        #expect(recorded.headers.values(for: "Host") == ["127.0.0.1:\(server.port)"])
        #expect(recorded.header("Transfer-Encoding") == nil)
        #expect(recorded.header("Connection") == nil)
        #expect(recorded.header("X-Trim") == "spaced")
        #expect(recorded.bodyText == "abc")
    }

    @Test func getWithoutBodySendsNoContentLength() async throws {
        let server = try LocalHTTPServer(respondingWith: .status(200, body: "pong"))
        defer { server.stop() }
        let request = HTTPRequest(url: server.url("/ping"), method: "GET")

        let response = try await SocketHTTPTransport().send(request)

        #expect(String(decoding: response.body, as: UTF8.self) == "pong")
        #expect(server.requests.first?.method == "GET")
        #expect(server.requests.first?.header("Content-Length") == nil)
    }

    // MARK: Keep-alive

    @Test func keepAliveReusesOneConnection() async throws {
        let server = try LocalHTTPServer { request in .status(200, body: "echo \(request.bodyText)") }
        defer { server.stop() }
        let transport = SocketHTTPTransport()

        for index in 0..<5 {
            let response = try await transport.send(Self.request(server.url("/item/\(index)"), body: Data("body \(index)".utf8)))
            #expect(String(decoding: response.body, as: UTF8.self) == "echo body \(index)")
        }

        let recorded = server.requests
        #expect(recorded.map(\.path) == (0..<5).map { "/item/\($0)" })
        #expect(Set(recorded.map(\.connectionID)).count == 1)
        #expect(recorded.map(\.indexOnConnection) == [0, 1, 2, 3, 4])
        #expect(server.statistics.connectionsAccepted == 1)
    }

    @Test func withoutReuseEveryRequestAsksToCloseAndGetsItsOwnConnection() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let transport = SocketHTTPTransport(reusesConnections: false)

        for _ in 0..<3 { #expect(try await transport.send(Self.request(server.url("/x"))).status == 200) }

        #expect(server.requests.map(\.indexOnConnection) == [0, 0, 0])
        #expect(server.requests.allSatisfy { $0.header("Connection") == "close" })
        #expect(server.statistics.connectionsAccepted == 3)
    }

    @Test func reusedConnectionClosedWithoutAnswerIsRetriedOnceWithTheWholeBody() async throws {
        let script = ScriptedHandler([.ok, .closeWithoutResponse], then: .status(202))
        let server = try LocalHTTPServer(handler: script)
        defer { server.stop() }
        let transport = SocketHTTPTransport()
        let payload = TestServerTests.pseudoRandomBytes(count: 300_000)

        #expect(try await transport.send(Self.request(server.url("/first"))).status == 200)
        let response = try await transport.send(Self.request(server.url("/second"), body: payload))

        #expect(response.status == 202)
        let recorded = server.requests
        #expect(recorded.map(\.path) == ["/first", "/second", "/second"])
        #expect(recorded[1].connectionID == recorded[0].connectionID)
        #expect(recorded[1].indexOnConnection == 1)
        #expect(recorded[2].connectionID != recorded[1].connectionID)
        #expect(recorded[2].indexOnConnection == 0)
        #expect(recorded[1].body == payload)
        #expect(recorded[2].body == payload)
        #expect(recorded[2].isBodyComplete)
    }

    @Test func reusedConnectionResetBeforeTheBodyIsRetriedWithTheWholeBody() async throws {
        let script = ScriptedHandler([.ok, .resetBeforeBody])
        let server = try LocalHTTPServer(handler: script)
        defer { server.stop() }
        let transport = SocketHTTPTransport()
        let payload = TestServerTests.pseudoRandomBytes(count: 3_000_000)

        #expect(try await transport.send(Self.request(server.url("/first"))).status == 200)
        #expect(try await transport.send(Self.request(server.url("/second"), body: payload)).status == 200)

        let recorded = server.requests
        #expect(recorded.count == 3)
        #expect(recorded.last?.body == payload)
        #expect(recorded.last?.indexOnConnection == 0)
    }

    @Test func theRetryOnAFreshConnectionHappensOnlyOnce() async throws {
        let script = ScriptedHandler([.ok, .resetAfterRequest, .resetAfterRequest])
        let server = try LocalHTTPServer(handler: script)
        defer { server.stop() }
        let transport = SocketHTTPTransport()

        #expect(try await transport.send(Self.request(server.url("/first"))).status == 200)
        let error = await #expect(throws: ExportError.self) { try await transport.send(Self.request(server.url("/second"))) }

        #expect(error?.kind == .transport)
        #expect(server.requests.count == 3)
        #expect(script.remaining == 0)
    }

    @Test func responseThatClosesTheConnectionIsNotReused() async throws {
        let server = try LocalHTTPServer(respondingWith: .respond(ServerResponse(status: 200, body: Data("bye".utf8), closesConnection: true)))
        defer { server.stop() }
        let transport = SocketHTTPTransport()

        for _ in 0..<3 { #expect(try await transport.send(Self.request(server.url("/x"))).status == 200) }

        #expect(server.requests.count == 3)
        #expect(server.statistics.connectionsAccepted == 3)
    }

    @Test func idleConnectionClosedByTheServerIsNotReused() async throws {
        var limits = ServerLimits()
        limits.keepAliveIdleTimeout = .milliseconds(100)
        let server = try LocalHTTPServer(respondingWith: .ok, limits: limits)
        defer { server.stop() }
        let transport = SocketHTTPTransport()

        #expect(try await transport.send(Self.request(server.url("/first"))).status == 200)
        try await Task.sleep(for: .milliseconds(400))
        #expect(try await transport.send(Self.request(server.url("/second"))).status == 200)

        // The stale connection was noticed before use, so nothing was sent on it.
        #expect(server.requests.map(\.path) == ["/first", "/second"])
        #expect(server.requests.map(\.indexOnConnection) == [0, 0])
    }

    // MARK: Deadlines

    @Test func delayedResponseWithinTheDeadlineArrives() async throws {
        let server = try LocalHTTPServer(respondingWith: .delayed(.milliseconds(300), then: .status(201)))
        defer { server.stop() }

        let started = ContinuousClock.now
        let response = try await SocketHTTPTransport().send(Self.request(server.url("/slow"), timeout: .seconds(10)))

        #expect(response.status == 201)
        #expect(ContinuousClock.now - started >= .milliseconds(300))
    }

    @Test func delayedResponseBeyondASubSecondDeadlineTimesOut() async throws {
        let server = try LocalHTTPServer(respondingWith: .delayed(.seconds(30), then: .ok))
        defer { server.stop() }

        let started = ContinuousClock.now
        let error = await #expect(throws: ExportError.self) {
            try await SocketHTTPTransport().send(Self.request(server.url("/slower"), timeout: .milliseconds(500)))
        }
        let elapsed = ContinuousClock.now - started

        #expect(error?.kind == .timeout)
        #expect(error?.message.contains("waiting for the response") == true)
        #expect(elapsed >= .milliseconds(500))
        #expect(elapsed < .seconds(10), "well before the server's 30 s")
    }

    @Test func trickleWithinTheDeadlineArrivesWhole() async throws {
        let body = Data("0123456789".utf8)
        let server = try LocalHTTPServer(respondingWith: .trickle(ServerResponse(body: body), chunkSize: 1, interval: .milliseconds(20)))
        defer { server.stop() }

        let response = try await SocketHTTPTransport().send(Self.request(server.url("/trickle"), timeout: .seconds(3)))

        #expect(response.body == body)
    }

    @Test func trickleSlowerThanTheDeadlineTimesOut() async throws {
        let server = try LocalHTTPServer(respondingWith: .trickle(
            ServerResponse(body: Data("0123456789".utf8)), chunkSize: 1, interval: .milliseconds(150)))
        defer { server.stop() }

        let started = ContinuousClock.now
        let error = await #expect(throws: ExportError.self) {
            try await SocketHTTPTransport().send(Self.request(server.url("/trickle"), timeout: .milliseconds(400)))
        }

        #expect(error?.kind == .timeout)
        #expect(error?.message.contains("reading the response body") == true)
        #expect(ContinuousClock.now - started < .seconds(60))  // generous: a loaded machine under ThreadSanitizer
    }

    // MARK: Cancellation

    @Test func cancellingAnInFlightRequestAbortsItPromptly() async throws {
        let server = try LocalHTTPServer(respondingWith: .neverAnswer)
        defer { server.stop() }
        let transport = SocketHTTPTransport()
        let request = Self.request(server.url("/hang"), timeout: .seconds(30))
        let task = Task { try await transport.send(request) }
        try await server.waitForRequests(count: 1)
        #expect(server.statistics.connectionsOpen == 1)

        let cancelled = ContinuousClock.now
        task.cancel()
        let result = await task.result
        let latency = ContinuousClock.now - cancelled

        #expect(throws: ExportError(.cancelled, "the request was cancelled")) { try result.get() }
        // The error says cancelled, not timed out; the bound leaves room for a loaded machine.
        #expect(latency < .seconds(25), "sooner than the request's 30 s timeout")
        // The socket is closed too, not just abandoned: the server sees the connection end.
        let deadline = ContinuousClock.now + .seconds(20)
        while server.statistics.connectionsOpen > 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(server.statistics.connectionsOpen == 0)
        #expect(ContinuousClock.now - cancelled < .seconds(25))
    }

    @Test func alreadyCancelledTaskSendsNothing() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let transport = SocketHTTPTransport()
        let request = Self.request(server.url("/never"))
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await transport.send(request)
        }

        let error = await #expect(throws: ExportError.self) { try await task.value }

        #expect(error?.kind == .cancelled)
        try await Task.sleep(for: .milliseconds(100))
        #expect(server.statistics.connectionsAccepted == 0)
    }

    // MARK: Concurrency and resources

    @Test func eightConcurrentTasksAreServedInParallel() async throws {
        // Each request is answered only once all eight wait at the server at the same time.
        let barrier = ArrivalBarrier(count: 8)
        let server = try LocalHTTPServer { request in
            guard request.path.hasPrefix("/parallel") else { return .ok }
            return barrier.arrive() ? .status(200, body: request.bodyText) : .status(503)
        }
        defer { server.stop() }
        let transport = SocketHTTPTransport()

        let bodies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for index in 0..<8 {
                group.addTask {
                    let response = try await transport.send(
                        Self.request(server.url("/parallel/\(index)"), body: Data("task \(index)".utf8), timeout: .seconds(60)))
                    return (index, String(decoding: response.body, as: UTF8.self))
                }
            }
            return try await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
        }

        #expect(bodies == Dictionary(uniqueKeysWithValues: (0..<8).map { ($0, "task \($0)") }), "all eight in flight at once")
        #expect(Set(server.requests.map(\.bodyText)) == Set((0..<8).map { "task \($0)" }))

        // The connections went back to the pool and serve the next round.
        for index in 0..<8 { #expect(try await transport.send(Self.request(server.url("/again/\(index)"))).status == 200) }
        #expect(server.statistics.connectionsAccepted == 8)
    }

    @Test func hundredSequentialRequestsLeakNoDescriptorsOrThreads() async throws {
        let keepAlive = try LocalHTTPServer(respondingWith: .status(200, body: "ok"))
        defer { keepAlive.stop() }
        let closing = try LocalHTTPServer(respondingWith: .respond(ServerResponse(status: 200, body: Data("ok".utf8), closesConnection: true)))
        defer { closing.stop() }
        let threadsBefore = TestServerTests.processThreadCount()
        let descriptorsBefore = TestServerTests.openDescriptorCount()

        do {
            let transport = SocketHTTPTransport()
            for index in 0..<100 {
                #expect(try await transport.send(Self.request(keepAlive.url("/reuse/\(index)"))).status == 200)
                #expect(try await transport.send(Self.request(closing.url("/fresh/\(index)"))).status == 200)
            }
        }
        let unused = try LocalHTTPServer.unusedPort()
        for _ in 0..<20 {
            await #expect(throws: ExportError.self) {
                try await SocketHTTPTransport().send(Self.request(URL(string: "http://127.0.0.1:\(unused)/")!))
            }
        }

        #expect(keepAlive.statistics.connectionsAccepted == 1)
        #expect(closing.statistics.connectionsAccepted == 100)
        try await Task.sleep(for: .milliseconds(200))  // detached request threads finish exiting
        // Other suites run concurrently, so allow some slack; a leak would be 100 or more.
        if let descriptorsBefore, let descriptorsAfter = TestServerTests.openDescriptorCount() {
            #expect(descriptorsAfter < descriptorsBefore + 25, "descriptors: \(descriptorsBefore) before, \(descriptorsAfter) after")
        }
        if let threadsBefore, let threadsAfter = TestServerTests.processThreadCount() {
            #expect(threadsAfter < threadsBefore + 25, "threads: \(threadsBefore) before, \(threadsAfter) after")
        }
    }

    // MARK: Routing and defaults

    @Test func defaultTransportSendsPlainHTTPOverSockets() async throws {
        // Through URLSession on Linux this response would crash the test process.
        let server = try LocalHTTPServer(respondingWith: .statusLineOnly)
        defer { server.stop() }

        let error = await #expect(throws: ExportError.self) {
            try await DefaultHTTPTransport().send(Self.request(server.url("/v1/traces")))
        }

        #expect(error?.kind == .transport)
        #expect(error?.message.contains("before the response head was complete") == true)
    }

    @Test func defaultTransportSendsHTTPSThroughURLSession() async throws {
        let port = try LocalHTTPServer.unusedPort()

        let error = await #expect(throws: ExportError.self) {
            try await DefaultHTTPTransport().send(Self.request(URL(string: "https://127.0.0.1:\(port)/v1/traces")!, timeout: .seconds(5)))
        }

        #expect(error?.kind == .unreachable, "nothing listens on the port")
        #expect(error?.message.contains("URLError") == true)
    }

    @Test func exportersUseTheDefaultTransportWhenGivenNone() async throws {
        let server = try LocalHTTPServer(respondingWith: .statusLineOnly)
        defer { server.stop() }
        let exporter = JSONBatchExporter(
            baseURL: server.url("/collector"), apiKey: Self.secret,
            settings: HTTPExportSettings(timeout: .seconds(2), retryPolicy: .none))
        let test = TestTracer()
        test.tracer.withSpan("root") { _ in }

        let result = await exporter.exportResult(test.exporter.spans)

        guard case .failure(let error) = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(error.kind == .transport)
        #expect(!error.message.contains(Self.secret))
        #expect(server.requests.count == 1)
    }

    // MARK: The client boundary

    @Test func clientErrorsBecomeExportErrorsOfTheirKindWithTheSameMessage() {
        let cases: [(HTTPClientError.Kind, ExportError.Kind)] = [
            (.invalidRequest, .transport), (.resolution, .unreachable), (.connect, .unreachable),
            (.connectionLost, .transport), (.malformedResponse, .transport), (.resources, .transport),
            (.timeout, .timeout), (.cancelled, .cancelled),
        ]
        for (clientKind, exportKind) in cases {
            let mapped = SocketHTTPTransport.exportError(for: HTTPClientError(clientKind, "problem at 127.0.0.1:4318"))
            #expect(mapped == ExportError(exportKind, "problem at 127.0.0.1:4318"), "\(clientKind)")
        }
    }
}
