import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import SpanKit

/// A chat service traced end to end: Hummingbird's `TracingMiddleware` records the request
/// span, SpanKit the CHAIN and LLM spans, AsyncHTTPClient the HTTP client span of the model
/// call — one trace, each span the child of the one before.
enum ChatService {
    /// The header whose value becomes the session of every span of the request.
    static let sessionHeader = HTTPField.Name("x-session-id")!

    /// `POST /chat` with `{"message": "…"}`; answers `{"reply": "…"}` from the
    /// OpenAI-compatible `/v1/chat/completions` at `modelBaseURL`.
    static func router(modelBaseURL: String, httpClient: HTTPClient) -> Router<BasicRequestContext> {
        let router = Router()
        router.middlewares.add(TracingMiddleware())
        router.post("/chat") { request, context -> ChatReply in
            let chat = try await request.decode(as: ChatRequest.self, context: context)
            let session = request.headers[sessionHeader] ?? "anonymous"
            return try await withSession(session) {
                try await tracer.chain("answer", input: chat.message) { message in
                    let reply = try await tracer.llm(
                        "chat-completion", messages: [.system("Be brief."), .user(message)], model: "stub-model",
                        provider: .openai
                    ) { messages in
                        try await complete(messages, modelBaseURL: modelBaseURL, httpClient: httpClient)
                    }
                    return ChatReply(reply: reply)
                }
            }
        }
        return router
    }

    /// Calls the model through AsyncHTTPClient, whose span (with a `traceparent` sent along)
    /// becomes the LLM span's child.
    static func complete(_ messages: [Message], modelBaseURL: String, httpClient: HTTPClient) async throws -> String {
        var request = HTTPClientRequest(url: modelBaseURL + "/v1/chat/completions")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        let body = CompletionRequest(model: "stub-model", messages: messages.map { .init(role: $0.role ?? "user", content: $0.content ?? "") })
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
        let response = try await httpClient.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .ok else { throw ModelError(status: Int(response.status.code)) }
        let completion = try JSONDecoder().decode(CompletionResponse.self, from: Data(buffer: bytes))
        return completion.choices.first?.message.content ?? ""
    }

    /// An OpenAI-compatible model for the example and its tests: echoes the last user message.
    static func stubModelRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/v1/chat/completions") { request, context -> CompletionResponse in
            let completion = try await request.decode(as: CompletionRequest.self, context: context)
            let last = completion.messages.last { $0.role == "user" }?.content ?? ""
            return CompletionResponse(choices: [.init(message: .init(role: "assistant", content: "You said: \(last)"))])
        }
        return router
    }
}

struct ChatRequest: Codable { var message: String }
struct ChatReply: ResponseCodable { var reply: String }
struct ModelError: Error { var status: Int }

struct CompletionRequest: Codable {
    struct Message: Codable { var role: String; var content: String }
    var model: String
    var messages: [Message]
}

struct CompletionResponse: ResponseCodable {
    struct Choice: Codable { var message: CompletionRequest.Message }
    var choices: [Choice]
}
