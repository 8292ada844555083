// SpanKit quickstart: a small question-answering workflow, traced.
//
// Two turns of one session. Each turn is a CHAIN root with a RETRIEVER, an LLM call that asks
// for a tool, the TOOL run, and a second LLM call that answers; cost and accuracy signals are
// attached. The "model" and "search index" are simulated, so no network is needed.
//
//   swift run quickstart                                              # console tree + spankit-spans.jsonl
//   PHOENIX_COLLECTOR_ENDPOINT=http://127.0.0.1:6006 swift run quickstart   # export to Phoenix
import Foundation
import SpanKit

let tracer = SpanKitSystem.bootstrap(SpanKitSystem.Configuration(serviceName: "quickstart"))

/// A tiny knowledge base standing in for a vector store.
let knowledge = [
    Document(id: "doc-fr", content: "Paris is the capital of France.", score: 0.92, metadata: ["source": "atlas"]),
    Document(id: "doc-it", content: "Rome is the capital of Italy.", score: 0.88, metadata: ["source": "atlas"]),
]

/// The tool the model may call.
let populationParameters: JSONValue = ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]]
let populationTool = ToolDefinition(name: "population", description: "Population of a city, in millions.", parameters: populationParameters)

/// Pretends to be a model API: asks for the tool first, answers once it has the tool result.
func simulatedModel(_ messages: [Message]) async -> (reply: Message, prompt: Int, completion: Int) {
    try? await Task.sleep(for: .milliseconds(15))
    if let toolResult = messages.last, toolResult.role == "tool", let facts = messages.first(where: { $0.role == "system" })?.content {
        let city = facts.contains("Paris") ? "Paris" : "Rome"
        return (.assistant("\(city), home to about \(toolResult.content ?? "?") million people."), 61, 14)
    }
    let city = messages.contains { $0.content?.contains("Italy") == true } ? "Rome" : "Paris"
    let call = ToolCall(id: "call-\(city.lowercased())", name: "population", arguments: #"{"city":"\#(city)"}"#)
    return (.assistant(nil, toolCalls: [call]), 48, 9)
}

/// Dollars for a gpt-4o-mini call (list price per million tokens: $0.15 in, $0.60 out).
func cost(prompt: Int, completion: Int) -> Double {
    (Double(prompt) * 0.15 + Double(completion) * 0.60) / 1_000_000
}

func answer(_ question: String, endsConversation: Bool = false) async -> String {
    await tracer.chain("answer-question", input: question) { question in
        let documents = await tracer.retriever("search-docs", input: question) { query in
            try? await Task.sleep(for: .milliseconds(3))
            return knowledge.filter { document in
                query.contains("France") ? document.id == "doc-fr" : query.contains("Italy") ? document.id == "doc-it" : true
            }
        }
        let facts = documents.compactMap(\.content).joined(separator: " ")
        var messages: [Message] = [.system("Answer from these facts: \(facts)"), .user(question)]
        var spent = 0.0

        let request = await tracer.llm("plan", messages: messages, model: "gpt-4o-mini", provider: .openai, tools: [populationTool]) { messages in
            let (reply, prompt, completion) = await simulatedModel(messages)
            Span.current?.setTokenCounts(prompt: prompt, completion: completion)
            Span.current?.setLLM(finishReason: "tool_calls")
            spent += cost(prompt: prompt, completion: completion)
            return reply
        }
        messages.append(request)

        for call in request.toolCalls {
            let result = await tracer.tool(call.name, input: call.arguments ?? "{}", description: populationTool.description,
                                           parameters: populationParameters, callID: call.id) { arguments in
                arguments.contains("Rome") ? "2.8" : "2.1"
            }
            messages.append(.tool(result, toolCallID: call.id ?? "", name: call.name))
        }

        let final = await tracer.llm("answer", messages: messages, model: "gpt-4o-mini", provider: .openai) { messages in
            let (reply, prompt, completion) = await simulatedModel(messages)
            Span.current?.setTokenCounts(prompt: prompt, completion: completion)
            Span.current?.setLLM(finishReason: "stop")
            spent += cost(prompt: prompt, completion: completion)
            return reply
        }
        let text = final.content ?? ""
        Span.current?.addSignal("cost", spent)                                    // numerical
        Span.current?.addSignal("accuracy", documents.isEmpty ? 0.0 : 1.0)       // numerical
        Span.current?.addSignal("grounded", !documents.isEmpty)                   // boolean
        if endsConversation { Span.current?.addSignal("resolved", true, target: .session) }
        return text
    }
}

await withSession("quickstart-\(UUID().uuidString.prefix(8).lowercased())", name: "Quickstart") {
    await withAttributes(userID: "user-1") {
        print(await answer("What is the capital of France?"))
        print(await answer("And what is the capital of Italy?", endsConversation: true))
    }
}
// Delivers (or, for OTLP with a spool, stores) everything still queued before the process exits.
let result = await SpanKitSystem.shutdown(deadline: .now + .seconds(10))
let namesCollector = ["PHOENIX_COLLECTOR_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]
    .contains { ProcessInfo.processInfo.environment[$0] != nil }
if namesCollector {
    // The run is shorter than the batch schedule delay, so every span is delivered by shutdown.
    print("exported \(result.exported) spans over OTLP" + (result.spooled > 0 ? ", spooled \(result.spooled) for a later run" : ""))
} else {
    print("spans written to spankit-spans.jsonl")
}
// A failure shows in the exit status, so scripts and tests notice lost spans.
let undelivered = result.failed + result.dropped + result.pending
if undelivered > 0 {
    print("\(undelivered) spans could not be delivered")
    exit(1)
}
