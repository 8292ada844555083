import Foundation
@_spi(Benchmarks) import SpanKit

/// An exporter that accepts every batch and keeps nothing: the span benchmarks measure the
/// calling thread, with the production batch processor in place but no I/O behind it.
final class DiscardingExporter: SpanExporter {
    private let counter = Counter()

    func export(_ spans: [SpanRecord]) async throws {
        counter.add(spans.count)
    }

    var exportedCount: Int { counter.value }
}

/// A lock-protected integer.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0

    func add(_ amount: Int) { lock.withLock { total += amount } }
    var value: Int { lock.withLock { total } }
}

/// Tracers as an application configures them: the production batch processor (default queue
/// and batch sizes) in front of an exporter.
enum Tracers {
    static func batch(sampler: Sampler = .parentBased(root: .alwaysOn), exporter: any SpanExporter = DiscardingExporter(),
                      options: BatchOptions = BatchOptions(), maxQueueBytes: Int = 1 << 30) -> Tracer {
        // A byte budget large enough that batches are cut by count, as the timed bursts
        // (multiples of the 512-span batch) assume: with the default, a burst of full LLM spans
        // is cut into byte-sized batches and its last one waits for the schedule delay.
        var configuration = SpanKitSystem.Configuration(
            destination: .exporters([exporter]), environment: ["SPANKIT_BSP_MAX_QUEUE_BYTES": String(maxQueueBytes)])
        configuration.sampler = sampler
        options.apply(to: &configuration)
        return SpanKitSystem.makeTracer(configuration)
    }
}

/// The batch settings a benchmark varies; nil values take the defaults.
struct BatchOptions {
    var maxQueueSize: Int?
    var maxExportBatchSize: Int?
    var scheduleDelay: Duration?

    func apply(to configuration: inout SpanKitSystem.Configuration) {
        configuration.maxQueueSize = maxQueueSize
        configuration.maxExportBatchSize = maxExportBatchSize
        configuration.scheduleDelay = scheduleDelay
    }
}

/// Deterministic filler text, built once (never inside a timed loop).
func fillerText(_ length: Int, seed: Int) -> String {
    let words = ["the", "model", "answer", "question", "document", "retrieval", "token", "context", "Swift", "span", "cost", "user"]
    var result = ""
    var index = seed
    while result.utf8.count < length {
        result += words[index % words.count] + " "
        index = (index &* 31 &+ 7) & 0xFFFF
    }
    return String(result.prefix(length))
}

/// The spans the encoding benchmarks use, and that the Python reference rebuilds from the
/// fixture file so both sides encode the same attributes.
enum SpanShapes {
    /// A compact LLM span, the size of the Python reference measurement in the design notes
    /// (~430 bytes of protobuf): model, provider, one user and one assistant message, token
    /// counts, input and output.
    static func compactLLM(tracer: Tracer, index: Int) -> SpanRecord {
        let span = tracer.startSpan("chat", kind: .llm, otelKind: .client)
        span.setAttribute("llm.model_name", "gpt-4o-mini")
        span.setAttribute("llm.provider", "openai")
        span.setAttribute("llm.input_messages.0.message.role", "user")
        span.setAttribute("llm.input_messages.0.message.content", .string(fillerText(40, seed: index)))
        span.setAttribute("llm.output_messages.0.message.role", "assistant")
        span.setAttribute("llm.output_messages.0.message.content", .string(fillerText(60, seed: index + 1)))
        span.setAttribute("llm.token_count.prompt", .int(12 + index % 50))
        span.setAttribute("llm.token_count.completion", 30)
        span.setAttribute("llm.token_count.total", .int(42 + index % 50))
        span.end()
        return span.record!
    }

    /// A full LLM call: 10 flattened input messages, an answer with 2 tool calls, token counts
    /// with details, invocation parameters, input and output, session and user (about 40
    /// attributes, ~5 KB of protobuf).
    static func fullLLM(tracer: Tracer, index: Int) -> SpanRecord {
        let texts = FullLLMTexts(seed: index)
        let span = tracer.startSpan("chat-completion", kind: .llm, otelKind: .client, sessionID: "session-\(index % 17)", userID: "user-42")
        texts.record(on: span)
        span.end()
        return span.record!
    }

    static func records(_ count: Int, _ make: (Tracer, Int) -> SpanRecord) -> [SpanRecord] {
        let tracer = Tracer(processor: nil)
        return (0..<count).map { make(tracer, $0) }
    }
}

/// The content of a full LLM span, prepared outside the timed loop; `record(on:)` writes it
/// through the typed OpenInference helpers, as an application would.
struct FullLLMTexts {
    let messages: [Message]
    let reply: [Message]
    let input: String
    let output: String

    init(seed: Int) {
        let roles = ["system", "user", "assistant", "user", "assistant", "user", "assistant", "tool", "assistant", "user"]
        messages = roles.enumerated().map { position, role in
            let text = fillerText(position == 0 ? 400 : 120 + position * 20, seed: seed + position)
            return role == "tool"
                ? Message.tool(text, toolCallID: "call_\(position)", name: "search_docs")
                : Message(role: role, content: text)
        }
        reply = [Message.assistant(fillerText(300, seed: seed), toolCalls: (0..<2).map { call in
            ToolCall(id: "call_\(call)", name: "search_docs", arguments: "{\"query\":\"refund policy\",\"k\":\(call + 3)}")
        })]
        input = fillerText(160, seed: seed + 99)
        output = fillerText(300, seed: seed + 7)
    }

    @inline(__always)
    func record(on span: Span) {
        span.setLLM(model: "gpt-4o-mini", provider: .openai, invocationParameters: ["temperature": 0.2, "max_tokens": 512])
        span.setInputMessages(messages)
        span.setOutputMessages(reply)
        span.setTokenCounts(
            prompt: 1234, completion: 321,
            cacheRead: 1024, reasoning: 128)
        span.setAttribute("input.value", .string(input))
        span.setAttribute("output.value", .string(output))
    }
}
