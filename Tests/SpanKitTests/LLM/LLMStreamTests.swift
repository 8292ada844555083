import Foundation
import OpenInference
@testable import SpanKit
import SpanKitTesting
import Testing

/// Issue 12: a streamed response traced with `llmStream` ends its span exactly once, with the
/// right status, chunk count, first-token event and reply, however the stream ends.
@Suite struct LLMStreamTests {
    /// A chunk as a chat-completions stream sends it.
    struct Chunk: Sendable {
        var text: String?
        var toolCall: ToolCall?
        var usage: (prompt: Int, completion: Int)?
    }

    struct ModelFailure: Error {}

    static let chunks: [Chunk] = [
        Chunk(),  // the role-only first chunk: not yet a token
        Chunk(text: "The weather "),
        Chunk(text: "in Paris is"),
        Chunk(toolCall: ToolCall(id: "call_1", name: "get_", arguments: "{\"city\":")),
        Chunk(toolCall: ToolCall(name: "weather", arguments: "\"Paris\"}")),
        Chunk(usage: (prompt: 12, completion: 7)),
    ]

    /// The traced stream of `chunks`, recording the way the example does.
    static func traced(_ tracer: Tracer, _ source: AsyncThrowingStream<Chunk, any Error>) -> AsyncThrowingStream<Chunk, any Error> {
        tracer.llmStream("chat", messages: [.user("Weather in Paris?")], model: "gpt-4o-mini", provider: .openai, chunks: source) { chunk, span in
            if let usage = chunk.usage { span.setTokenCounts(prompt: usage.prompt, completion: usage.completion) }
            return Message(role: "assistant", content: chunk.text, toolCalls: chunk.toolCall.map { [$0] } ?? [])
        }
    }

    static func source(_ chunks: [Chunk], thenThrow error: (any Error)? = nil) -> AsyncThrowingStream<Chunk, any Error> {
        AsyncThrowingStream { continuation in
            for chunk in chunks { continuation.yield(chunk) }
            continuation.finish(throwing: error)
        }
    }

    static func chunkCount(_ span: SpanRecord) -> AttributeValue? { span.attributes["spankit.stream.chunk_count"] }

    @Test func aCompletedStreamRecordsTheWholeReplyAndEndsOk() async throws {
        let clock = ManualClock()
        let test = TestTracer(clock: clock)
        let remaining = Locked<[Chunk]>.make(Self.chunks)
        let stream = Self.traced(test.tracer, AsyncThrowingStream(unfolding: {
            guard let chunk = remaining.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { return nil }
            // 250 ms until the first token, then quick.
            clock.advance(byNanoseconds: chunk.text == "The weather " ? 249_000_000 : 1_000_000)
            return chunk
        }))
        var received = 0
        for try await _ in stream { received += 1 }
        #expect(received == 6)
        let span = try #require(test.exporter.spans.first)
        #expect(test.exporter.spans.count == 1)
        #expect(span.status == .ok)
        #expect(Self.chunkCount(span) == .int(6))
        #expect(span.events.map(\.name) == ["first_token"])
        #expect(span.attributes["gen_ai.response.time_to_first_chunk"] == .double(0.25))
        #expect(span.attributes[SpanAttributes.llmTokenCountPrompt] == .int(12) && span.attributes[SpanAttributes.llmTokenCountTotal] == .int(19))
        #expect(span.attributes["llm.output_messages.0.message.content"] == .string("The weather in Paris is"))
        #expect(span.attributes["llm.output_messages.0.message.tool_calls.0.tool_call.function.name"] == .string("get_weather"))
        #expect(span.attributes["llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments"] == .string("{\"city\":\"Paris\"}"))
        #expect(span.attributes["llm.output_messages.0.message.tool_calls.0.tool_call.id"] == .string("call_1"))
        #expect(span.attributes["llm.input_messages.0.message.content"] == .string("Weather in Paris?"))
        #expect(span.kind == .llm)
        #expect(test.diagnostics.all.isEmpty)
    }

    @Test func aThrowingStreamRecordsTheErrorAndRethrowsIt() async throws {
        let test = TestTracer()
        let stream = Self.traced(test.tracer, Self.source(Array(Self.chunks.prefix(3)), thenThrow: ModelFailure()))
        var received = 0
        await #expect(throws: ModelFailure.self) {
            for try await _ in stream { received += 1 }
        }
        #expect(received == 3)
        let span = try #require(test.exporter.spans.first)
        #expect(test.exporter.spans.count == 1)
        #expect(span.status.isError)
        #expect(span.events.map(\.name) == ["first_token", "exception"])
        #expect(Self.chunkCount(span) == .int(3))
        #expect(span.attributes["llm.output_messages.0.message.content"] == .string("The weather in Paris is"), "the reply so far")
    }

    @Test func aConsumerThatStopsEarlyEndsTheSpanOnce() async throws {
        let test = TestTracer()
        do {
            let stream = Self.traced(test.tracer, Self.source(Self.chunks))
            for try await chunk in stream where chunk.text != nil { break }
        }
        let span = try #require(test.exporter.spans.first)
        #expect(test.exporter.spans.count == 1)
        #expect(span.status == .unset)
        #expect(span.events.map(\.name) == ["first_token", "stream_stopped"])
        #expect(Self.chunkCount(span) == .int(2))
    }

    @Test func aDroppedIteratorEndsTheSpanOnce() async throws {
        let test = TestTracer()
        do {
            var iterator = Self.traced(test.tracer, Self.source(Self.chunks)).makeAsyncIterator()
            _ = try await iterator.next()
        }
        let span = try #require(test.exporter.spans.first)
        #expect(test.exporter.spans.count == 1)
        #expect(span.events.map(\.name) == ["stream_stopped"])
        #expect(Self.chunkCount(span) == .int(1))
    }

    @Test func aCancelledConsumerEndsTheSpanAsCancelled() async throws {
        let test = TestTracer()
        let (source, continuation) = AsyncThrowingStream<Chunk, any Error>.makeStream()
        continuation.yield(Chunk(text: "Hel"))
        let (firstChunk, receivedFirst) = AsyncStream<Void>.makeStream()
        let consumer = Task {
            var received = 0
            for try await _ in Self.traced(test.tracer, source) {
                received += 1
                receivedFirst.yield()
            }
            return received
        }
        // Cancel once the consumer has the first chunk, as it goes on to wait for the next (a
        // real stream, here waiting on the model, ends the same way when cancelled: without a
        // next chunk). Waiting for the chunk rather than for a time keeps a loaded machine (the
        // whole suite under ThreadSanitizer on two cores) from cancelling before the first one.
        for await _ in firstChunk { break }
        consumer.cancel()
        #expect((try? await consumer.value) == 1)
        continuation.finish()
        let span = try #require(test.exporter.spans.first)
        #expect(test.exporter.spans.count == 1)
        #expect(span.status == .error(description: "cancelled"))
        #expect(span.events.map(\.name) == ["first_token"])
        #expect(Self.chunkCount(span) == .int(1))
    }

    @Test func aStreamThatIsNeverIteratedEndsItsSpanWithADiagnostic() throws {
        let test = TestTracer()
        do {
            _ = Self.traced(test.tracer, Self.source(Self.chunks))
        }
        let span = try #require(test.exporter.spans.first)
        #expect(test.exporter.spans.count == 1)
        #expect(span.status == .error(description: "the stream was never iterated"))
        #expect(Self.chunkCount(span) == .int(0))
        #expect(test.diagnostics.codes() == [.spansDropped])
        #expect(test.diagnostics.all.first?.message == "LLM stream span 'chat' ended unread: its stream was released without being iterated")
    }

    @Test func theSpanIsCurrentWhileAChunkIsAwaitedAndChildrenNestUnderIt() async throws {
        let test = TestTracer()
        let parentID = try await withTracer(test.tracer) {
            try await test.tracer.withSpan("handle-request") { parent in
                let lazy = AsyncThrowingStream<Chunk, any Error>(unfolding: {
                    // Work the sequence does on demand, as a lazily started request would.
                    test.tracer.withSpan("http-request", otelKind: .client) { _ in }
                    return nil
                })
                for try await _ in Self.traced(test.tracer, lazy) {}
                return parent.spanID
            }
        }
        let llm = try #require(test.exporter.spans(named: "chat").first)
        let request = try #require(test.exporter.spans(named: "http-request").first)
        #expect(llm.parentID == parentID)
        #expect(request.parentID == llm.spanID)
        #expect(llm.status == .ok && Self.chunkCount(llm) == .int(0))
        #expect(llm.events.isEmpty, "no token, no first_token event")
    }

    @Test func twoConsumersAtOnceGetAnErrorNotARace() async throws {
        let test = TestTracer()
        let (source, continuation) = AsyncThrowingStream<Chunk, any Error>.makeStream()
        // The model's stream, telling when it is asked for a chunk: the second consumer comes
        // once the first is waiting for one (a fixed wait raced with a loaded machine).
        let (asked, askedSignal) = AsyncStream<Void>.makeStream()
        let upstream = Upstream(source)
        let model = AsyncThrowingStream<Chunk, any Error> {
            askedSignal.yield()
            return try await upstream.next()
        }
        let stream = Self.traced(test.tracer, model)
        let first = Task { var iterator = stream.makeAsyncIterator(); return try await iterator.next()?.text }
        for await _ in asked { break }
        var second = stream.makeAsyncIterator()
        await #expect(throws: StreamMisuse.self) { _ = try await second.next() }
        continuation.yield(Chunk(text: "ok"))
        continuation.finish()
        #expect(try await first.value == "ok")
    }
}

/// A stream's iterator behind an actor, so that a `@Sendable` closure can pull from it.
private actor Upstream {
    private let iterator: AsyncThrowingStream<LLMStreamTests.Chunk, any Error>.Iterator

    init(_ stream: AsyncThrowingStream<LLMStreamTests.Chunk, any Error>) { iterator = stream.makeAsyncIterator() }

    func next() async throws -> LLMStreamTests.Chunk? {
        // The iterator refers to the stream's shared storage: a copy pulls from the same stream.
        var current = iterator
        return try await current.next(isolation: self)
    }
}
