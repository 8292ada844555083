import OpenInference
@testable import SpanKit
import Testing

/// `input.value` / `output.value` built at export from the flattened keys: what wins, what the
/// hide flags leave, and odd input. The shapes themselves are parity-tested against the Python
/// helpers in `ParityScenarios`.
@Suite struct DerivedIOAttributesTests {
    private func exported(_ test: TestTracer = TestTracer(), kind: SpanKind = .llm, _ body: (Span) -> Void) throws -> Attributes {
        test.tracer.withSpan("helper", kind: kind) { span in body(span) }
        return try #require(test.exporter.spans.last).exportAttributes
    }

    /// The JSON value of the string attribute `key`.
    private func json(_ attributes: Attributes, _ key: String) -> JSONValue? {
        attributes[key]?.stringValue.flatMap { try? JSONParser.parse($0) }
    }

    @Test func aRecordedValueWinsAndOtherKindsGetNone() throws {
        let recorded = try exported { span in
            span.setInput("the prompt")
            span.setInputMessages([.user("hi")])
            span.setOutputMessages([.assistant("hello")])
        }
        #expect(recorded["input.value"] == "the prompt")
        #expect(recorded["input.mime_type"] == "text/plain")
        #expect(json(recorded, "output.value") == ["messages": [["content": "hello", "role": "assistant"]]])
        #expect(recorded["output.mime_type"] == "application/json")

        let chain = try exported(kind: .chain) { $0.setInputMessages([.user("hi")]) }
        #expect(chain["input.value"] == nil)
        let bare = try exported { $0.setLLM(model: "gpt-4o-mini") }
        #expect(bare["input.value"] == nil && bare["output.value"] == nil && bare["input.mime_type"] == nil)
    }

    @Test func hideInputsAndOutputsRedactTheValuesAsPythonDoes() throws {
        let test = TestTracer(environment: ["OPENINFERENCE_HIDE_INPUTS": "true", "OPENINFERENCE_HIDE_OUTPUTS": "true"])
        let llm = try exported(test) { span in
            span.setInputMessages([.user("secret question")])
            span.setOutputMessages([.assistant("secret answer")])
        }
        #expect(llm["input.value"] == "__REDACTED__")
        #expect(llm["output.value"] == "__REDACTED__")
        #expect(llm["input.mime_type"] == nil && llm["output.mime_type"] == nil)
        #expect(!llm.list.contains { $0.value.stringValue?.contains("secret") == true })

        let retriever = try exported(test, kind: .retriever) { $0.setRetrievalDocuments([Document(id: "d", content: "secret doc")]) }
        #expect(retriever["output.value"] == "__REDACTED__")
        let embedding = try exported(test, kind: .embedding) { $0.setEmbeddings([Embedding(text: "secret text", vector: [1])]) }
        #expect(embedding["input.value"] == "__REDACTED__" && embedding["output.value"] == "__REDACTED__")
        let reranker = try exported(test, kind: .reranker) { span in
            span.setReranker(query: "secret query", inputDocuments: [Document(content: "secret in")], outputDocuments: [Document(content: "secret out")])
        }
        #expect(reranker["input.value"] == "__REDACTED__" && reranker["output.value"] == "__REDACTED__")
    }

    @Test func messageLevelFlagsCarryIntoTheDerivedJSON() throws {
        let text = try exported(TestTracer(environment: ["OPENINFERENCE_HIDE_INPUT_TEXT": "true"])) { span in
            span.setInputMessages([.user("secret question")])
        }
        #expect(json(text, "input.value") == ["messages": [["content": "__REDACTED__", "role": "user"]]])
        let hidden = try exported(TestTracer(environment: ["OPENINFERENCE_HIDE_INPUT_MESSAGES": "true"])) { span in
            span.setLLM(model: "gpt-4o-mini")
            span.setInputMessages([.user("secret question")])
        }
        #expect(hidden["input.value"] == nil)
        let documents = try exported(TestTracer(environment: ["OPENINFERENCE_HIDE_RETRIEVAL_DOCUMENTS": "true"]), kind: .retriever) { span in
            span.setRetrievalDocuments([Document(id: "d", content: "secret doc", score: 0.5)])
        }
        #expect(json(documents, "output.value") == ["documents": [["content": "__REDACTED__", "id": "d", "score": 0.5]]])
    }

    /// Keys written in another order than the helpers' (raw `setAttribute` calls) take the slow
    /// path through a tree and give the same document.
    @Test func anyKeyOrderGivesTheSameDocument() throws {
        let messages: [Message] = [
            .system("Be brief."),
            .user([.text("What is this?"), .image(url: "https://e.com/x.png")]),
            .assistant(toolCalls: [ToolCall(id: "c1", name: "look", arguments: ["q": "x"]), ToolCall(id: "c2", name: "see", arguments: "{}")]),
            .tool("a cat", toolCallID: "c1"),
        ]
        let helper = try exported { span in
            span.setLLM(model: "gpt-4o", invocationParameters: ["temperature": 0.5])
            span.setInputMessages(messages)
        }
        let written = try exported { span in span.setInputMessages(messages) }
        let keys = written.list.filter { $0.key.hasPrefix("llm.input_messages.") }.map { ($0.key, $0.value) }
        #expect(keys.count > 10)
        let reversed = try exported { span in
            for (key, value) in keys.reversed() { span.setAttribute(key, value) }
            span.setLLM(model: "gpt-4o", invocationParameters: ["temperature": 0.5])
        }
        let expected = try #require(json(helper, "input.value"))
        #expect(json(reversed, "input.value") == expected)
        #expect(expected["temperature"] == 0.5 && expected["model"] == "gpt-4o")
        guard case .array(let list)? = expected["messages"], list.count == 4 else { Issue.record("\(expected)"); return }
        #expect(list[1]["contents"] == [["type": "text", "text": "What is this?"], ["type": "image", "image": ["url": "https://e.com/x.png"]]])
        #expect(list[2]["tool_calls"] == [
            ["id": "c1", "function": ["name": "look", "arguments": #"{"q":"x"}"#]], ["id": "c2", "function": ["name": "see", "arguments": "{}"]],
        ])
    }

    @Test func oddKeysNeverCrashAndGapsClose() throws {
        let record = try exported { span in
            span.setAttribute("llm.input_messages.3.message.role", "user")
            span.setAttribute("llm.input_messages.x.message.role", "odd")
            span.setAttribute("llm.input_messages..", "empty")
            span.setAttribute("llm.input_messages.1.message.content", "second")
            span.setAttribute(SpanAttributes.llmInvocationParameters, "not json")
        }
        let value = try #require(record["input.value"]?.stringValue)
        let parsed = try JSONParser.parse(value)
        #expect(parsed["messages"] != nil)
    }
}
