import Foundation
import SpanKitHTTPClient
import TestSupport
import Testing

/// The client's own error kinds, against the local HTTP server: SpanKit's transport folds most
/// of them into one export error kind, but the client's keep-alive retry and anyone reading its
/// errors rely on the distinction.
@Suite(.serialized) struct SocketHTTPClientErrorTests {
    static let secret = "sk-SECRET-4242"

    static func request(_ url: URL, timeout: Duration = .seconds(5)) -> HTTPClientRequest {
        HTTPClientRequest(url: url, headers: [(name: "Authorization", value: "Bearer \(secret)")], body: Data("payload".utf8), timeout: timeout)
    }

    /// The error of one request to a server answering with `action`.
    func failure(of action: ServerAction, timeout: Duration = .seconds(5)) async throws -> HTTPClientError? {
        let server = try LocalHTTPServer(handler: ScriptedHandler([action]))
        defer { server.stop() }
        let error = await #expect(throws: HTTPClientError.self) {
            try await SocketHTTPClient().send(Self.request(server.url("/v1/traces"), timeout: timeout))
        }
        if let error { #expect(!error.message.contains(Self.secret)) }
        return error
    }

    @Test func aRefusedConnectionIsAConnectFailure() async throws {
        let port = try LocalHTTPServer.unusedPort()
        let error = await #expect(throws: HTTPClientError.self) {
            try await SocketHTTPClient().send(Self.request(URL(string: "http://127.0.0.1:\(port)/")!))
        }
        #expect(error?.kind == .connect)
        #expect(error?.message.hasPrefix("could not connect to 127.0.0.1:\(port): connection refused") == true)
    }

    @Test func resetsAndEarlyClosesAreLostConnections() async throws {
        #expect(try await failure(of: .resetAfterRequest)?.kind == .connectionLost)
        #expect(try await failure(of: .resetMidResponse())?.kind == .connectionLost)
        #expect(try await failure(of: .closeWithoutResponse)?.kind == .connectionLost)
        #expect(try await failure(of: .statusLineOnly)?.kind == .connectionLost)
    }

    @Test func garbageIsAMalformedResponse() async throws {
        let error = try await failure(of: .garbage)
        #expect(error == HTTPClientError(.malformedResponse, "malformed response: the server did not answer with an HTTP/1.x status line"))
    }

    @Test func aSilentServerTimesOut() async throws {
        let error = try await failure(of: .neverAnswer, timeout: .milliseconds(200))
        #expect(error == HTTPClientError(.timeout, "the request timed out after 0.2 seconds waiting for the response"))
    }

    @Test func cancellingTheTaskCancelsTheRequest() async throws {
        let server = try LocalHTTPServer(handler: ScriptedHandler([.neverAnswer]))
        defer { server.stop() }
        let request = Self.request(server.url("/v1/traces"))
        // Before or after the request is under way, the outcome is the same error.
        let task = Task { try await SocketHTTPClient().send(request) }
        task.cancel()
        let error = await #expect(throws: HTTPClientError.self) { try await task.value }
        #expect(error == HTTPClientError(.cancelled, "the request was cancelled"))
    }

    @Test func httpsIsAnInvalidRequest() async {
        let error = await #expect(throws: HTTPClientError.self) {
            try await SocketHTTPClient().send(Self.request(URL(string: "https://127.0.0.1:1/")!))
        }
        #expect(error == HTTPClientError(.invalidRequest, "the socket HTTP client cannot send https:// (no TLS)"))
    }

    @Test func aSuccessfulExchangeReturnsTheResponse() async throws {
        let server = try LocalHTTPServer(respondingWith: .status(202, body: "ok", headers: ["X-Reply": "1"]))
        defer { server.stop() }
        let response = try await SocketHTTPClient().send(Self.request(server.url("/v1/traces")))
        #expect(response.status == 202)
        #expect(response.headers["x-reply"] == "1")
        #expect(response.body == Data("ok".utf8))
    }
}
