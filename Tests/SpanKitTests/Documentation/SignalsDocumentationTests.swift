import Foundation
@testable import SpanKit
import SpanKitTesting
import Testing
import TestSupport

/// Runs the code of the DocC article `Signals.md` and checks what the article says about it.
@Suite struct SignalsDocumentationTests {
    @Test func theSignalExamplesRecordWhatTheCommentsSay() throws {
        let test = TestTracer()
        test.tracer.withSpan("answer") { span in recordSignals(on: span, costInDollars: 0.0042) }
        let signals = try #require(test.exporter.spans.first).signals
        #expect(signals == [
            Signal(name: "cost", value: .numerical(0.0042)),
            Signal(name: "tool-calls", value: .numerical(3)),
            Signal(name: "helpful", value: .boolean(true)),
            Signal(name: "grounded", value: .boolean(true)),
            Signal(name: "rating", value: .numerical(4.5)),
            Signal(name: "passed", value: .boolean(true)),
            Signal(name: "resolved", value: .boolean(true), target: .trace),
        ])
        #expect(test.diagnostics.all.isEmpty)
    }

    @Test func theRefusedSignalsAreRefusedAndReported() throws {
        let test = TestTracer()
        test.tracer.withSpan("answer") { span in refusedSignals(on: span) }
        #expect(try #require(test.exporter.spans.first).signals.isEmpty)
        #expect(test.diagnostics.codes() == Array(repeating: .signalRejected, count: 4))
    }

    @Test(arguments: [
        ("3.", SignalType?.none, SignalValue?.some(.numerical(3))),
        (".5", nil, .numerical(0.5)),
        ("2.5E-4", nil, .numerical(0.00025)),
        ("\n false \t", nil, .boolean(false)),
        ("1,5", nil, nil),
        ("1e400", nil, nil),
        ("yes", nil, nil),
        ("", nil, nil),
        ("1.0", .boolean, .boolean(true)),
        ("0e5", .boolean, .boolean(false)),
        ("2", .boolean, nil),
        ("true", .numerical, .numerical(1)),
    ])
    func theDetectionTablesHold(_ text: String, _ type: SignalType?, _ expected: SignalValue?) {
        let result = try? SignalValue.detect(.text(text), as: type).get()
        #expect(result == expected)
    }

    @Test func explicitTypesConvertBooleansAndNumbers() throws {
        #expect(try SignalValue.detect(.boolean(true), as: .numerical).get() == .numerical(1))
        #expect(try SignalValue.detect(.number(0), as: .boolean).get() == .boolean(false))
        #expect((try? SignalValue.detect(.number(.infinity), as: .numerical).get()) == nil)
    }

    @Test func blankNamesAndSessionSignalsWithoutASessionAreRefused() throws {
        let test = TestTracer()
        test.tracer.withSpan("answer") { span in
            span.addSignal("  ", true)
            span.addSignal("satisfied", true, target: .session)
        }
        #expect(try #require(test.exporter.spans.first).signals.isEmpty)
        #expect(test.diagnostics.codes() == [.signalRejected, .signalTargetMissing])
    }

    @Test func theConvenienceFunctionsTargetTheCurrentSpan() async throws {
        let test = TestTracer()
        await withSession("support-7") { test.tracer.withSpan("turn") { _ in recordRating(helpful: true) } }
        #expect(try #require(test.exporter.spans.first).signals == [
            Signal(name: "helpful", value: .boolean(true)),
            Signal(name: "answered", value: .boolean(true), target: .trace),
            Signal(name: "satisfied", value: .boolean(true), target: .session),
        ])
        await withTracer(test.tracer) { recordRating(helpful: false) }
        #expect(test.diagnostics.codes() == Array(repeating: .signalTargetMissing, count: 3))
    }

    @Test func laterFeedbackGoesToTheTraceAndSessionWithoutASpan() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let diagnostics = DiagnosticsRecorder()
        let tracer = SignalsWithoutSpanTests.jsonTracer(server, diagnostics)
        let (text, traceID) = try await withTracer(tracer) {
            try await withSession("conv-7") {
                try await answerKeepingItsTrace("Capital of France?", client: CannedClient())
            }
        }
        #expect(text == "Paris.")
        let answerTrace = try #require(traceID)
        await withTracer(tracer) { recordFeedback(thumbsUp: true, onAnswer: answerTrace, conversation: "conv-7") }
        await tracer.shutdown()
        #expect(diagnostics.all.isEmpty, "\(diagnostics.all)")
        let spans = try JSONValue(parsing: try #require(server.requests(path: "/spans").first).bodyText).asArray ?? []
        #expect(spans.map { $0["name"] } == ["answer-question"], "no span for the feedback")
        let signals = try JSONValue(parsing: try #require(server.requests(path: "/signals/bulk").first).bodyText)
        #expect(signals["signals"]?.asArray?.map { $0["entity_type"] } == ["trace", "session"])
        #expect(signals["signals"]?.asArray?.first?["entity_id"] == spans.first?["trace_id"])
        #expect(signals["signals"]?.asArray?.last?["entity_id"] == spans.first?["session_id"])
    }

    @Test func valuesOfYourOwnTypesGoInAsWhatTheyStandFor() throws {
        struct SelfConformed: SignalValueConvertible {}
        let test = TestTracer()
        test.tracer.withSpan("review") { span in
            recordVerdict(.pass, on: span)
            recordVerdict(.fail, on: span)
            span.addSignal("own-type", SelfConformed())
            span.addSignal("maybe", "maybe")
        }
        let record = try #require(test.exporter.spans.first)
        #expect(record.signals.map(\.value) == [.boolean(false)])
        #expect(test.diagnostics.codes() == [.signalRejected, .signalRejected])
        #expect(test.diagnostics.all[0].message.contains("SelfConformed is not a Bool, number or text"))
        #expect(test.diagnostics.all[1].message.hasSuffix(#"cannot be a signal: "maybe" is neither true/false nor a finite decimal number"#))
    }

    @Test func signalsTravelAsTheArticleShows() async throws {
        let test = TestTracer()
        await withSession("support-42") {
            test.tracer.withSpan("answer-question") { span in
                span.addSignal("helpful", true)
                span.addSignal("cost", 0.000042)
                span.addSignal("resolved", true, target: .trace)
                span.addSignal("satisfied", 0.9, target: .session)
            }
        }
        let record = try #require(test.exporter.spans.first)
        let spanHex = record.spanID.otelSpanIDHex, traceHex = record.traceID.otelTraceIDHex

        let phoenix = ScriptedTransport()
        let otlp = OTLPExporter(configuration: try #require(OTLPExporterConfiguration(
            apiKey: "phx-key", settings: HTTPExportSettings(transport: phoenix)).applying(["PHOENIX_COLLECTOR_ENDPOINT": "http://localhost:6006"])))
        #expect(await otlp.exportResult([record]) == .success)
        #expect(phoenix.requests.map(\.url.absoluteString) == [
            "http://localhost:6006/v1/traces",
            "http://localhost:6006/v1/span_annotations?sync=false",
            "http://localhost:6006/v1/trace_annotations?sync=false",
            "http://localhost:6006/v1/session_annotations?sync=false",
        ])
        #expect(phoenix.requests.allSatisfy { $0.header("Authorization") == "Bearer phx-key" })
        let bodies = phoenix.requests.dropFirst().map { String(decoding: $0.body, as: UTF8.self) }
        #expect(bodies == [
            #"{"data":[{"span_id":"\#(spanHex)","name":"helpful","annotator_kind":"CODE","result":{"label":"true","score":1},"metadata":{}},"#
                + #"{"span_id":"\#(spanHex)","name":"cost","annotator_kind":"CODE","result":{"score":4.2e-05},"metadata":{}}]}"#,
            #"{"data":[{"trace_id":"\#(traceHex)","name":"resolved","annotator_kind":"CODE","result":{"label":"true","score":1},"metadata":{}}]}"#,
            #"{"data":[{"session_id":"support-42","name":"satisfied","annotator_kind":"CODE","result":{"score":0.9},"metadata":{}}]}"#,
        ])

        let collector = ScriptedTransport()
        let json = JSONBatchExporter(baseURL: URL(string: "https://spans.example.com/api")!, settings: HTTPExportSettings(transport: collector))
        #expect(await json.exportResult([record]) == .success)
        #expect(collector.paths == ["/api/spans", "/api/signals/bulk"])
        let spanUUID = record.spanID.uuidString.lowercased(), traceUUID = record.traceID.uuidString.lowercased()
        let sessionUUID = "f119c983-4b70-5d0c-8545-3a92d58416a0"  // Python's uuid.uuid5(uuid.NAMESPACE_DNS, "support-42")
        #expect(String(decoding: try #require(collector.requests.last).body, as: UTF8.self) == #"{"signals":["#
            + #"{"entity_type":"span","entity_id":"\#(spanUUID)","name":"helpful","value":true,"signal_type":"boolean"},"#
            + #"{"entity_type":"span","entity_id":"\#(spanUUID)","name":"cost","value":4.2e-05,"signal_type":"numerical"},"#
            + #"{"entity_type":"trace","entity_id":"\#(traceUUID)","name":"resolved","value":true,"signal_type":"boolean"},"#
            + #"{"entity_type":"session","entity_id":"\#(sessionUUID)","name":"satisfied","value":0.9,"signal_type":"numerical"}]}"#)

        let attributes = record.exportAttributes
        #expect(attributes["annotations.0.annotation.name"] == "helpful")
        #expect(attributes["annotations.0.annotation.label"] == "true")
        #expect(attributes["annotations.0.annotation.score"] == .double(1))
        #expect(attributes["annotations.1.annotation.score"] == .double(0.000042))
        #expect(attributes["annotations.1.annotation.annotator_kind"] == "CODE")
        #expect(attributes["trace.annotations.0.annotation.name"] == "resolved")
        #expect(attributes["session.annotations.0.annotation.score"] == .double(0.9))
    }
}

extension Result {
    /// The error, when this is a failure.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
