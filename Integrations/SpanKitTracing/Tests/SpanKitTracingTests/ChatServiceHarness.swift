import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import SpanKit
import Tracing

@testable import ChatService

/// The chat service and its stub model on 127.0.0.1 (ports chosen by the system), run with
/// `spanKitTracer` as SpanKit's tracer and `backend` as swift-distributed-tracing's, both bound
/// to the server tasks only, so tests run in parallel.
struct ChatServiceHarness {
    let spanKitTracer: SpanKit.Tracer
    let backend: any Tracing.Tracer

    /// Runs the servers, then `body` with the chat service's base URL; stops them after.
    func run(_ body: @Sendable (String) async throws -> Void) async throws {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let modelClient = Self.client(tracer: backend)
        let spanKitTracer = self.spanKitTracer, backend = self.backend
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                let stub = Application(
                    router: ChatService.stubModelRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                    onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
                try await stub.run()
            }
            var iterator = ports.makeAsyncIterator()
            let stubPort = await iterator.next() ?? 0
            group.addTask {
                try await SpanKit.withTracer(spanKitTracer) {
                    try await Tracing.withTracer(backend) {
                        let chat = Application(
                            router: ChatService.router(modelBaseURL: "http://127.0.0.1:\(stubPort)", httpClient: modelClient),
                            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
                        try await chat.run()
                    }
                }
            }
            let chatPort = await iterator.next() ?? 0
            do {
                try await body("http://127.0.0.1:\(chatPort)")
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
        try await modelClient.shutdown()
    }

    /// A client whose requests `tracer` traces (nil: none, for the test's own requests).
    static func client(tracer: (any Tracing.Tracer)?) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.tracing.tracer = tracer
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Sends `POST /chat` and returns the reply's status and body.
    static func chat(
        _ baseURL: String, message: String, session: String, headers: [(String, String)] = []
    ) async throws -> (status: Int, body: String) {
        let client = client(tracer: nil)
        defer { Task { try? await client.shutdown() } }
        var request = HTTPClientRequest(url: baseURL + "/chat")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "x-session-id", value: session)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: #"{"message": "\#(message)"}"#))
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }
}
