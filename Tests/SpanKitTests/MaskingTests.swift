import OpenInference
@testable import SpanKit
import Testing

@Suite struct MaskingTests {
    @Test func hideInputsRedactsAndDropsOnEveryWriteIncludingSpanStart() throws {
        let test = TestTracer(environment: ["OPENINFERENCE_HIDE_INPUTS": "true"])
        test.tracer.withSpan("llm", kind: .llm, attributes: ["llm.input_messages.0.message.content": "secret prompt"]) { span in
            span.setIO(input: "my password is hunter2", output: "ok")
            span.setAttribute("llm.tools.0.tool.json_schema", "{}")
            span.setAttribute("llm.token_count.prompt", 12)
        }
        let record = try #require(test.exporter.spans.first)
        #expect(record.attributes["input.value"] == .string("__REDACTED__"))
        #expect(record.attributes["input.mime_type"] == nil)
        #expect(record.attributes["llm.input_messages.0.message.content"] == nil)
        #expect(record.attributes["llm.tools.0.tool.json_schema"] == nil)
        #expect(record.attributes["output.value"] == .string("ok"))
        #expect(record.attributes["llm.token_count.prompt"] == .int(12))
        #expect(!record.jsonString.contains("hunter2"))
    }

    @Test func codeSettingsWinAndRedactionReplacesNonStringValues() throws {
        let test = TestTracer(environment: ["OPENINFERENCE_HIDE_EMBEDDINGS_VECTORS": "false"])
        let tracer = Tracer(
            configuration: TracerConfiguration(traceConfig: TraceConfig(hideEmbeddingsVectors: true, environment: [:])),
            processor: test.exporter)
        tracer.withSpan("embed", kind: .embedding) { span in
            span.setAttribute("embedding.embeddings.0.embedding.vector", .doubleArray([0.1, 0.2]))
            span.setAttribute("embedding.embeddings.0.embedding.text", "hello")
        }
        let record = try #require(test.exporter.spans.first)
        #expect(record.attributes["embedding.embeddings.0.embedding.vector"] == .string("__REDACTED__"))
        #expect(record.attributes["embedding.embeddings.0.embedding.text"] == .string("hello"))
    }

    @Test func oversizedBase64ImagesAreRedactedByDefault() throws {
        let test = TestTracer(environment: ["OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH": "40"])
        let key = "llm.input_messages.0.message.contents.0.message_content.image.image.url"
        test.tracer.withSpan("llm", kind: .llm) { span in
            span.setAttribute(key, .string("data:image/png;base64," + String(repeating: "A", count: 100)))
            span.setAttribute(key.replacingOccurrences(of: "contents.0", with: "contents.1"), "https://example.com/cat.png")
        }
        let record = try #require(test.exporter.spans.first)
        #expect(record.attributes[key] == .string("__REDACTED__"))
        #expect(record.attributes[key.replacingOccurrences(of: "contents.0", with: "contents.1")] == .string("https://example.com/cat.png"))
    }

    /// The tracer skips masking for strings up to the limit without asking the TraceConfig:
    /// the boundary must be the TraceConfig's own (a URL of exactly the limit is kept).
    @Test func base64ImagesAreRedactedJustPastTheLimit() throws {
        let test = TestTracer(environment: ["OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH": "40"])
        let prefix = "data:image/png;base64,"
        let atLimit = prefix + String(repeating: "A", count: 40 - prefix.utf8.count)
        let key = { (part: Int) in "llm.input_messages.0.message.contents.\(part).message_content.image.image.url" }
        test.tracer.withSpan("llm", kind: .llm) { span in
            span.setAttribute(key(0), .string(atLimit))
            span.setAttribute(key(1), .string(atLimit + "A"))
        }
        let record = try #require(test.exporter.spans.first)
        #expect(record.attributes[key(0)] == .string(atLimit))
        #expect(record.attributes[key(1)] == .string("__REDACTED__"))
    }

    @Test func invalidEnvironmentValuesAreReported() {
        let test = TestTracer(environment: ["OPENINFERENCE_HIDE_INPUTS": "maybe"])
        #expect(test.diagnostics.codes() == [.invalidConfiguration])
        #expect(!test.tracer.traceConfig.hideInputs)
    }
}
