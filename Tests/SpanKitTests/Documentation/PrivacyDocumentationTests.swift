import Foundation
import OpenInference
@_spi(Benchmarks) @testable import SpanKit
import SpanKitTesting
import Testing
import TestSupport

/// Runs the code of the DocC article `Privacy.md` and checks what the article says about it.
@Suite struct PrivacyDocumentationTests {
    @Test func hiddenTextKeepsRolesAndStructure() async throws {
        let exporter = InMemoryExporter()
        var configuration = privateConfiguration()
        configuration.environment = [:]
        configuration.destination = .processor(exporter)
        let tracer = SpanKitSystem.makeTracer(configuration)
        #expect(tracer.traceConfig.hideInputText && tracer.traceConfig.hideOutputText)
        _ = await tracer.llm("chat", messages: [.system("Be brief."), .user("my card is 4242 4242 4242 4242")], model: "gpt-4o-mini") { _ in
            Message.assistant("noted: 4242 4242 4242 4242")
        }
        let span = try #require(exporter.spans.first)
        #expect(span.attributes["llm.input_messages.1.message.role"] == "user")
        #expect(span.attributes["llm.input_messages.1.message.content"] == "__REDACTED__")
        #expect(span.attributes["llm.output_messages.0.message.content"] == "__REDACTED__")
        #expect(span.attributes["llm.model_name"] == "gpt-4o-mini")
        // With its spaces the number cannot turn up by chance in a random id or a timestamp.
        #expect(!span.jsonString.contains("4242 4242"))
    }

    @Test func theMaskingExamplesHold() {
        let config = privacyIgnoringTheEnvironment()
        #expect(config.hideInputs && config.hideOutputs && !config.hideInputText && config.base64ImageMaxLength == 32_000)
        #expect(describeMasking(of: "input.value", value: "hi", under: config) == "recorded as __REDACTED__")
        #expect(describeMasking(of: "input.mime_type", value: "text/plain", under: config) == "not recorded")
        #expect(describeMasking(of: "llm.model_name", value: "gpt-4o", under: config) == "recorded as it is")
        #expect(describeMasking(of: "retrieval.documents.0.document.content", value: "x", under: config) == "recorded as __REDACTED__")
        #expect(describeMasking(of: "retrieval.documents.0.document.score", value: "x", under: config) == "recorded as it is")
        #expect(describeMasking(of: "metadata", value: "{}", under: config) == "recorded as it is")
        #expect(describeMasking(of: "llm.prompt_template.variables", value: "{}", under: config) == "recorded as it is")
        let both = TraceConfig(hideInputs: true, hideInputText: true, environment: [:])
        #expect(both.action(forKey: "llm.input_messages.0.message.content", stringValue: "x") == .drop)
        let image = "llm.input_messages.0.message.contents.0.message_content.image.image.url"
        let none = TraceConfig(environment: [:])
        #expect(none.action(forKey: image, stringValue: "data:image/png;base64," + String(repeating: "A", count: 32_000)) == .redact)
        #expect(none.action(forKey: image, stringValue: "data:image/png;base64," + String(repeating: "A", count: 100)) == .keep)
        #expect(none.action(forKey: image, stringValue: "https://example.com/" + String(repeating: "a", count: 40_000)) == .keep)
    }

    @Test func maskingIsSilentAndLeavesEventsAlone() async throws {
        let test = TestTracer(environment: ["OPENINFERENCE_HIDE_INPUTS": "true"])
        struct Refusal: Error, CustomStringConvertible { var description: String { "cannot answer: my password is hunter2" } }
        _ = try? await test.tracer.chain("answer", input: "my password is hunter2") { _ in throw Refusal() }
        let span = try #require(test.exporter.spans.first)
        #expect(span.input == "__REDACTED__")
        #expect(span.events.first?.attributes["exception.message"] == "cannot answer: my password is hunter2")
        #expect(test.diagnostics.all.isEmpty)
    }

    @Test func nonFiniteNumbersBecomeWhatTheTableSays() throws {
        let test = TestTracer()
        test.tracer.withSpan("numbers") { span in
            span.setAttribute("ratio", .double(.nan))
            span.setAttribute("limits", .doubleArray([1.5, .infinity]))
            span.setAttribute("parameters", JSONValue.object(["temperature": .double(.nan)]).attributeValue)
            span.setIO(input: Double.nan)
            span.addSignal("ratio", Double.infinity)
        }
        let record = try #require(test.exporter.spans.first)
        let json = record.toJSON()["attributes"]
        #expect(json?["ratio"] == .null)
        #expect(json?["limits"] == [1.5, nil])
        #expect(record.attributes["parameters"] == #"{"temperature":null}"#)
        #expect(record.attributes["input.mime_type"] == "text/plain" && record.input == "<Double could not be encoded as JSON>")
        #expect(record.signals.isEmpty)
        #expect(test.diagnostics.codes() == [.encodingFailed, .signalRejected])

        let encoded = try OTLPTraceEncoder(resource: Resource()).encode([record])
        let nanBits = withUnsafeBytes(of: Double.nan.bitPattern.littleEndian, Array.init)
        let infinityBits = withUnsafeBytes(of: Double.infinity.bitPattern.littleEndian, Array.init)
        #expect(Self.contains(encoded, [0x21] + nanBits))
        #expect(Self.contains(encoded, [0x21] + infinityBits))
    }

    static func contains(_ bytes: [UInt8], _ pattern: [UInt8]) -> Bool {
        guard bytes.count >= pattern.count else { return false }
        return (0...(bytes.count - pattern.count)).contains { Array(bytes[$0..<$0 + pattern.count]) == pattern }
    }
}
