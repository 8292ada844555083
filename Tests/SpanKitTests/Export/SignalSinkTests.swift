import Foundation
@testable import SpanKit
import Testing
import TestSupport

/// Issue 17: one place chooses where signals go from the OTLP destination, and MLflow keeps them
/// as assessments after the spans were accepted.
@Suite struct SignalSinkTests {
    /// A tracer exporting over OTLP to `server` with `environment` only, diagnostics recorded.
    static func tracer(_ server: LocalHTTPServer, _ environment: [String: String], _ diagnostics: DiagnosticsRecorder) -> Tracer {
        var environment = environment
        environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = server.url("/v1/traces").absoluteString
        return SpanKitSystem.makeTracer(SpanKitSystem.Configuration(
            destination: .otlp, automaticFile: nil, onDiagnostic: diagnostics.handler, environment: environment))
    }

    /// One turn of session `conv-7` with a span, a trace and a session signal; its ids.
    static func turn(_ tracer: Tracer) async -> (trace: UUID, span: UUID) {
        await withTracer(tracer) {
            await withSession("conv-7") {
                tracer.withSpan("answer", kind: .llm) { span in
                    span.addSignal("cost", 0.25)
                    span.addSignal("helpful", true, target: .trace)
                    span.addSignal("resolved", true, target: .session)
                    return (span.traceID, span.spanID)
                }
            }
        }
    }

    @Test func theDestinationChoosesTheSink() throws {
        let traces = try #require(URL(string: "http://h:5000/v1/traces"))
        let base = try #require(URL(string: "http://h:5000"))
        typealias Sink = OTLPExporterConfiguration.SignalSink
        #expect(Sink(tracesURL: traces, headers: [(name: "X-MLflow-Experiment-Id", value: "1")], sendsPhoenixAnnotations: true) == .mlflow(base))
        #expect(Sink(tracesURL: traces, headers: [], sendsPhoenixAnnotations: true) == .phoenix(base))
        #expect(Sink(tracesURL: traces, headers: [(name: "x-project-name", value: "p")], sendsPhoenixAnnotations: false) == .none)
    }

    @Test func withAnMLflowHeaderSignalsBecomeAssessmentsAfterTheSpans() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let diagnostics = DiagnosticsRecorder()
        // PHOENIX_API_KEY would turn Phoenix annotations on; the MLflow header wins.
        let tracer = Self.tracer(server, [
            "OTEL_EXPORTER_OTLP_TRACES_HEADERS": "x-mlflow-experiment-id=7", "PHOENIX_API_KEY": "phx-key-1234",
        ], diagnostics)
        let ids = await Self.turn(tracer)
        await tracer.shutdown()

        #expect(diagnostics.all.isEmpty, "\(diagnostics.all)")
        let requests = server.requests
        let traceID = "tr-" + ids.trace.otelTraceIDHex
        let path = "/api/3.0/mlflow/traces/\(traceID)/assessments"
        #expect(requests.map(\.path) == ["/v1/traces", path, path, path])
        try #require(requests.count == 4)
        #expect(requests[1].receivedAt >= requests[0].completedAt ?? requests[0].receivedAt, "after the spans were accepted")
        #expect(requests.allSatisfy { $0.header("x-mlflow-experiment-id") == "7" })
        let bodies = try requests.dropFirst().map { try JSONValue(parsing: $0.bodyText) }
        let source: JSONValue = ["source_type": "CODE", "source_id": "spankit"]
        #expect(bodies == [
            ["assessment": ["assessment_name": "cost", "trace_id": .string(traceID), "span_id": .string(ids.span.otelSpanIDHex),
                            "source": source, "feedback": ["value": 0.25]]],
            ["assessment": ["assessment_name": "helpful", "trace_id": .string(traceID), "source": source, "feedback": ["value": true]]],
            ["assessment": ["assessment_name": "resolved", "trace_id": .string(traceID), "source": source, "feedback": ["value": true],
                            "metadata": ["spankit.target": "session", "session_id": "conv-7"]]],
        ])
    }

    @Test func aLateTraceSignalGoesToMLflowAndOnesItCannotPlaceAreReported() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let diagnostics = DiagnosticsRecorder()
        let tracer = Self.tracer(server, ["OTEL_EXPORTER_OTLP_HEADERS": "x-mlflow-experiment-id=7"], diagnostics)
        let trace = UUID()
        await withTracer(tracer) {
            sendSignal("correct", 1, target: .trace, id: trace.uuidString)
            sendSignal("thumbs_up", true, target: .session, id: "conv-7")
        }
        await tracer.shutdown()
        #expect(server.requests.map(\.path) == ["/api/3.0/mlflow/traces/tr-\(trace.otelTraceIDHex)/assessments"])
        let reports = diagnostics.all.map(\.message)
        #expect(reports.count == 1 && reports[0].hasPrefix("1 signal ('thumbs_up') not sent to MLflow"), "\(reports)")
    }

    /// `PHOENIX_COLLECTOR_ENDPOINT` pointed at a server that is not Phoenix: its 404 for the
    /// annotations is reported with the status and the server's reason.
    @Test func aServerThatIsNotPhoenixRefusingAnnotationsIsReported() async throws {
        let server = try LocalHTTPServer(handler: { request in
            request.path == "/v1/traces" ? .ok : .status(404, body: "<html><body>\nNo route for POST /v1/span_annotations\n</body></html>")
        })
        defer { server.stop() }
        let diagnostics = DiagnosticsRecorder()
        let tracer = SpanKitSystem.makeTracer(SpanKitSystem.Configuration(
            destination: .otlp, automaticFile: nil, onDiagnostic: diagnostics.handler,
            environment: ["PHOENIX_COLLECTOR_ENDPOINT": server.baseURL.absoluteString]))
        _ = await Self.turn(tracer)
        await tracer.shutdown()
        let reports = diagnostics.all.map(\.message)
        #expect(reports.contains { $0.contains("HTTP 404 from /v1/span_annotations") && $0.contains("No route for POST /v1/span_annotations") }, "\(reports)")
        #expect(reports.allSatisfy { !$0.contains("\n") })
    }

    @Test func aPlainCollectorGetsNoAnnotationsAndARefusedAssessmentIsReportedWithItsReason() async throws {
        let plain = try LocalHTTPServer()
        defer { plain.stop() }
        let quiet = DiagnosticsRecorder()
        let collector = Self.tracer(plain, ["OTEL_EXPORTER_OTLP_HEADERS": "x-project-name=p"], quiet)
        _ = await Self.turn(collector)
        await collector.shutdown()
        #expect(plain.requests.map(\.path) == ["/v1/traces"])
        #expect(quiet.all.isEmpty)

        let refusing = try LocalHTTPServer(handler: { request in
            request.path == "/v1/traces" ? .ok : .status(404, body: #"{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "Trace not found"}"#)
        })
        defer { refusing.stop() }
        let diagnostics = DiagnosticsRecorder()
        let tracer = Self.tracer(refusing, ["OTEL_EXPORTER_OTLP_HEADERS": "x-mlflow-experiment-id=7"], diagnostics)
        _ = await Self.turn(tracer)
        await tracer.shutdown()
        let reports = diagnostics.all.map(\.message)
        #expect(reports.count == 3, "\(reports)")
        #expect(reports.allSatisfy { $0.contains("HTTP 404 from /api/3.0/mlflow/traces/") && $0.contains("Trace not found") }, "\(reports)")
        #expect(tracer.statistics.exported == 1)
    }
}
