// The code of the DocC articles `SpanKit.md` and `TracingAnLLMCall.md`, verbatim: every
// ```swift block of those articles must appear in this file (DocumentationExampleTests checks it),
// so every sample compiles against the real API, and the tests below run it.
import Foundation
import SpanKit

// MARK: - The app's own types (stand-ins for a real model client, search index and weather API)

/// What the example needs from a model client; yours will differ.
protocol ChatClient: Sendable {
    func complete(_ messages: [Message], tools: [ToolDefinition]) async throws -> ChatReply
}

/// A model reply as a typical client returns it.
struct ChatReply: Sendable {
    var text: String?
    var toolCalls: [ToolCall] = []
    var model: String
    var finishReason: String
    var promptTokens: Int
    var completionTokens: Int
    var cachedTokens: Int = 0
    var costInDollars: Double
}

/// A document search.
protocol SearchIndex: Sendable {
    func search(_ query: String, limit: Int) async throws -> [Document]
}

/// A weather service the model can call as a tool.
protocol WeatherService: Sendable {
    func report(forArguments arguments: String) async throws -> String
}

// MARK: - SpanKit.md

func overviewExample(processor: some SpanProcessor, client: some ChatClient, question: String) async throws {
    SpanKitSystem.bootstrap(.init(destination: .processor(processor)))

    let answer = try await withSession("chat-42", name: "Customer 42") {
        try await tracer.llm(
            "chat-completion", messages: [.system("Answer briefly."), .user(question)],
            model: "gpt-4o-mini", provider: .openai
        ) { messages in
            let reply = try await client.complete(messages, tools: [])
            Span.current?.setTokenCounts(prompt: reply.promptTokens, completion: reply.completionTokens)
            Span.current?.addSignal("cost", reply.costInDollars)
            return Message.assistant(reply.text)
        }
    }
    print(answer.content ?? "")
    await SpanKitSystem.shutdown()
}

// MARK: - TracingAnLLMCall.md

func setUpTracing(processor: some SpanProcessor) {
    SpanKitSystem.bootstrap(.init(destination: .processor(processor)))
}

func chat(_ question: String, client: some ChatClient) async throws -> String {
    let reply = try await tracer.llm(
        "chat-completion",
        messages: [.system("You are a concise assistant."), .user(question)],
        model: "gpt-4o-mini", provider: .openai,
        invocationParameters: ["temperature": 0.2, "max_tokens": 300]
    ) { messages in
        let reply = try await client.complete(messages, tools: [])
        let span = Span.current
        span?.setLLM(responseModel: reply.model, finishReason: reply.finishReason)
        span?.setTokenCounts(
            prompt: reply.promptTokens, completion: reply.completionTokens, cacheRead: reply.cachedTokens)
        return Message.assistant(reply.text)
    }
    return reply.content ?? ""
}

func chatWithSpanHelpers(_ question: String, client: some ChatClient) async throws -> String {
    try await tracer.withSpan("chat-completion", kind: .llm) { span in
        span.setLLM(model: "gpt-4o-mini", provider: .openai)
        let messages: [Message] = [.system("Answer briefly."), .user(question)]
        span.setInputMessages(messages)
        let reply = try await client.complete(messages, tools: [])
        span.setOutputMessages([.assistant(reply.text)])
        span.setTokenCounts(prompt: reply.promptTokens, completion: reply.completionTokens)
        return reply.text ?? ""
    }
}

let weatherParameters: JSONValue = [
    "type": "object",
    "properties": ["city": ["type": "string", "description": "City name, such as Paris"]],
    "required": ["city"],
]
let weatherTool = ToolDefinition(
    name: "get_weather", description: "Current weather for a city.", parameters: weatherParameters)

func weatherAssistant(
    _ question: String, client: some ChatClient, weather: some WeatherService
) async throws -> String {
    try await tracer.agent("weather-assistant", input: question) { question in
        var messages: [Message] = [.system("Use the tools for live data."), .user(question)]
        for _ in 0..<3 {
            let reply = try await tracer.llm(
                "chat-completion", messages: messages, model: "gpt-4o-mini", provider: .openai,
                tools: [weatherTool]
            ) { messages in
                let reply = try await client.complete(messages, tools: [weatherTool])
                Span.current?.setTokenCounts(prompt: reply.promptTokens, completion: reply.completionTokens)
                return Message.assistant(reply.text, toolCalls: reply.toolCalls)
            }
            messages.append(reply)
            guard !reply.toolCalls.isEmpty else { return reply.content ?? "" }
            for call in reply.toolCalls {
                let result = try await tracer.tool(
                    call.name, input: call.arguments ?? "{}", description: weatherTool.description,
                    parameters: weatherParameters, callID: call.id
                ) { arguments in
                    try await weather.report(forArguments: arguments)
                }
                messages.append(.tool(result, toolCallID: call.id ?? "", name: call.name))
            }
        }
        return "I could not finish in three steps."
    }
}

func answer(
    _ question: String, conversation: String, user: String, client: some ChatClient, index: some SearchIndex
) async throws -> String {
    try await withSession(conversation, name: "Support chat") {
        try await withAttributes(userID: user) {
            try await tracer.chain("answer-question", input: question) { question in
                let documents = try await tracer.retriever("search-docs", input: question) { query in
                    try await index.search(query, limit: 3)
                }
                let context = documents.compactMap(\.content).joined(separator: "\n")
                let reply = try await tracer.llm(
                    "chat-completion",
                    messages: [.system("Answer from these documents:\n\(context)"), .user(question)],
                    model: "gpt-4o-mini", provider: .openai
                ) { messages in
                    let reply = try await client.complete(messages, tools: [])
                    Span.current?.setTokenCounts(prompt: reply.promptTokens, completion: reply.completionTokens)
                    Span.current?.addSignal("cost", reply.costInDollars)
                    return Message.assistant(reply.text)
                }
                Span.current?.addSignal("grounded", !documents.isEmpty)
                return reply.content ?? ""
            }
        }
    }
}

func summarise(_ text: String, client: some ChatClient) async throws -> String {
    let template = PromptTemplate("Summarise in one sentence: {text}", variables: ["text": .string(text)], version: "v3")
    return try await withAttributes(
        metadata: ["feature": "summary", "experiment": "short-prompts"], promptTemplate: template
    ) {
        try await tracer.llm(
            "summarise", messages: [.user("Summarise in one sentence: \(text)")],
            model: "claude-haiku-4-5", provider: .anthropic
        ) { messages in
            let reply = try await client.complete(messages, tools: [])
            return reply.text ?? ""
        }
    }
}
