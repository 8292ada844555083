import Foundation
@testable import SpanKit
import TestSupport
import Testing

/// OTLP export to a real Phoenix server, read back through its REST API.
@Suite(.serialized) struct PhoenixOTLPTests {
    /// Exports one small trace (root, LLM child with attributes of every type, an error span)
    /// and returns the records sent.
    func exportTrace(project: String, compression: OTLPCompression) async throws -> [SpanRecord] {
        let base = try #require(PhoenixPeer.baseURL)
        let diagnostics = DiagnosticsRecorder()
        let collected = InMemoryCollector()
        let exporter = OTLPExporter(configuration: OTLPExporterConfiguration(
            endpoint: base.appendingPathComponent("v1/traces"), projectName: project, compression: compression,
            sendsPhoenixAnnotations: true, settings: HTTPExportSettings(onDiagnostic: diagnostics.handler)))
        let processor = BatchSpanProcessor(exporter: exporter, onDiagnostic: diagnostics.handler)
        let tracer = Tracer(configuration: TracerConfiguration(), processor: MultiSpanProcessor([processor, collected]))
        let session = "session-\(UUID().uuidString)"
        await withSession(session, name: "e2e") {
            await withAttributes(metadata: ["tier": "gold", "n": 3]) {
                await tracer.withSpan("answer-question", userID: "user-7", tags: ["env": "test"]) { root in
                    root.setIO(input: "Capital of France?", output: "Paris")
                    root.addSignal("helpful", true)
                    root.addSignal("cost", 0.0042, target: .trace)
                    await tracer.withSpan("chat-completion", kind: .llm, otelKind: .client) { span in
                        await Task.yield()  // stands in for the model call
                        span.setLLM(model: "gpt-4o-mini", provider: .openai)
                        span.setInputMessages([.system("Be brief."), .user("Capital of France?")])
                        span.setOutputMessages([.assistant("Paris")])
                        span.setTokenCounts(prompt: 12, completion: 3)
                        span.setAttribute("custom.ratio", 0.25)
                        span.setAttribute("custom.flag", true)
                        span.setAttribute("custom.list", .stringArray(["a", "b"]))
                        span.addEvent("first-token", attributes: ["latency_ms": 120])
                    }
                    _ = try? tracer.withSpan("failing-tool", kind: .tool) { _ in throw ToolFailure() }
                }
            }
        }
        let result = await processor.shutdown(deadline: .now + .seconds(30))
        #expect(result == PipelineStatistics(exported: 3), "diagnostics: \(diagnostics.all)")
        #expect(diagnostics.all.isEmpty, "\(diagnostics.all)")
        return collected.records
    }

    func checkReadBack(project: String, records: [SpanRecord]) async throws {
        let traceID = try #require(records.first).traceID.otelTraceIDHex
        let spans = try await PhoenixPeer.spans(project: project, traceIDs: [traceID], atLeast: records.count)
        #expect(spans.count == records.count)
        for record in records {
            let stored = try #require(spans.first { $0["context"]?["span_id"] == .string(record.spanID.otelSpanIDHex) }, "\(record.name) missing")
            #expect(stored["name"] == .string(record.name))
            #expect(stored["context"]?["trace_id"] == .string(traceID))
            #expect(stored["span_kind"] == .string(record.kind.rawValue))
            #expect(stored["parent_id"] == (record.parentID.map { .string($0.otelSpanIDHex) } ?? .null))
            #expect(stored["status_code"] == .string(record.status == .ok ? "OK" : record.status == .unset ? "UNSET" : "ERROR"))
            let attributes = try #require(stored["attributes"])
            for attribute in record.exportAttributes.list where attribute.key != "openinference.span.kind" {
                if attribute.key == "metadata" {
                    #expect(attributes["metadata.tier"] == "gold" && attributes["metadata.n"] == 3)
                    continue
                }
                #expect(attributes[attribute.key] == Self.json(attribute.value), "\(record.name): \(attribute.key)")
            }
        }
        let failing = try #require(spans.first { $0["name"] == "failing-tool" })
        guard case .array(let events)? = failing["events"] else { Issue.record("no events"); return }
        #expect(events.contains { $0["name"] == "exception" })
    }

    static func json(_ value: AttributeValue) -> JSONValue {
        switch value {
        case .string(let value): return .string(value)
        case .bool(let value): return .bool(value)
        case .int(let value): return .int(value)
        case .double(let value): return .double(value)
        case .stringArray(let values): return .array(values.map { .string($0) })
        case .boolArray(let values): return .array(values.map { .bool($0) })
        case .intArray(let values): return .array(values.map { .int($0) })
        case .doubleArray(let values): return .array(values.map { .double($0) })
        }
    }

    @Test(.enabled(if: PhoenixPeer.shouldRun), arguments: [OTLPCompression.gzip, .none])
    func spansArriveWithIDsParentsKindsAndAttributes(_ compression: OTLPCompression) async throws {
        let project = PhoenixPeer.uniqueProject("otlp-\(compression.rawValue)")
        let records = try await exportTrace(project: project, compression: compression)
        try await checkReadBack(project: project, records: records)
    }

    @Test(.enabled(if: PhoenixPeer.shouldRun))
    func signalsArriveAsAnnotations() async throws {
        let project = PhoenixPeer.uniqueProject("otlp-annotations")
        let records = try await exportTrace(project: project, compression: .gzip)
        let root = try #require(records.first { $0.name == "answer-question" })
        _ = try await PhoenixPeer.spans(project: project, traceIDs: [root.traceID.otelTraceIDHex], atLeast: records.count)
        let spanAnnotations = try await PhoenixPeer.poll(atLeast: 1) {
            guard case .array(let items)? = try await PhoenixPeer.get("/v1/projects/\(project)/span_annotations?span_ids=\(root.spanID.otelSpanIDHex)")["data"] else { return [] }
            return items
        }
        #expect(spanAnnotations.first?["name"] == "helpful")
        #expect(spanAnnotations.first?["annotator_kind"] == "CODE")
        #expect(spanAnnotations.first?["result"]?["label"] == "true")
        let traceAnnotations = try await PhoenixPeer.poll(atLeast: 1) {
            guard case .array(let items)? = try await PhoenixPeer.get("/v1/projects/\(project)/trace_annotations?trace_ids=\(root.traceID.otelTraceIDHex)")["data"] else { return [] }
            return items
        }
        #expect(traceAnnotations.first?["name"] == "cost")
        #expect(traceAnnotations.first?["result"]?["score"] == 0.0042)
    }
}

extension PhoenixOTLPTests {
    /// Issue 10: feedback after the conversation ended, sent to the session and the trace by id,
    /// lands as Phoenix session and trace annotations, and the session gains no trace.
    @Test(.enabled(if: PhoenixPeer.shouldRun))
    func signalsWithoutASpanBecomeSessionAndTraceAnnotations() async throws {
        let base = try #require(PhoenixPeer.baseURL)
        let project = PhoenixPeer.uniqueProject("late-signals")
        let phoenix = PhoenixProject(project)
        let diagnostics = DiagnosticsRecorder()
        var configuration = SpanKitSystem.Configuration(
            destination: .otlp, automaticFile: nil, onDiagnostic: diagnostics.handler, environment: [:])
        configuration.otlpEndpoint = base.appendingPathComponent("v1/traces")
        configuration.projectName = project
        configuration.sendsPhoenixAnnotations = true
        let tracer = SpanKitSystem.makeTracer(configuration)
        let session = "conversation-\(UUID().uuidString)"
        let traceID = await withTracer(tracer) {
            await withSession(session) {
                tracer.withSpan("answer-question") { span in
                    span.setIO(input: "Capital of France?", output: "Paris")
                    return span.traceID
                }
            }
        }
        await tracer.flush()
        let before = try await phoenix.sessions(atLeast: 1)
        try #require(before.count == 1 && before[0]["traces"]?.asArray?.count == 1, "\(before)")

        await withTracer(tracer) {
            sendSignal("thumbs_up", true, target: .session, id: session)
            sendSignal("satisfaction", 0.75, target: .trace, id: traceID.uuidString)
        }
        await tracer.shutdown()
        #expect(diagnostics.all.isEmpty, "\(diagnostics.all)")

        let sessionAnnotations = try await phoenix.sessionAnnotations(sessionIDs: [session], atLeast: 1)
        #expect(sessionAnnotations.count == 1)
        #expect(sessionAnnotations.first?["name"] == "thumbs_up")
        #expect(sessionAnnotations.first?["annotator_kind"] == "CODE")
        #expect(sessionAnnotations.first?["result"]?["label"] == "true" && sessionAnnotations.first?["result"]?["score"]?.asDouble == 1)
        let traceAnnotations = try await phoenix.traceAnnotations(traceIDs: [traceID.otelTraceIDHex], atLeast: 1)
        #expect(traceAnnotations.first?["name"] == "satisfaction" && traceAnnotations.first?["result"]?["score"] == 0.75)

        let after = try await phoenix.sessions(atLeast: 1)
        #expect(after.count == 1)
        #expect(after.first?["traces"]?.asArray?.compactMap { $0["trace_id"]?.asString } == [traceID.otelTraceIDHex], "no extra trace")
        let spans = try await phoenix.spans(atLeast: 1)
        #expect(spans.count == 1, "no span was added for the signals")
    }
}

/// Keeps the records of ended spans (a processor for tests that also export elsewhere).
final class InMemoryCollector: SpanProcessor, @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var stored: [SpanRecord] = []
    var records: [SpanRecord] { lock.withLock { stored } }
    func onEnd(_ span: Span) { if let record = span.record { lock.withLock { stored.append(record) } } }
    func flush(deadline: ContinuousClock.Instant) async -> PipelineStatistics { PipelineStatistics() }
    func shutdown(deadline: ContinuousClock.Instant) async -> PipelineStatistics { PipelineStatistics() }
}
