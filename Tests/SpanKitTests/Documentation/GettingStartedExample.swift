// The code of the DocC article `GettingStarted.md`: every ```swift block of the article appears
// in one of the documentation example files (DocumentationExampleTests checks it), so every
// sample compiles against the real API; ArticleExampleTests runs it.
import Foundation
import SpanKit
import SpanKitTesting
import Testing

// MARK: - Trace a first operation

func answer(_ question: String, client: some ChatClient) async throws -> String {
    try await tracer.chain("answer-question", input: question) { question in
        let reply = try await tracer.llm(
            "chat-completion", messages: [.system("Answer in one sentence."), .user(question)],
            model: "gpt-4o-mini", provider: .openai
        ) { messages in
            let reply = try await client.complete(messages, tools: [])
            Span.current?.setTokenCounts(prompt: reply.promptTokens, completion: reply.completionTokens)
            return Message.assistant(reply.text)
        }
        return reply.content ?? ""
    }
}

/// The article's program, as a function: not run by the tests, because it installs the global
/// tracer and the tests run in parallel.
func gettingStartedMain(client: some ChatClient) async throws {
    SpanKitSystem.bootstrap()
    let reply = try await answer("What is the capital of France?", client: client)
    print(reply)
    await SpanKitSystem.shutdown()
}

// MARK: - Send the spans to Phoenix

func localPhoenixConfiguration() -> SpanKitSystem.Configuration {
    var configuration = SpanKitSystem.Configuration(destination: .otlp, serviceName: "assistant")
    configuration.otlpEndpoint = URL(string: "http://localhost:6006/v1/traces")
    configuration.projectName = "assistant"
    configuration.sendsPhoenixAnnotations = true
    return configuration
}

func bootstrapWithLocalPhoenix() {
    SpanKitSystem.bootstrap(localPhoenixConfiguration())
}

// MARK: - Test your instrumentation

struct CannedClient: ChatClient {
    func complete(_ messages: [Message], tools: [ToolDefinition]) async throws -> ChatReply {
        ChatReply(text: "Paris.", model: "gpt-4o-mini", finishReason: "stop", promptTokens: 12, completionTokens: 2, costInDollars: 0)
    }
}

@Test func answersAreTraced() async throws {
    let exporter = InMemoryExporter()
    let tracer = SpanKitSystem.makeTracer(.init(destination: .processor(exporter), environment: [:]))
    let reply = try await withTracer(tracer) {
        try await answer("What is the capital of France?", client: CannedClient())
    }
    #expect(reply == "Paris.")
    #expect(exporter.spans.map(\.name) == ["chat-completion", "answer-question"])
    #expect(exporter.spans(named: "chat-completion").first?.attributes["llm.token_count.total"] == 14)
}
