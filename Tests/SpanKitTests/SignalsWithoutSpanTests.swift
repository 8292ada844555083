import Foundation
@testable import SpanKit
import Testing
import TestSupport

/// Issue 10: late feedback goes to a session, trace or span by its id, without a span — through
/// the public `sendSignal(_:_:type:target:id:)` and a tracer made from a public configuration.
@Suite struct SignalsWithoutSpanTests {
    /// A tracer sending the JSON format to `server`, its diagnostics recorded.
    static func jsonTracer(_ server: LocalHTTPServer, _ diagnostics: DiagnosticsRecorder) -> Tracer {
        SpanKitSystem.makeTracer(SpanKitSystem.Configuration(
            destination: .json(baseURL: server.baseURL, apiKey: nil), automaticFile: nil, onDiagnostic: diagnostics.handler, environment: [:]))
    }

    /// One answered conversation turn in session `conv-42`; returns the span's trace and span ids.
    static func answer(_ tracer: Tracer) async -> (trace: UUID, span: UUID) {
        await withTracer(tracer) {
            await withSession("conv-42") {
                tracer.withSpan("answer-question") { span in
                    span.setIO(input: "Capital of France?", output: "Paris")
                    return (span.traceID, span.spanID)
                }
            }
        }
    }

    @Test(.enabled(if: PythonPeer.shouldRun))
    func aLateSessionSignalReachesSignalsBulkAfterTheSpansAndValidates() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let diagnostics = DiagnosticsRecorder()
        let tracer = Self.jsonTracer(server, diagnostics)
        let ids = await Self.answer(tracer)
        // The span is still queued: the signals must go out after it.
        await withTracer(tracer) {
            sendSignal("thumbs_up", true, target: .session, id: "conv-42")
            sendSignal("correct", 1, target: .trace, id: ids.trace.uuidString)
            sendSignal("latency_ok", "TRUE", target: .span, id: ids.span.otelSpanIDHex)
        }
        await tracer.shutdown()

        #expect(diagnostics.all.isEmpty, "\(diagnostics.all)")
        let requests = server.requests
        #expect(requests.map(\.path) == ["/spans", "/signals/bulk"])
        try #require(requests.count == 2)
        #expect(requests[1].receivedAt >= requests[0].completedAt ?? requests[0].receivedAt)
        let spans = try JSONValue(parsing: requests[0].bodyText), signals = try JSONValue(parsing: requests[1].bodyText)
        guard case .array(let spanObjects) = spans, case .array(let items)? = signals["signals"] else {
            Issue.record("unexpected bodies: \(requests.map(\.bodyText))")
            return
        }
        #expect(spanObjects.count == 1, "no span was added for the signals")
        let span = try #require(spanObjects.first)
        #expect(span["signals"] == [], "the answer's span was not changed")
        let expected: [JSONValue] = [
            ["entity_type": "session", "entity_id": span["session_id"] ?? .null, "name": "thumbs_up", "value": true, "signal_type": "boolean"],
            ["entity_type": "trace", "entity_id": span["trace_id"] ?? .null, "name": "correct", "value": 1, "signal_type": "numerical"],
            ["entity_type": "span", "entity_id": span["id"] ?? .null, "name": "latency_ok", "value": true, "signal_type": "boolean"],
        ]
        #expect(items == expected)
        let reply = try await ExporterAgainstServerTests.validate(spans: requests[0].bodyText, signals: requests[1].bodyText)
        #expect(reply["errors"] == [])
        #expect(reply["spans"] == 1 && reply["signals"] == 3)
    }

    @Test func aTraceIDFromTraceparentNamesTheSameTrace() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let diagnostics = DiagnosticsRecorder()
        let tracer = Self.jsonTracer(server, diagnostics)
        let ids = await Self.answer(tracer)
        await withTracer(tracer) { sendSignal("resolved", false, target: .trace, id: ids.trace.otelTraceIDHex.uppercased()) }
        await tracer.flush()
        let signals = try JSONValue(parsing: try #require(server.requests(path: "/signals/bulk").first).bodyText)
        #expect(signals["signals"]?.asArray?.first?["entity_id"] == .string(ids.trace.lowercasedString))
        #expect(diagnostics.all.isEmpty)
        await tracer.shutdown()
    }

    @Test(arguments: [
        (SignalTarget.session, " ", "session signal 'x' ignored: the session id is empty"),
        (.trace, "conv-42", "trace signal 'x' ignored: 'conv-42' is not a trace id (a UUID or 32 hex digits)"),
        (.trace, "00000000000000000000000000000000", "trace signal 'x' ignored: '00000000000000000000000000000000' is not a trace id (a UUID or 32 hex digits)"),
        (.span, "abc", "span signal 'x' ignored: 'abc' is not a span id (a UUID or 16 hex digits)"),
    ])
    func anIDThatNamesNothingIsReportedAndNothingIsSent(_ target: SignalTarget, _ id: String, _ message: String) async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let diagnostics = DiagnosticsRecorder()
        let tracer = Self.jsonTracer(server, diagnostics)
        await withTracer(tracer) { sendSignal("x", true, target: target, id: id) }
        await tracer.shutdown()
        #expect(diagnostics.all.map(\.message) == [message])
        #expect(diagnostics.codes() == [.signalTargetMissing])
        #expect(server.requests.isEmpty)
    }

    @Test func anUntypableValueIsRefusedAsOnASpan() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let diagnostics = DiagnosticsRecorder()
        let tracer = Self.jsonTracer(server, diagnostics)
        await withTracer(tracer) { sendSignal("rating", "great", target: .session, id: "conv-42") }
        await tracer.shutdown()
        #expect(diagnostics.codes() == [.signalRejected])
        #expect(diagnostics.all.first?.message.hasPrefix("signal 'rating' for session 'conv-42' ") == true, "\(diagnostics.all)")
        #expect(server.requests.isEmpty)
    }

    @Test func aDestinationWithNoPlaceForThemSaysSo() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let diagnostics = DiagnosticsRecorder()
        // An OpenTelemetry collector that is not Phoenix: span signals become attributes, but a
        // signal without a span has nowhere to go.
        var configuration = SpanKitSystem.Configuration(
            destination: .otlp, automaticFile: nil, onDiagnostic: diagnostics.handler, environment: [:])
        configuration.otlpEndpoint = server.url("/v1/traces")
        configuration.sendsPhoenixAnnotations = false
        let tracer = SpanKitSystem.makeTracer(configuration)
        await withTracer(tracer) { sendSignal("thumbs_up", true, target: .session, id: "conv-42") }
        await tracer.shutdown()
        #expect(diagnostics.all.map(\.message) == [
            "session signal 'thumbs_up' not sent: this tracer's destination has no place for signals without a span "
                + "(Phoenix annotations or a JSON collector's /signals/bulk)",
        ])
        #expect(server.requests.isEmpty)
    }

    @Test func afterShutdownTheSignalIsReported() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let diagnostics = DiagnosticsRecorder()
        let tracer = Self.jsonTracer(server, diagnostics)
        await tracer.shutdown()
        await withTracer(tracer) { sendSignal("thumbs_up", true, target: .session, id: "conv-42") }
        #expect(diagnostics.all.map(\.message) == ["session signal 'thumbs_up' not sent: the pipeline is shut down"])
        #expect(server.requests.isEmpty)
    }

    @Test func aCollectorThatIsDownGetsTheSignalFromTheSpool() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("signal-spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = try LocalHTTPServer.unusedPort()
        let diagnostics = DiagnosticsRecorder()
        var configuration = SpanKitSystem.Configuration(
            destination: .json(baseURL: URL(string: "http://127.0.0.1:\(port)")!, apiKey: nil), automaticFile: nil, onDiagnostic: diagnostics.handler,
            environment: [:])
        configuration.spoolDirectory = directory
        let offline = SpanKitSystem.makeTracer(configuration)
        await withTracer(offline) { sendSignal("thumbs_up", true, target: .session, id: "conv-42") }
        await offline.shutdown()
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".spool") }
        #expect(files.count == 1, "the signal waits in the spool: \(diagnostics.all)")

        // A later pipeline (as the next process would make) sends it after its first export.
        let server = try LocalHTTPServer()
        defer { server.stop() }
        configuration.destination = .json(baseURL: server.baseURL, apiKey: nil)
        let online = SpanKitSystem.makeTracer(configuration)
        _ = await Self.answer(online)
        await online.shutdown()
        let signals = server.requests(path: "/signals/bulk")
        #expect(signals.count == 1)
        #expect(signals.first.map { $0.bodyText.contains("\"thumbs_up\"") } == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".spool") }.isEmpty)
    }
}
