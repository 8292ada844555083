import Foundation
@testable import SpanKit
import SpanKitTesting
import Testing
import TestSupport

/// Runs the code of the DocC article `GettingStarted.md` and checks what the article says about it.
@Suite struct GettingStartedDocumentationTests {
    @Test func theConsoleTreeLooksAsTheArticleShows() async throws {
        let text = LockedText()
        let exporter = ConsoleExporter(output: .sink { text.append($0) })
        let tracer = Tracer(configuration: TracerConfiguration(), processor: SimpleSpanProcessor(exporter: exporter))
        _ = try await withTracer(tracer) { try await answer("What is the capital of France?", client: CannedClient()) }
        await tracer.shutdown()
        let lines = text.value.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        let root = try #require(lines.first), child = try #require(lines.last)
        #expect(root.hasPrefix("answer-question     CHAIN  "))
        #expect(root.hasSuffix("  ok  trace=" + String(try #require(root.split(separator: "=").last))))
        #expect(child.hasPrefix("└─ chat-completion  LLM    "))
        #expect(child.hasSuffix("  ok  gpt-4o-mini  tokens 12→2"))
    }

    @Test func theLocalPhoenixConfigurationExportsOverOTLPWithAnnotations() async {
        let configuration = localPhoenixConfiguration()
        #expect(OTLPExporter(configuration: configuration.otlp).tracesURL.absoluteString == "http://localhost:6006/v1/traces")
        #expect(configuration.otlp.sendsPhoenixAnnotations == true)
        let tracer = SpanKitSystem.makeTracer(configuration)
        #expect(tracer.processor is BatchSpanProcessor)
        await tracer.shutdown(deadline: .now)
    }

    @Test func aSpanMadeByHandIsARootRecordedThroughTheBoundTracer() async throws {
        let exporter = InMemoryExporter()
        let reply = try await withTracer(Tracer(processor: exporter)) {
            try await timedCompletion("What is the capital of France?", client: CannedClient())
        }
        #expect(reply == "Paris.")
        let span = try #require(exporter.spans.first)
        #expect(exporter.spans.count == 1)
        #expect(span.name == "openai-completion" && span.parentID == nil)
        #expect(span.attributes["input.value"] == "What is the capital of France?")
        #expect(span.attributes["output.value"] == "Paris.")
        #expect(!span.status.isError)

        struct Unavailable: Error {}
        struct FailingClient: ChatClient {
            func complete(_ messages: [Message], tools: [ToolDefinition]) async throws -> ChatReply { throw Unavailable() }
        }
        await #expect(throws: Unavailable.self) {
            try await withTracer(Tracer(processor: exporter)) { try await timedCompletion("Again?", client: FailingClient()) }
        }
        #expect(exporter.spans.last?.status.isError == true)
    }

    @Test func theDisabledTracerRecordsNothing() {
        #expect(!Tracer.disabled.startSpan("x").isRecording)
    }
}

/// Text appended from any thread.
final class LockedText: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var text = ""

    func append(_ more: String) { lock.withLock { text += more } }
    var value: String { lock.withLock { text } }
}
