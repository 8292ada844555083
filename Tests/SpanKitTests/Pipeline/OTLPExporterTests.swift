import Foundation
@testable import SpanKit
import TestSupport
import Testing

@Suite struct OTLPExporterTests {
    func records() async -> [SpanRecord] {
        let test = TestTracer()
        await withSession("chat-1") {
            test.tracer.withSpan("root") { root in
                root.addSignal("helpful", true)
                test.tracer.withSpan("llm", kind: .llm) { _ in }
            }
        }
        return test.exporter.spans
    }

    func exporter(
        _ environment: [String: String], transport: ScriptedTransport, diagnostics: DiagnosticsRecorder? = nil,
        configure: (inout OTLPExporterConfiguration) -> Void = { _ in }
    ) -> OTLPExporter {
        var configuration = OTLPExporterConfiguration(settings: HTTPExportSettings(retryPolicy: .quick, transport: transport))
            .applying(environment, onDiagnostic: diagnostics?.handler)!
        configure(&configuration)
        return OTLPExporter(configuration: configuration)
    }

    @Test(arguments: [
        (["PHOENIX_COLLECTOR_ENDPOINT": "http://127.0.0.1:6006"], "http://127.0.0.1:6006/v1/traces"),
        (["PHOENIX_COLLECTOR_ENDPOINT": "https://app.phoenix.arize.com/s/space/"], "https://app.phoenix.arize.com/s/space/v1/traces"),
        (["PHOENIX_COLLECTOR_ENDPOINT": "http://127.0.0.1:6006/v1/traces"], "http://127.0.0.1:6006/v1/traces"),
        (["OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318/"], "http://127.0.0.1:4318/v1/traces"),
        (["OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318/v1/traces"], "http://127.0.0.1:4318/v1/traces"),
        (["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:4318/custom", "PHOENIX_COLLECTOR_ENDPOINT": "http://127.0.0.1:6006"], "http://127.0.0.1:4318/custom"),
        (["PHOENIX_COLLECTOR_ENDPOINT": "http://127.0.0.1:6006", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"], "http://127.0.0.1:6006/v1/traces"),
        ([:], "http://localhost:6006/v1/traces"),
    ])
    func endpointFollowsTheSpecPathRules(_ environment: [String: String], _ expected: String) async {
        let transport = ScriptedTransport()
        let exporter = exporter(environment, transport: transport)
        #expect(exporter.tracesURL.absoluteString == expected)
        #expect(await exporter.exportResult(records()) == .success)
        #expect(transport.requests.first?.url.absoluteString == expected)
    }

    @Test func headersCredentialsAndProjectFollowPrecedence() async throws {
        let transport = ScriptedTransport()
        let exporter = exporter([
            "PHOENIX_COLLECTOR_ENDPOINT": "http://127.0.0.1:6006",
            "OTEL_EXPORTER_OTLP_HEADERS": "x-team=search,x-shared=from-otel,Authorization=Basic%20abc",
            "PHOENIX_CLIENT_HEADERS": "x-shared=from-phoenix",
            "PHOENIX_API_KEY": "phx-SECRET-key",
            "PHOENIX_PROJECT_NAME": "swift-app",
        ], transport: transport) { $0.settings.headers = ["x-code": "1"] }
        #expect(await exporter.exportResult(records()) == .success)
        let request = try #require(transport.requests.first)
        #expect(request.header("Content-Type") == "application/x-protobuf")
        #expect(request.header("Content-Encoding") == "gzip")
        #expect(request.header("x-team") == "search")
        #expect(request.header("x-shared") == "from-phoenix")
        #expect(request.header("Authorization") == "Bearer phx-SECRET-key")
        #expect(request.header("x-project-name") == "swift-app")
        #expect(request.header("x-code") == "1")
        #expect(request.headers.filter { $0.name.lowercased() == "authorization" }.count == 1)
    }

    @Test func compressionNoneSendsTheRawProtobufAndInvalidValuesAreReported() async throws {
        let transport = ScriptedTransport()
        let diagnostics = DiagnosticsRecorder()
        let plain = exporter(["OTEL_EXPORTER_OTLP_COMPRESSION": "none"], transport: transport)
        #expect(await plain.exportResult(records()) == .success)
        #expect(transport.requests[0].header("Content-Encoding") == nil)
        let gzipped = exporter(["OTEL_EXPORTER_OTLP_TRACES_COMPRESSION": "brotli"], transport: transport, diagnostics: diagnostics)
        #expect(await gzipped.exportResult(records()) == .success)
        #expect(transport.requests.last(where: { $0.url.path == "/v1/traces" })?.header("Content-Encoding") == "gzip")
        #expect(diagnostics.codes() == [.invalidConfiguration])
        let raw = transport.requests[0].body
        #expect(raw.count > 0 && raw.first == 0x0A, "an ExportTraceServiceRequest starts with field 1 (resource_spans)")
    }

    @Test func phoenixAnnotationsFollowOnlyAcceptedSpans() async throws {
        let transport = ScriptedTransport()
        #expect(await exporter(["PHOENIX_COLLECTOR_ENDPOINT": "http://127.0.0.1:6006"], transport: transport).exportResult(records()) == .success)
        #expect(transport.paths == ["/v1/traces", "/v1/span_annotations"])
        let body = try JSONValue(parsing: String(decoding: transport.requests[1].body, as: UTF8.self))
        guard case .array(let items)? = body["data"] else { Issue.record("no data"); return }
        #expect(items.count == 1)
        #expect(items[0]["name"] == "helpful" && items[0]["annotator_kind"] == "CODE")
        #expect(items[0]["result"] == ["label": "true", "score": 1])

        let failing = ScriptedTransport([.status(400)])
        _ = await exporter(["PHOENIX_COLLECTOR_ENDPOINT": "http://127.0.0.1:6006"], transport: failing).exportResult(records())
        #expect(failing.paths == ["/v1/traces"])

        let collector = ScriptedTransport()
        _ = await exporter(["OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"], transport: collector).exportResult(records())
        #expect(collector.paths == ["/v1/traces"], "a plain OTLP collector gets no Phoenix REST calls")
    }

    /// One request timeout, whichever place names it: the configuration's own wins, else the
    /// HTTP settings' (the settings' was once ignored for a 10 s default).
    @Test func theRequestTimeoutComesFromTheConfigurationElseTheSettings() async throws {
        let transport = ScriptedTransport()
        // On a clock that does not move, each request gets its timeout whole, however long a
        // loaded machine takes between the export's deadline and the request.
        func exporter(_ timeout: Duration?, settings: Duration?) -> OTLPExporter {
            var http = settings.map { HTTPExportSettings(timeout: $0, transport: transport) } ?? HTTPExportSettings(transport: transport)
            http.clock = TestPipelineClock()
            return OTLPExporter(configuration: OTLPExporterConfiguration(timeout: timeout, sendsPhoenixAnnotations: false, settings: http))
        }
        let batch = await records()
        for exporter in [exporter(nil, settings: .seconds(20)), exporter(.seconds(7), settings: .seconds(20)), exporter(nil, settings: nil)] {
            #expect(await exporter.exportResult(batch) == .success)
        }
        #expect(transport.requests.map(\.timeout) == [.seconds(20), .seconds(7), .seconds(10)])
    }

    @Test func configurationDescriptionHidesTheAPIKey() {
        let configuration = OTLPExporterConfiguration(apiKey: "phx-SECRET-key", settings: HTTPExportSettings(headers: ["Authorization": "Bearer phx-SECRET-key"]))
        #expect(!configuration.description.contains("SECRET"))
    }
}
