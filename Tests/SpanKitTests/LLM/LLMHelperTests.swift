import Foundation
import OpenInference
@testable import SpanKit
import Testing

@Suite struct LLMHelperTests {
    private func recordedSpan(_ test: TestTracer = TestTracer(), kind: SpanKind = .llm, _ body: (Span) -> Void) throws -> SpanRecord {
        test.tracer.withSpan("helper", kind: kind) { span in body(span) }
        return try #require(test.exporter.spans.last)
    }

    @Test func totalIsDerivedOnlyWhenBothCountsAreKnownAndFit() throws {
        let derived = try recordedSpan { $0.setTokenCounts(prompt: 10, completion: 5) }
        #expect(derived.attributes["llm.token_count.total"] == 15)
        let explicit = try recordedSpan { $0.setTokenCounts(prompt: 10, completion: 5, total: 40) }
        #expect(explicit.attributes["llm.token_count.total"] == 40)
        let promptOnly = try recordedSpan { $0.setTokenCounts(prompt: 10) }
        #expect(promptOnly.attributes["llm.token_count.total"] == nil)
        #expect(promptOnly.attributes["llm.token_count.completion"] == nil)
        let overflowing = try recordedSpan { $0.setTokenCounts(prompt: .max, completion: 1) }
        #expect(overflowing.attributes["llm.token_count.prompt"] == .int(.max))
        #expect(overflowing.attributes["llm.token_count.total"] == nil)
        let fromValue = try recordedSpan {
            $0.setTokenCounts(TokenCounts(prompt: 3, completion: 4, reasoning: 2))
        }
        #expect(fromValue.attributes["llm.token_count.total"] == 7)
        #expect(fromValue.attributes["llm.token_count.completion_details.reasoning"] == 2)
        #expect(fromValue.attributes["llm.token_count.prompt_details.cache_read"] == nil)
    }

    /// The inference is remembered per thread for the last model name: alternating names on
    /// one thread (a synchronous test stays on its thread) must each get their own answer.
    @Test func theRememberedInferenceFollowsTheModelName() throws {
        let names = ["gpt-4o-mini", "claude-sonnet-4-5", "gpt-4o-mini", "llama-3.1-8b", "llama-3.1-8b", "GPT-4o"]
        let systems = try names.map { name in try recordedSpan { $0.setLLM(model: name) }.attributes["llm.system"] }
        #expect(systems == ["openai", "anthropic", "openai", nil, nil, "openai"])
    }

    /// The parameters' JSON is remembered per thread for the last parameters: a repeat gets
    /// the same text, and anything that changes the text — a value, a key, a double's sign, a
    /// string equal to the last under Swift's `==` but spelled with other bytes — gets its own.
    @Test func theRememberedParametersFollowTheirBytes() throws {
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        #expect(composed == decomposed)  // canonically equivalent, different UTF-8
        let parameters: [[String: JSONValue]] = [
            ["temperature": 0.2, "max_tokens": 512],
            ["temperature": 0.2, "max_tokens": 512],
            ["temperature": 0.3, "max_tokens": 512],
            ["temperature": 0.0],
            ["temperature": -0.0],
            ["stop": .string(composed)],
            ["stop": .string(decomposed)],
            [composed: true],
            [decomposed: true],
            ["nested": ["stop": [.string(composed), nil]]],
            ["nested": ["stop": [.string(decomposed), nil]]],
            ["nested": ["stop": [.string(decomposed), nil]]],
            [:],
        ]
        // Compared as bytes: `==` on the attribute values would call the spellings equal.
        let texts = try parameters.map { parameters in
            let value = try recordedSpan { $0.setLLM(invocationParameters: parameters) }.attributes["llm.invocation_parameters"]
            guard case .string(let text) = value else { return [UInt8]() }
            return Array(text.utf8)
        }
        #expect(texts == parameters.map { Array(JSONValue.object($0).jsonString.utf8) })
        #expect(texts[5] != texts[6] && texts[7] != texts[8] && texts[9] != texts[10])
    }

    @Test func systemIsInferredFromTheModelNameUnlessGiven() throws {
        let inferred = try recordedSpan { $0.setLLM(model: "claude-sonnet-4-5") }
        #expect(inferred.attributes["llm.system"] == "anthropic")
        #expect(inferred.attributes["llm.provider"] == nil)
        let unknown = try recordedSpan { $0.setLLM(model: "llama-3.1-8b") }
        #expect(unknown.attributes["llm.system"] == nil)
        let explicit = try recordedSpan { $0.setLLM(model: "gpt-4o", system: .cohere) }
        #expect(explicit.attributes["llm.system"] == "cohere")
        let fromRequest = try recordedSpan { $0.setLLM(requestModel: "gemini-2.5-pro") }
        #expect(fromRequest.attributes["llm.model_name"] == "gemini-2.5-pro")
        #expect(fromRequest.attributes["llm.system"] == "vertexai")
        let modelWins = try recordedSpan { $0.setLLM(model: "a", requestModel: "b", responseModel: "c") }
        #expect(modelWins.attributes["llm.model_name"] == "a")
    }

    @Test func providerIsInferredFromAKnownBaseURLOnly() throws {
        let azure = try recordedSpan {
            $0.setLLM(model: "gpt-4o", baseURL: URL(string: "https://my-resource.openai.azure.com/openai/deployments/x"))
        }
        #expect(azure.attributes["llm.provider"] == "azure")
        #expect(azure.attributes["llm.system"] == "openai")
        let local = try recordedSpan { $0.setLLM(model: "gpt-oss", baseURL: URL(string: "http://127.0.0.1:8000/v1")) }
        #expect(local.attributes["llm.provider"] == nil)
        let explicit = try recordedSpan { $0.setLLM(provider: .groq, baseURL: URL(string: "https://api.openai.com/v1")) }
        #expect(explicit.attributes["llm.provider"] == "groq")
    }

    @Test func catalogProvidersAreWrittenByNameAndAnUnlistedProviderByItsAttribute() throws {
        let custom = try recordedSpan { span in
            span.setAttribute(SpanAttributes.llmProvider, "my-cloud")
            span.setLLM(model: "house-7b", system: .cohere)
        }
        #expect(custom.attributes["llm.provider"] == "my-cloud")
        #expect(custom.attributes["llm.system"] == "cohere")
        let inferred = try recordedSpan { $0.setLLM(model: "o3-mini", baseURL: URL(string: "https://api.x.ai/v1")) }
        #expect(inferred.attributes["llm.provider"] == "xai")
        #expect(inferred.attributes["llm.system"] == "openai")
    }

    @Test func messagesWriteEveryField() throws {
        let record = try recordedSpan { span in
            span.setInputMessages([
                Message(role: "developer", content: "Be terse."),
                .user([.text("Hi"), .image(url: "https://e.com/a.png")]),
                .assistant("Let me check.", toolCalls: [ToolCall(id: "c1", name: "f", arguments: "not json")]),
                .tool("done", toolCallID: "c1", name: "f"),
            ])
        }
        let attributes = record.attributes
        #expect(attributes["llm.input_messages.0.message.role"] == "developer")
        #expect(attributes["llm.input_messages.1.message.contents.0.message_content.type"] == "text")
        #expect(attributes["llm.input_messages.1.message.contents.1.message_content.image.image.url"] == "https://e.com/a.png")
        #expect(attributes["llm.input_messages.1.message.content"] == nil)
        #expect(attributes["llm.input_messages.2.message.content"] == "Let me check.")
        // Arguments given as text are kept as the model produced them, even when not valid JSON.
        #expect(attributes["llm.input_messages.2.message.tool_calls.0.tool_call.function.arguments"] == "not json")
        #expect(attributes["llm.input_messages.3.message.name"] == "f")
        #expect(attributes["llm.input_messages.3.message.tool_call_id"] == "c1")
        #expect(record.exportAttributes["openinference.span.kind"] == "LLM")
    }

    /// Tool-call and tool keys come from a per-process cache for the first positions and are
    /// built per write past it; both give the same keys, in both message lists, twice over
    /// (the second span reads what the first cached).
    @Test func toolCallAndToolKeysAreRightInsideAndPastTheCache() throws {
        let calls = (0..<(MessageKeyCache.toolCallLimit + 2)).map { ToolCall(id: "c\($0)", name: "f\($0)", arguments: "{}") }
        let messages = (0..<(MessageKeyCache.toolCallMessageLimit + 2)).map { Message.assistant("m\($0)", toolCalls: calls) }
        let tools = (0..<(MessageKeyCache.toolLimit + 2)).map { ToolDefinition(name: "t\($0)", description: "d\($0)") }
        for _ in 0..<2 {
            let test = TestTracer(limits: SpanLimits(attributeCount: 100_000))
            let record = try recordedSpan(test) { span in
                span.setInputMessages(messages)
                span.setOutputMessages(messages)
                span.setAvailableTools(tools)
            }
            for list in ["input", "output"] {
                for message in [0, MessageKeyCache.toolCallMessageLimit - 1, MessageKeyCache.toolCallMessageLimit + 1] {
                    for call in [0, MessageKeyCache.toolCallLimit - 1, MessageKeyCache.toolCallLimit + 1] {
                        let prefix = "llm.\(list)_messages.\(message).message.tool_calls.\(call).tool_call."
                        #expect(record.attributes[prefix + "id"] == .string("c\(call)"))
                        #expect(record.attributes[prefix + "function.name"] == .string("f\(call)"))
                        #expect(record.attributes[prefix + "function.arguments"] == "{}")
                    }
                }
            }
            for tool in [0, MessageKeyCache.toolLimit - 1, MessageKeyCache.toolLimit + 1] {
                #expect(record.attributes["llm.tools.\(tool).tool.name"] == .string("t\(tool)"))
                #expect(record.attributes["llm.tools.\(tool).tool.description"] == .string("d\(tool)"))
            }
            let toolCallKeys = record.attributes.list.filter { $0.key.contains(".tool_call.") }.count
            #expect(toolCallKeys == 2 * messages.count * calls.count * 3)
        }
    }

    @Test func helpersOnAnEndedSpanAreIgnoredAndCounted() throws {
        let test = TestTracer()
        let span = test.tracer.startSpan("late", kind: .llm)
        span.end()
        span.setLLM(model: "gpt-4o")
        span.setInputMessages([.user("too late")])
        span.setTokenCounts(prompt: 1, completion: 1)
        span.setTags(["late": ""])
        let record = try #require(span.record)
        #expect(record.attributes.isEmpty)
        #expect(record.tags.isEmpty)
        #expect(record.ignoredWritesCount == 4)
    }

    @Test func helpersOnANonRecordingSpanDoNothing() {
        let test = TestTracer(sampler: .alwaysOff)
        test.tracer.withSpan("unsampled", kind: .llm) { span in
            span.setLLM(model: "gpt-4o", provider: .openai)
            span.setInputMessages([.user("hello")])
            span.setRetrievalDocuments([Document(id: "d")])
            span.setMetadata(["a": 1])
            span.setPromptTemplate(PromptTemplate("t"))
            #expect(span.attributes.isEmpty)
        }
        #expect(test.exporter.spans.isEmpty)
        #expect(test.diagnostics.all.isEmpty)
    }

    @Test func maskingAppliesToHelperWrites() throws {
        let test = TestTracer(environment: ["OPENINFERENCE_HIDE_INPUT_TEXT": "true", "OPENINFERENCE_HIDE_LLM_TOOLS": "true"])
        let record = try recordedSpan(test) { span in
            span.setInputMessages([.user([.text("secret"), .image(url: "https://e.com/x.png")])])
            span.setAvailableTools([ToolDefinition(name: "f")])
        }
        #expect(record.attributes["llm.input_messages.0.message.contents.0.message_content.text"] == "__REDACTED__")
        #expect(record.attributes["llm.input_messages.0.message.contents.1.message_content.image.image.url"] == "https://e.com/x.png")
        #expect(record.attributes["llm.input_messages.0.message.role"] == "user")
        #expect(record.attributes["llm.tools.0.tool.json_schema"] == nil)
    }

    @Test func theAttributeLimitDropsAndReportsOnceWithoutFailing() throws {
        let test = TestTracer(limits: SpanLimits(attributeCount: 5))
        let record = try recordedSpan(test) { span in
            span.setInputMessages((0..<10).map { .user("message \($0)") })
        }
        #expect(record.attributes.count == 5)
        #expect(record.droppedAttributesCount == 15)
        #expect(test.diagnostics.codes() == [.limitReached])
    }

    @Test func oddValuesNeverCrash() throws {
        let record = try recordedSpan(kind: .retriever) { span in
            span.setRetrievalDocuments([
                Document(id: "", content: "", score: .nan, metadata: ["x": .double(.infinity), "": nil]),
            ])
            span.setEmbeddings([Embedding(text: "", vector: [Float.nan, -0.0]), Embedding()])
            span.setTokenCounts(prompt: -1, completion: .min)
            span.setInputMessages([Message(role: nil), .user("\u{0}\u{FFFF}🙂")])
            span.setMetadata([:])
            span.setTags([:])
            span.setReranker()
            span.setAvailableTools([ToolDefinition(jsonSchema: "", name: "", description: "")])
            span.setGraphNode(id: "")
        }
        #expect(record.attributes["retrieval.documents.0.document.score"]?.description == "nan")
        #expect(record.attributes["retrieval.documents.0.document.metadata"] == #"{"":null,"x":null}"#)
        #expect(record.attributes["llm.token_count.completion"] == .int(.min))
        #expect(record.attributes["llm.token_count.total"] == nil)  // -1 + Int.min does not fit
        #expect(record.attributes["llm.input_messages.1.message.content"] == "\u{0}\u{FFFF}🙂")
        #expect(record.attributes["llm.tools.0.tool.name"] == nil)
        #expect(record.attributes["metadata"] == "{}")
        #expect(record.attributes["graph.node.id"] == "")
    }

    @Test func tagsAreASetExportedSortedAndMergedWithKeyedTags() throws {
        let record = try recordedSpan(kind: .chain) { span in
            span.setTags(["env": "prod"])
            span.setTags(["beta": "", "alpha": ""])
            span.setTags(["beta": ""])
        }
        #expect(record.tags == ["env": "prod", "beta": "", "alpha": ""])
        #expect(record.exportAttributes["tag.tags"] == .stringArray(["alpha", "beta", "env:prod"]))
    }

    @Test func explicitMetadataReplacesTheScopesMetadata() async throws {
        let test = TestTracer()
        await withAttributes(metadata: ["scope": "yes"]) {
            test.tracer.withSpan("explicit") { span in span.setMetadata(["span": "yes"]) }
            test.tracer.withSpan("inherited") { _ in }
        }
        #expect(test.exporter.spans(named: "explicit").first?.attributes["metadata"] == #"{"span":"yes"}"#)
        #expect(test.exporter.spans(named: "inherited").first?.attributes["metadata"] == #"{"scope":"yes"}"#)
    }

    @Test func toolDefinitionsTakeTheOpenAIFunctionFormOrAGivenSchema() {
        let function = ToolDefinition(name: "f", description: "does f", parameters: ["type": "object"])
        #expect(function.jsonSchema == #"{"function":{"description":"does f","name":"f","parameters":{"type":"object"}},"type":"function"}"#)
        let bare = ToolDefinition(name: "g")
        #expect(bare.jsonSchema == #"{"function":{"name":"g","parameters":{"properties":{},"type":"object"}},"type":"function"}"#)
        #expect(bare.description == nil)
        let given = ToolDefinition(jsonSchema: ["name": "h", "input_schema": ["type": "object"]], name: "h")
        #expect(given.jsonSchema == #"{"input_schema":{"type":"object"},"name":"h"}"#)
    }

    @Test func agentGraphToolAndEmbeddingHelpersWriteTheirKeys() throws {
        let record = try recordedSpan(kind: .agent) { span in
            span.setAgent(name: "planner")
            span.setGraphNode(id: "n2", name: "Planner", parentID: "n1")
            span.setTool(name: "search")
            span.setEmbeddings(model: "text-embedding-3-small", invocationParameters: ["dimensions": 256])
        }
        #expect(record.attributes["agent.name"] == "planner")
        #expect(record.attributes["graph.node.parent_id"] == "n1")
        #expect(record.attributes["tool.name"] == "search")
        #expect(record.attributes["tool.description"] == nil)
        #expect(record.attributes["tool.parameters"] == nil)
        #expect(record.attributes["embedding.invocation_parameters"] == #"{"dimensions":256}"#)
    }
}
