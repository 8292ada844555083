import Foundation
@testable import SpanKit
import Testing

private struct Order: Encodable, Sendable {
    let item: String
    let quantity: Int
}

/// Not `Encodable`: passed through to the operation, never recorded.
private final class Connection: Sendable {}

private struct LookupFailed: Error, CustomStringConvertible {
    var description: String { "no such city" }
}

private actor Assistant {
    let tracer: Tracer
    var answered = 0

    init(tracer: Tracer) { self.tracer = tracer }

    /// Runs a wrapper on the actor, so the wrapper's `isolation` is this actor.
    func answer(_ question: String) async -> String {
        await tracer.chain("actor-chain", input: question) { question in
            await Task.yield()
            answered += 1  // actor state, reachable because the operation runs on the actor
            return question.uppercased()
        }
    }
}

@Suite struct ScopedWrapperTests {
    @Test func chainRecordsTextInputAndOutputAndSucceeds() async throws {
        let test = TestTracer()
        var seen: Span?
        let result = await test.tracer.chain("answer-question", input: "What is the capital of France?") { question in
            seen = Span.current
            return "Paris (asked: \(question.count) characters)"
        }
        #expect(result == "Paris (asked: 30 characters)")
        let record = try #require(test.exporter.spans.first)
        #expect(seen?.spanID == record.spanID)
        #expect(record.kind == .chain)
        #expect(record.status == .ok)
        #expect(record.endTime != nil)
        #expect(record.attributes["input.value"] == "What is the capital of France?")
        #expect(record.attributes["input.mime_type"] == "text/plain")
        #expect(record.attributes["output.value"] == "Paris (asked: 30 characters)")
        #expect(record.attributes["output.mime_type"] == "text/plain")
        #expect(record.exportAttributes["openinference.span.kind"] == "CHAIN")
    }

    @Test func encodableValuesAreRecordedAsJSON() async throws {
        let test = TestTracer()
        _ = await test.tracer.chain("place-order", input: Order(item: "tea", quantity: 2)) { order in
            ["confirmed": order.quantity == 2]
        }
        let record = try #require(test.exporter.spans.first)
        #expect(record.attributes["input.value"] == #"{"item":"tea","quantity":2}"#)
        #expect(record.attributes["input.mime_type"] == "application/json")
        #expect(record.attributes["output.value"] == #"{"confirmed":true}"#)
        #expect(record.attributes["output.mime_type"] == "application/json")
    }

    @Test func valuesThatAreNotEncodableNilOrVoidAreNotRecorded() async throws {
        let test = TestTracer()
        let connection = Connection()
        await test.tracer.chain("use-connection", input: connection) { received in
            #expect(received === connection)
        }
        let none: String? = await test.tracer.chain("moderate", kind: .guardrail, input: String?.none) { _ in nil }
        #expect(none == nil)
        let some: String? = await test.tracer.chain("judge", kind: .evaluator, input: Optional("draft")) { draft in draft.map { "ok: \($0)" } }
        #expect(some == "ok: draft")

        let spans = test.exporter.spans
        #expect(spans.map(\.kind) == [.chain, .guardrail, .evaluator])
        #expect(spans[0].attributes.isEmpty)
        #expect(spans[1].attributes.isEmpty)
        #expect(spans[2].attributes["input.value"] == "draft")
        #expect(spans[2].attributes["input.mime_type"] == "text/plain")
        #expect(spans[2].attributes["output.value"] == "ok: draft")
    }

    @Test func outputSetInsideTheOperationWins() async throws {
        let test = TestTracer()
        let result = await test.tracer.chain("summarise", input: "long text") { _ in
            Span.current?.setOutput("summary shown to the user")
            return "internal representation"
        }
        #expect(result == "internal representation")
        let record = try #require(test.exporter.spans.first)
        #expect(record.attributes["output.value"] == "summary shown to the user")
    }

    @Test func thrownErrorIsRecordedAndRethrown() async throws {
        let test = TestTracer()
        await #expect(throws: LookupFailed.self) {
            try await test.tracer.tool("get_weather", input: "Atlantis") { _ -> String in throw LookupFailed() }
        }
        let record = try #require(test.exporter.spans.first)
        #expect(record.status == .error(description: "no such city"))
        #expect(record.attributes["input.value"] == "Atlantis")
        #expect(record.attributes["output.value"] == nil)
        let event = try #require(record.events.first)
        #expect(event.name == "exception")
        #expect(event.attributes["exception.message"] == "no such city")
        #expect(event.attributes["exception.escaped"] == true)
        #expect(record.endTime != nil)
    }

    @Test func wrappersNestUnderTheCurrentSpan() async throws {
        let test = TestTracer()
        await test.tracer.withSpan("request") { request in
            _ = await test.tracer.chain("answer-question", input: "q") { question in
                let documents = await test.tracer.retriever("search-docs", input: question) { _ in [Document(id: "d1")] }
                // A [Message] given as a generic input is still recorded as messages.
                return await test.tracer.llm("chat-completion", input: [Message.user(question)], model: "gpt-4o-mini") { _ in
                    "answer from \(documents.count) document"
                }
            }
            #expect(Span.current?.spanID == request.spanID)
        }
        let spans = Dictionary(uniqueKeysWithValues: test.exporter.spans.map { ($0.name, $0) })
        let request = try #require(spans["request"])
        let chain = try #require(spans["answer-question"])
        #expect(chain.parentID == request.spanID)
        #expect(spans["search-docs"]?.parentID == chain.spanID)
        #expect(spans["chat-completion"]?.parentID == chain.spanID)
        #expect(spans["chat-completion"]?.attributes["llm.input_messages.0.message.content"] == "q")
        #expect(spans["chat-completion"]?.attributes["input.value"] == nil)
        #expect(Set(spans.values.map(\.traceID)) == [request.traceID])
    }

    @Test func asyncWrappersNestAcrossAwaitsAndTaskGroups() async throws {
        let test = TestTracer()
        let answer = try await test.tracer.agent("planner", input: "Plan a trip") { goal in
            try await Task.sleep(for: .milliseconds(1))
            let results = await withTaskGroup(of: String.self) { group in
                for city in ["Rome", "Paris", "Oslo"] {
                    group.addTask {
                        await test.tracer.tool("lookup", input: city) { city in
                            await Task.yield()
                            return "\(city): ok"
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            return "\(goal): \(results.count) cities"
        }
        #expect(answer == "Plan a trip: 3 cities")
        let agent = try #require(test.exporter.spans(named: "planner").first)
        #expect(agent.kind == .agent)
        #expect(agent.attributes["agent.name"] == "planner")
        #expect(agent.attributes["output.value"] == "Plan a trip: 3 cities")
        let tools = test.exporter.spans(named: "lookup")
        #expect(tools.count == 3)
        #expect(tools.allSatisfy { $0.parentID == agent.spanID && $0.kind == .tool && $0.status == .ok })
        #expect(Set(tools.compactMap { $0.attributes["input.value"]?.stringValue }) == ["Rome", "Paris", "Oslo"])
    }

    @Test func asyncErrorsAreRecordedAndRethrown() async throws {
        let test = TestTracer()
        await #expect(throws: LookupFailed.self) {
            try await test.tracer.retriever("search-docs", input: "q") { _ -> [Document] in
                await Task.yield()
                throw LookupFailed()
            }
        }
        let record = try #require(test.exporter.spans.first)
        #expect(record.status == .error(description: "no such city"))
        #expect(record.attributes["retrieval.documents.0.document.id"] == nil)
    }

    @Test func asyncWrappersRunOnTheCallersActor() async throws {
        let test = TestTracer()
        let assistant = Assistant(tracer: test.tracer)
        #expect(await assistant.answer("hello") == "HELLO")
        #expect(await assistant.answered == 1)
        #expect(test.exporter.spans.first?.attributes["output.value"] == "HELLO")
    }

    @Test func toolRecordsItsDescription() async throws {
        let test = TestTracer()
        let reply = await test.tracer.tool(
            "get_weather", input: ["city": "Paris"] as JSONValue, description: "Current weather.",
            parameters: ["type": "object"], callID: "call_9"
        ) { _ in 18.5 }
        #expect(reply == 18.5)
        let record = try #require(test.exporter.spans.first)
        #expect(record.kind == .tool)
        #expect(record.name == "get_weather")
        #expect(record.attributes["tool.name"] == "get_weather")
        #expect(record.attributes["tool.description"] == "Current weather.")
        #expect(record.attributes["tool.parameters"] == #"{"type":"object"}"#)
        #expect(record.attributes["tool.id"] == "call_9")
        #expect(record.attributes["input.value"] == #"{"city":"Paris"}"#)
        #expect(record.attributes["output.value"] == "18.5")
        #expect(record.attributes["output.mime_type"] == "application/json")
    }

    @Test func llmRecordsMessagesInsteadOfInputAndOutputValues() async throws {
        let test = TestTracer()
        let reply = await test.tracer.llm(
            "chat-completion", messages: [.system("Be brief."), .user("Hi")], model: "claude-haiku-4-5", provider: .anthropic
        ) { messages in
            Span.current?.setTokenCounts(prompt: 5, completion: 1)
            return [Message.assistant("Hello (\(messages.count) messages)")]
        }
        #expect(reply.first?.content == "Hello (2 messages)")
        let record = try #require(test.exporter.spans.first)
        #expect(record.kind == .llm)
        #expect(record.attributes["llm.model_name"] == "claude-haiku-4-5")
        #expect(record.attributes["llm.provider"] == "anthropic")
        #expect(record.attributes["llm.system"] == "anthropic")
        #expect(record.attributes["llm.input_messages.1.message.content"] == "Hi")
        #expect(record.attributes["llm.output_messages.0.message.role"] == "assistant")
        #expect(record.attributes["llm.output_messages.0.message.content"] == "Hello (2 messages)")
        #expect(record.attributes["llm.token_count.total"] == 6)
        #expect(record.attributes["input.value"] == nil)
        #expect(record.attributes["output.value"] == nil)
    }

    @Test func llmWithTextKeepsTextAndKeepsMessagesTheOperationRecorded() async throws {
        let test = TestTracer()
        _ = await test.tracer.llm("complete", input: "Once upon a time") { _ in "there was a span." }
        _ = await test.tracer.llm("chat", messages: [.user("Weather?")]) { _ in
            Span.current?.setOutputMessages([.assistant(toolCalls: [ToolCall(id: "c1", name: "weather")])])
            return Message.assistant("(tool call)")
        }
        let complete = try #require(test.exporter.spans(named: "complete").first)
        #expect(complete.attributes["input.value"] == "Once upon a time")
        #expect(complete.attributes["output.value"] == "there was a span.")
        #expect(complete.attributes["llm.model_name"] == nil)
        let chat = try #require(test.exporter.spans(named: "chat").first)
        #expect(chat.attributes["llm.output_messages.0.message.tool_calls.0.tool_call.function.name"] == "weather")
        #expect(chat.attributes["llm.output_messages.0.message.content"] == nil)
    }

    @Test func retrieverRecordsDocumentsOrOtherResults() async throws {
        let test = TestTracer()
        _ = await test.tracer.retriever("search-docs", input: "France") { _ in
            [Document(id: "d1", content: "Paris", score: 0.9), Document(id: "d2", content: "Lyon", score: 0.4)]
        }
        _ = await test.tracer.retriever("search-titles", input: "France") { _ in ["Paris", "Lyon"] }
        let documents = try #require(test.exporter.spans(named: "search-docs").first)
        #expect(documents.kind == .retriever)
        #expect(documents.attributes["retrieval.documents.1.document.content"] == "Lyon")
        #expect(documents.attributes["retrieval.documents.1.document.score"] == 0.4)
        #expect(documents.attributes["output.value"] == nil)
        let titles = try #require(test.exporter.spans(named: "search-titles").first)
        #expect(titles.attributes["output.value"] == #"["Paris","Lyon"]"#)
    }

    @Test func rerankerRecordsQueryModelAndDocuments() async throws {
        let test = TestTracer()
        let candidates = [Document(id: "a", score: 0.1), Document(id: "b", score: 0.2)]
        let best = await test.tracer.reranker("rerank", input: candidates, query: "q", model: "rerank-v3", topK: 1) { documents in
            await Task.yield()
            return Array(documents.reversed().prefix(1))
        }
        #expect(best.map(\.id) == ["b"])
        let record = try #require(test.exporter.spans.first)
        #expect(record.kind == .reranker)
        #expect(record.attributes["reranker.query"] == "q")
        #expect(record.attributes["reranker.model_name"] == "rerank-v3")
        #expect(record.attributes["reranker.top_k"] == 1)
        #expect(record.attributes["reranker.input_documents.1.document.id"] == "b")
        #expect(record.attributes["reranker.output_documents.0.document.id"] == "b")
        #expect(record.attributes["reranker.output_documents.1.document.id"] == nil)
    }

    @Test func embeddingRecordsTextsAndVectors() async throws {
        let test = TestTracer()
        let vector = await test.tracer.embedding(input: "hello", model: "text-embedding-3-small") { _ in
            await Task.yield()
            return [0.5, 0.25] as [Double]
        }
        #expect(vector == [0.5, 0.25])
        let count = await test.tracer.embedding("embed-batch", input: ["a", "b"]) { texts in texts.count }
        #expect(count == 2)
        let single = try #require(test.exporter.spans(named: "CreateEmbeddings").first)
        #expect(single.kind == .embedding)
        #expect(single.attributes["embedding.model_name"] == "text-embedding-3-small")
        #expect(single.attributes["embedding.embeddings.0.embedding.text"] == "hello")
        #expect(single.attributes["embedding.embeddings.0.embedding.vector"] == .doubleArray([0.5, 0.25]))
        #expect(single.attributes["output.value"] == nil)
        let batch = try #require(test.exporter.spans(named: "embed-batch").first)
        #expect(batch.attributes["embedding.embeddings.1.embedding.text"] == "b")
        #expect(batch.attributes["output.value"] == "2")
    }

    @Test func unsampledSpansRunTheOperationAndRecordNothing() async throws {
        let test = TestTracer(sampler: .alwaysOff)
        let text = await test.tracer.chain("chain", input: "in") { input in
            #expect(Span.current?.isRecording == false)
            return input + "-out"
        }
        let vectors = await test.tracer.embedding(input: ["x"]) { _ in
            await Task.yield()
            return [[1.0]]
        }
        #expect(text == "in-out")
        #expect(vectors == [[1.0]])
        #expect(test.exporter.spans.isEmpty)
    }
}
