// SpanKit agent-tools: an agent that runs several tool calls concurrently.
//
// One AGENT trace, "day-planner". The (simulated) model's first answer asks for three tools at
// once; the agent runs them concurrently in a task group and gives the results back to the model,
// which writes the plan. Every child task inherits the agent span as its current span, so each
// TOOL span is correctly parented to the agent even though they run at the same time. One tool,
// book_restaurant, fails: its span has status ERROR and an exception event, and the agent carries
// on with what it has.
//
//   AGENT day-planner
//   ├─ LLM  plan              asks for three tools at once
//   ├─ TOOL get_weather       ┐
//   ├─ TOOL find_museum       │ run concurrently
//   ├─ TOOL book_restaurant   ┘ fails
//   └─ LLM  answer
//
//   swift run agent-tools                                                 # console tree + spankit-spans.jsonl
//   PHOENIX_COLLECTOR_ENDPOINT=http://127.0.0.1:6006 swift run agent-tools   # export to Phoenix
import Foundation
import SpanKit

SpanKitSystem.bootstrap(SpanKitSystem.Configuration(serviceName: "agent-tools"))

/// The tool definitions offered to the model, in a stable order.
let definitions = tools.values.map(\.definition).sorted { ($0.name ?? "") < ($1.name ?? "") }

/// Pretends to be a model that calls tools in parallel: first it asks for every tool, then it
/// writes the plan from their results.
func simulatedModel(_ messages: [Message]) async -> (reply: Message, prompt: Int, completion: Int) {
    try? await Task.sleep(for: .milliseconds(15))
    let results = messages.filter { $0.role == "tool" }
    guard results.isEmpty else {
        let lines = results.map { "- \($0.name ?? "tool"): \($0.content ?? "")" }.joined(separator: "\n")
        return (.assistant("Here is your day in Lisbon:\n\(lines)\nNo table is booked yet; book one once the service is back."), 164, 58)
    }
    let calls = ["get_weather", "find_museum", "book_restaurant"].enumerated().map { position, name in
        ToolCall(id: "call_\(position + 1)", name: name, arguments: #"{"city":"Lisbon"}"#)
    }
    return (.assistant(nil, toolCalls: calls), 212, 61)
}

/// Runs one tool call in its TOOL span and returns the result message for the model. A failure
/// is reported to the model as text; the span has already recorded the error.
func run(_ call: ToolCall) async -> Message {
    guard let tool = tools[call.name] else {
        return .tool("error: there is no tool named \(call.name)", toolCallID: call.id ?? "", name: call.name)
    }
    do {
        let result = try await tracer.tool(
            call.name, input: call.arguments ?? "{}", description: tool.definition.description,
            parameters: tool.parameters, callID: call.id
        ) { arguments in
            try await tool.run(arguments)
        }
        return .tool(result, toolCallID: call.id ?? "", name: call.name)
    } catch {
        return .tool("error: \(error)", toolCallID: call.id ?? "", name: call.name)
    }
}

/// Runs calls concurrently and returns their results in the order of the calls.
func runConcurrently(_ calls: [ToolCall]) async -> [Message] {
    await withTaskGroup(of: (Int, Message).self) { group in
        for (position, call) in calls.enumerated() {
            // The child task inherits the task-local context, so the agent span is its parent.
            group.addTask { (position, await run(call)) }
        }
        var results = [Message?](repeating: nil, count: calls.count)
        for await (position, message) in group { results[position] = message }
        return results.compactMap { $0 }
    }
}

/// One model step: an LLM span around the simulated model.
func step(_ name: String, _ messages: [Message]) async -> Message {
    await tracer.llm(name, messages: messages, model: "gpt-4o-mini", provider: .openai, tools: definitions) { messages in
        let (reply, prompt, completion) = await simulatedModel(messages)
        Span.current?.setTokenCounts(prompt: prompt, completion: completion)
        Span.current?.setLLM(finishReason: reply.toolCalls.isEmpty ? "stop" : "tool_calls")
        return reply
    }
}

/// A duration in whole milliseconds, for printing.
func milliseconds(_ duration: Duration) -> Int64 {
    duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000
}

let request = "Plan my day in Lisbon: the weather, a museum, and a table for dinner."
let plan = await tracer.agent("day-planner", input: request) { request in
    var messages: [Message] = [
        .system("Plan the user's day. Use the tools for live data and call independent tools in parallel."),
        .user(request),
    ]
    let toolRequest = await step("plan", messages)
    messages.append(toolRequest)
    let started = ContinuousClock.now
    let results = await runConcurrently(toolRequest.toolCalls)
    print("\(results.count) tools ran concurrently in \(milliseconds(ContinuousClock.now - started)) ms")
    messages.append(contentsOf: results)
    return await step("answer", messages).content ?? ""
}
print(plan)

// Delivers everything still queued before the process exits; a failure shows in the exit status.
let delivery = await SpanKitSystem.shutdown(deadline: .now + .seconds(10))
let undelivered = delivery.failed + delivery.dropped + delivery.pending
if undelivered > 0 {
    print("\(undelivered) spans could not be delivered")
    exit(1)
}
