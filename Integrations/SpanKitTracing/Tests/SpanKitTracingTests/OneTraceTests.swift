import Foundation
import Logging
@testable import SpanKit
import SpanKitTesting
import SpanKitTracing
import Testing
import Tracing

/// A SpanKit tracer recording into `exporter`, joined with swift-distributed-tracing.
func makeTracer(_ exporter: InMemoryExporter) -> SpanKit.Tracer {
    var configuration = SpanKitSystem.Configuration(destination: .processor(exporter), environment: [:])
    configuration.joinsDistributedTracing = true
    return SpanKitSystem.makeTracer(configuration)
}

/// Lower-case hex of a SpanKit id, as W3C and the recording backend write it (span ids: their
/// first 8 bytes).
func hex(_ id: UUID, bytes: Int = 16) -> String {
    withUnsafeBytes(of: id.uuid) { Array($0.prefix(bytes)) }.map { String(format: "%02x", $0) }.joined()
}

@Suite("One trace across SpanKit and swift-distributed-tracing, in a real Hummingbird app")
struct OneTraceTests {
    @Test("SpanKit as the backend: request span → CHAIN → LLM → HTTP client span, one trace, local parents")
    func spanKitBackend() async throws {
        let exporter = InMemoryExporter()
        let tracer = makeTracer(exporter)
        try await ChatServiceHarness(spanKitTracer: tracer, backend: SpanKitTracer(tracer: tracer)).run { url in
            let (status, body) = try await ChatServiceHarness.chat(url, message: "hello", session: "s-1")
            #expect(status == 200)
            #expect(body.contains("You said: hello"))
        }
        let spans = exporter.spans
        let request = try #require(spans.first { $0.otelKind == .server })
        let chain = try #require(exporter.spans(named: "answer").first)
        let llm = try #require(exporter.spans(named: "chat-completion").first)
        let client = try #require(spans.first { $0.otelKind == .client && $0.name == "POST" })
        #expect(spans.count == 4)
        #expect(Set(spans.map(\.context.traceID)).count == 1)
        #expect(request.parentID == nil)
        #expect(request.name == "/chat")
        #expect(request.kind == .unknown)
        #expect(request.attributes["http.request.method"] == .string("POST"))
        #expect(chain.parentID == request.context.spanID)
        #expect(llm.parentID == chain.context.spanID)
        #expect(client.parentID == llm.context.spanID)
        #expect(client.attributes["http.status_code"] == .int(200))
        #expect(!chain.hasRemoteParent && !llm.hasRemoteParent && !client.hasRemoteParent)
        #expect(llm.sessionID == "s-1" && chain.sessionID == "s-1")
        // Explicit start and end instants from swift-distributed-tracing, nested in time.
        #expect(request.startTime <= chain.startTime && client.endTime! <= llm.endTime!)
        #expect(request.endTime! >= chain.endTime!)
    }

    @Test("SpanKit as the backend: an incoming traceparent is a remote parent; a sampled-out request records nothing")
    func incomingContext() async throws {
        let exporter = InMemoryExporter()
        let tracer = makeTracer(exporter)
        let traceID = "4bf92f3577b34da6a3ce929d0e0e4736", parentID = "00f067aa0ba902b7"
        try await ChatServiceHarness(spanKitTracer: tracer, backend: SpanKitTracer(tracer: tracer)).run { url in
            _ = try await ChatServiceHarness.chat(url, message: "a", session: "s", headers: [("traceparent", "00-\(traceID)-\(parentID)-01")])
            let (status, _) = try await ChatServiceHarness.chat(
                url, message: "b", session: "s", headers: [("traceparent", "00-\(traceID)-\(parentID)-00")])
            #expect(status == 200)
        }
        let spans = exporter.spans
        #expect(spans.count == 4)
        #expect(spans.allSatisfy { hex($0.context.traceID) == traceID })
        let request = try #require(spans.first { $0.otelKind == .server })
        #expect(request.hasRemoteParent)
        #expect(request.parentID.map { hex($0, bytes: 8) } == parentID)
        #expect(exporter.spans(named: "chat-completion").count == 1)
    }

    @Test("Another backend for the HTTP spans: the LLM span carries the request's trace and parent, the client span is its child")
    func otherBackend() async throws {
        let exporter = InMemoryExporter()
        let tracer = makeTracer(exporter)
        let backend = RecordingTracer()
        try await ChatServiceHarness(spanKitTracer: tracer, backend: backend).run { url in
            let (status, _) = try await ChatServiceHarness.chat(url, message: "hi", session: "s-2")
            #expect(status == 200)
        }
        let request = try #require(backend.finished.first { $0.kind == .server })
        let client = try #require(backend.finished.first { $0.kind == .client })
        let chain = try #require(exporter.spans(named: "answer").first)
        let llm = try #require(exporter.spans(named: "chat-completion").first)
        #expect(exporter.spans.count == 2)
        #expect(hex(chain.context.traceID) == request.data.traceID)
        #expect(hex(llm.context.traceID) == request.data.traceID)
        #expect(chain.parentID.map { hex($0, bytes: 8) } == request.data.spanID)
        #expect(!chain.hasRemoteParent)
        #expect(llm.parentID == chain.context.spanID)
        #expect(client.data.traceID == request.data.traceID)
        #expect(client.data.parentSpanID == hex(llm.context.spanID, bytes: 8))
    }

    @Test("Another backend, sampled-out request: no LLM span, no client span")
    func otherBackendSampledOut() async throws {
        let exporter = InMemoryExporter()
        let tracer = makeTracer(exporter)
        let backend = RecordingTracer()
        try await ChatServiceHarness(spanKitTracer: tracer, backend: backend).run { url in
            let (status, _) = try await ChatServiceHarness.chat(
                url, message: "x", session: "s", headers: [("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")])
            #expect(status == 200)
        }
        #expect(exporter.spans.isEmpty)
        #expect(backend.finished.isEmpty)
    }
}
