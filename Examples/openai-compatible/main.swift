// SpanKit openai-compatible: traces real calls to an OpenAI-compatible chat-completions API.
//
//   OPENAI_BASE_URL   the API's base URL (required), e.g. https://api.openai.com/v1 or
//                     http://localhost:11434/v1 for Ollama
//   OPENAI_MODEL      the model (required), e.g. gpt-4o-mini
//   OPENAI_API_KEY    sent as "Authorization: Bearer …" (optional: local servers need none);
//                     never printed and never recorded on a span
//   OPENAI_PROVIDER   who hosts the model, which Phoenix prices it by (optional; inferred from
//                     the base URL's host when unset, e.g. api.openai.com is openai)
//
// One trace in a fresh session: a CHAIN root "weather-question" with
//   LLM  ChatCompletion  a plain request that offers the get_weather tool: the span records the
//                        messages, the tool calls the model asked for, the token usage and the
//                        model that answered
//   TOOL get_weather     one span per tool call (the tool itself is simulated)
//   LLM  ChatCompletion  a streamed request (server-sent events) with the tool's results: the
//                        text is printed as it arrives, and the span (Tracer.llmStream) records
//                        the assembled reply, the usage from the final chunk, a "first_token"
//                        event and the time to first token
// If the model answers without calling the tool, the streamed request asks a follow-up instead.
// Spans go to the console and spankit-spans.jsonl, or to Phoenix with PHOENIX_COLLECTOR_ENDPOINT.
import Foundation
import OpenInference
import SpanKit

let usage = """
    usage: OPENAI_BASE_URL=<url> OPENAI_MODEL=<model> [OPENAI_API_KEY=<key>] [OPENAI_PROVIDER=<provider>] openai-compatible

    Traces a chat-completions call (plain, with a tool call) and a streamed one against any
    OpenAI-compatible API, for example:
      OPENAI_BASE_URL=https://api.openai.com/v1 OPENAI_MODEL=gpt-4o-mini OPENAI_API_KEY=sk-… swift run openai-compatible
      OPENAI_BASE_URL=http://localhost:11434/v1 OPENAI_MODEL=llama3.2 swift run openai-compatible

    """

let environment = ProcessInfo.processInfo.environment
guard let baseURL = environment["OPENAI_BASE_URL"].flatMap(URL.init(string:)), ["http", "https"].contains(baseURL.scheme),
      let model = environment["OPENAI_MODEL"], !model.isEmpty
else {
    FileHandle.standardError.write(Data(usage.utf8))
    exit(64)  // EX_USAGE
}
let client = ChatCompletionsClient(baseURL: baseURL, key: APIKey(environment["OPENAI_API_KEY"]))
/// Who hosts the model: OPENAI_PROVIDER (lowercased, as OpenInference spells providers), else
/// the provider whose endpoint the base URL names.
let providerName = environment["OPENAI_PROVIDER"].flatMap { $0.isEmpty ? nil : $0.lowercased() }
    ?? LLMProvider.inferred(fromBaseURL: baseURL)?.rawValue
/// The provider when the OpenInference catalog lists it; `recordCustomProvider()` records any other.
let provider = providerName.flatMap(LLMProvider.init(rawValue:))

SpanKitSystem.bootstrap(SpanKitSystem.Configuration(serviceName: "openai-compatible"))

let weatherParameters: JSONValue = [
    "type": "object", "properties": ["city": ["type": "string", "description": "City name, such as Paris"]], "required": ["city"],
]
let weatherTool = ToolDefinition(name: "get_weather", description: "Current weather for a city.", parameters: weatherParameters)
let chatTools = [ChatTool(function: .init(name: "get_weather", description: weatherTool.description, parameters: weatherParameters))]

/// Records a provider the catalog does not list, which `tracer.llm(provider:)` cannot name.
func recordCustomProvider() {
    if provider == nil, let providerName { Span.current?.setAttribute(SpanAttributes.llmProvider, .string(providerName)) }
}

/// Records what only the response knows: the model that answered (the one Phoenix prices),
/// why it stopped, and the token usage.
func recordResponse(model: String?, finishReason: String?, usage: Usage?) {
    Span.current?.setLLM(responseModel: model, finishReason: finishReason)
    usage?.record(on: Span.current)
}

/// The request for `messages`. Only the model, the messages and the tool are sent (no
/// temperature and such), because some models reject parameters others accept.
func request(_ messages: [Message], streaming: Bool) -> ChatRequest {
    ChatRequest(
        model: model, messages: messages.map(ChatMessage.init), tools: chatTools,
        stream: streaming ? true : nil, streamOptions: streaming ? .init() : nil)
}

/// The request's parameters other than messages and tools, as `llm.invocation_parameters`.
func invocationParameters(streaming: Bool) -> [String: JSONValue] {
    streaming ? ["model": .string(model), "stream": true, "stream_options": ["include_usage": true]] : ["model": .string(model)]
}

/// A plain request, traced as an LLM span.
func complete(_ messages: [Message]) async throws -> Message {
    try await tracer.llm(
        "ChatCompletion", messages: messages, model: model, provider: provider,
        invocationParameters: invocationParameters(streaming: false), tools: [weatherTool]
    ) { messages in
        recordCustomProvider()
        let response = try await client.complete(request(messages, streaming: false))
        guard let choice = response.choices.first, let reply = choice.message else {
            throw ChatCompletionsError.malformedResponse("no choices")
        }
        recordResponse(model: response.model, finishReason: choice.finishReason, usage: response.usage)
        return reply.message
    }
}

/// A streamed request, traced as an LLM span by `llmStream`; prints the text as it arrives.
/// The span records the first token, the chunks and the assembled reply itself; the app keeps
/// its own copy of the reply for the conversation.
func stream(_ messages: [Message]) async throws -> Message {
    let started = ContinuousClock.now
    let customProvider = provider == nil ? providerName : nil
    let chunks = tracer.llmStream(
        "ChatCompletion", messages: messages, model: model, provider: provider,
        invocationParameters: invocationParameters(streaming: true), tools: [weatherTool],
        chunks: client.stream(request(messages, streaming: true))
    ) { chunk, span in
        // Called for each chunk: what only some chunks carry (the model, the finish reason, the
        // final usage) goes on the span; the delta is the reply's part.
        if let customProvider { span.setAttribute(SpanAttributes.llmProvider, .string(customProvider)) }
        span.setLLM(responseModel: chunk.model, finishReason: chunk.choices.first?.finishReason)
        chunk.usage?.record(on: span)
        return chunk.choices.first?.delta?.message
    }
    var reply = StreamedReply()
    var timeToFirstToken: Duration?
    print("assistant: ", terminator: "")
    for try await chunk in chunks {
        let text = reply.add(chunk)
        if timeToFirstToken == nil, reply.hasAnswer { timeToFirstToken = .now - started }
        print(text, terminator: "")
        fflush(nil)  // show each piece now; `fflush(nil)` avoids naming the global `stdout`
    }
    print()
    let tokens = reply.usage.map { "\($0.promptTokens ?? 0) prompt + \($0.completionTokens ?? 0) completion tokens" } ?? "no usage reported"
    print("streamed: time to first token \(milliseconds(timeToFirstToken)) ms, \(tokens)")
    return reply.message
}

/// A duration in whole milliseconds, for printing ("-" when there is none).
func milliseconds(_ duration: Duration?) -> String {
    guard let duration else { return "-" }
    return String(duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000)
}

/// The arguments the model passes to the weather tool.
struct WeatherArguments: Decodable {
    let city: String
}

/// The tool's result, sent back to the model as JSON.
struct Forecast: Encodable {
    let city: String
    let forecast = "sunny"
    let temperatureC = 24

    enum CodingKeys: String, CodingKey {
        case city, forecast
        case temperatureC = "temperature_c"
    }
}

/// The simulated tool: a fixed forecast for the city the model asked about.
func weather(forArguments arguments: String) -> String {
    let city = (try? JSONDecoder().decode(WeatherArguments.self, from: Data(arguments.utf8)))?.city ?? "unknown"
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    return String(decoding: (try? encoder.encode(Forecast(city: city))) ?? Data("{}".utf8), as: UTF8.self)
}

/// The whole exchange: a plain call that may ask for the tool, the tool runs, a streamed answer.
func askAboutWeather(_ question: String) async throws -> String {
    try await tracer.chain("weather-question", input: question) { question in
        var messages: [Message] = [.system("You are a concise assistant. Use get_weather for weather questions."), .user(question)]
        let first = try await complete(messages)
        messages.append(first)
        if first.toolCalls.isEmpty {
            print("assistant: \(first.content ?? "")")
            messages.append(.user("Now say that again in French."))
        }
        for call in first.toolCalls {
            print("tool call: \(call.name)(\(call.arguments ?? ""))")
            let result = await tracer.tool(
                call.name, input: call.arguments ?? "{}", description: weatherTool.description,
                parameters: weatherParameters, callID: call.id
            ) { arguments in
                weather(forArguments: arguments)
            }
            messages.append(.tool(result, toolCallID: call.id ?? "", name: call.name))
        }
        return try await stream(messages).content ?? ""
    }
}

// Phoenix keeps one session per id across all projects, so every run gets a fresh one.
let sessionID = "openai-compatible-\(UUID().uuidString.prefix(8).lowercased())"
var status: Int32 = 0
do {
    _ = try await withSession(sessionID, name: "OpenAI-compatible") {
        try await askAboutWeather("What is the weather in Paris right now? Answer in one sentence.")
    }
} catch let error as URLError {
    FileHandle.standardError.write(Data("error: \(baseURL.absoluteString): \(error.localizedDescription)\n".utf8))
    status = 1
} catch {
    // The failing span has recorded the error too. Server messages have the key redacted.
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    status = 1
}

// Delivers everything still queued before the process exits; a failure shows in the exit status.
let delivery = await SpanKitSystem.shutdown(deadline: .now + .seconds(10))
let undelivered = delivery.failed + delivery.dropped + delivery.pending
if undelivered > 0 {
    print("\(undelivered) spans could not be delivered")
    status = 1
}
exit(status)
