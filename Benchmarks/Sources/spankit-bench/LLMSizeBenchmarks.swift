import OpenInference
import SpanKit

/// The real LLM spans of issue 18: a conversation recorded through the typed helpers, in three
/// sizes (and the largest with short messages, to show that the cost follows the attribute
/// count, not the text). The processor does nothing, so the figure is the caller's cost alone;
/// the Python reference builds the same spans with OpenInference's helpers.
struct LLMSpanSize {
    let id: String
    let title: String
    let messages: [Message]
    let reply: [Message]
    let tools: [ToolDefinition]
    /// The same content as plain values, for the Python reference's fixture (read from these
    /// rather than from the messages, whose fields the API does not expose).
    private let inputs: [(role: String, content: String)]
    private let output: (content: String, calls: [(id: String, arguments: String)])
    private let toolCount: Int
    private let shape: (count: Int, length: Int, toolCalls: Int)

    /// `count` input messages of `length` characters (a system prompt, then users and
    /// assistants taking turns), one assistant reply of the same length with `toolCalls` tool
    /// calls, and `toolCount` tools; `seed` varies the text.
    init(id: String, title: String, count: Int, length: Int, toolCalls: Int = 0, toolCount: Int = 0, seed: Int = 0) {
        self.id = id
        self.title = title
        let roles = (0..<count).map { position in position == 0 ? "system" : position % 2 == 1 ? "user" : "assistant" }
        messages = roles.enumerated().map { position, role in Message(role: role, content: fillerText(length, seed: seed + position)) }
        let replyText = fillerText(length, seed: seed + count)
        let calls = (0..<toolCalls).map { call in (id: "call_\(call)", arguments: "{\"query\":\"refund policy\",\"k\":\(call + 3)}") }
        reply = [Message.assistant(replyText, toolCalls: calls.map { ToolCall(id: $0.id, name: "search_docs", arguments: $0.arguments) })]
        tools = (0..<toolCount).map { tool in
            ToolDefinition(name: "tool_\(tool)", description: "Tool number \(tool).",
                           parameters: ["type": "object", "properties": ["query": ["type": "string"]]])
        }
        inputs = roles.enumerated().map { position, role in (role: role, content: fillerText(length, seed: seed + position)) }
        output = (content: replyText, calls: calls)
        self.toolCount = toolCount
        shape = (count, length, toolCalls)
    }

    /// The same size with other text, so a batch of these does not compress better than a
    /// batch of real conversations would.
    func varied(seed: Int) -> LLMSpanSize {
        LLMSpanSize(id: id, title: title, count: shape.count, length: shape.length, toolCalls: shape.toolCalls,
                    toolCount: toolCount, seed: seed)
    }

    /// The same content for the Python reference's fixture.
    var fixture: [String: Any] {
        var reply: [String: Any] = ["role": "assistant", "content": output.content]
        if !output.calls.isEmpty {
            reply["tool_calls"] = output.calls.map { call in ["id": call.id, "function": ["name": "search_docs", "arguments": call.arguments]] }
        }
        return [
            "id": id, "title": title,
            "input_messages": inputs.map { ["role": $0.role, "content": $0.content] },
            "output_messages": [reply],
            "tools": (0..<toolCount).map { tool -> [String: Any] in
                ["json_schema": ["type": "function", "function": [
                    "name": "tool_\(tool)", "description": "Tool number \(tool).",
                    "parameters": ["type": "object", "properties": ["query": ["type": "string"]]]]]]
            },
        ]
    }

    static let all = [
        LLMSpanSize(id: "llm_2x100", title: "LLM span: 2 messages of 100 chars", count: 2, length: 100),
        LLMSpanSize(id: "llm_20x1k", title: "LLM span: 20 msgs of 1 KB, 2 tool calls, 3 tools", count: 20, length: 1024, toolCalls: 2, toolCount: 3),
        LLMSpanSize(id: "llm_100x2k", title: "LLM span: 100 messages of 2 KB", count: 100, length: 2048),
        LLMSpanSize(id: "llm_100x100", title: "LLM span: 100 messages of 100 chars", count: 100, length: 100),
    ]

    /// The budgets of issue 18 (caller cost, processor that does nothing).
    var budget: Budget? {
        switch id {
        case "llm_2x100": Budget(nanoseconds: 1_500)
        case "llm_20x1k": Budget(nanoseconds: 6_000)
        default: Budget(nanoseconds: 20_000)
        }
    }

    @inline(__always)
    func record(on span: Span) {
        span.setLLM(model: "gpt-4o-mini", provider: .openai, invocationParameters: ["temperature": 0.2])
        if !tools.isEmpty { span.setAvailableTools(tools) }
        span.setInputMessages(messages)
        span.setOutputMessages(reply)
        span.setTokenCounts(prompt: 1234, completion: 321)
    }
}

enum LLMSizeBenchmarks {
    static func run(_ plan: Plan, log: (String) -> Void) -> [Row] {
        let tracer = SpanKitSystem.makeTracer(SpanKitSystem.Configuration(destination: .processor(NoopProcessor()), environment: [:]))
        var rows: [Row] = []
        for size in LLMSpanSize.all where Filter.wants(size.id) {
            let measurement = measure(plan) {
                tracer.withSpan("chat-completion", kind: .llm) { span in size.record(on: span) }
            }
            let row = Row(id: size.id, title: size.title, measurement: measurement, budget: size.budget)
            log("  " + row.title.padded(46) + formatNanoseconds(measurement.median).leftPadded(10)
                + "  (cpu " + formatNanoseconds(measurement.cpuMedian) + ")  allocs/op " + formatAllocations(measurement.allocations))
            rows.append(row)
        }
        return rows
    }
}
