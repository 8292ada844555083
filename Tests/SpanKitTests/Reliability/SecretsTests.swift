import Foundation
@testable import SpanKit
import TestSupport
import Testing

/// The API key and every `Authorization` value must never appear in diagnostics, errors,
/// descriptions, exported spans, spool files or console output.
@Suite struct SecretsTests {
    static let apiKey = "phx-SECRET-7f3a9c"
    static let headerSecret = "Basic c2VjcmV0OnBhc3M="

    @Test func secretsAppearOnlyInAuthorizationHeaders() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        // The server echoes the request's headers in its error body, as some proxies do.
        let server = try LocalHTTPServer { request in
            .status(request.path == "/v1/traces" ? 401 : 200, body: "rejected: \(request.headers.fields.map { "\($0.name)=\($0.value)" })")
        }
        defer { server.stop() }
        let diagnostics = DiagnosticsRecorder()
        let environment = [
            "PHOENIX_COLLECTOR_ENDPOINT": server.baseURL.absoluteString, "PHOENIX_API_KEY": Self.apiKey,
            "OTEL_EXPORTER_OTLP_HEADERS": "Authorization=\(Self.headerSecret.replacingOccurrences(of: "=", with: "%3D")),x-api-key=\(Self.apiKey)",
            "PHOENIX_CLIENT_HEADERS": "broken-entry-with-\(Self.apiKey)",
            "OTEL_EXPORTER_OTLP_TIMEOUT": "not-a-number-\(Self.apiKey)",
        ]
        let otlp = try #require(OTLPExporterConfiguration(settings: HTTPExportSettings(retryPolicy: .quick, spool: SpoolConfiguration(directory: directory)))
            .applying(environment, onDiagnostic: diagnostics.handler))
        let printed = PrintedLines()
        let configuration = SpanKitSystem.Configuration(
            destination: .exporters([OTLPExporter(configuration: withDiagnostics(otlp, diagnostics)), ConsoleExporter(output: .sink { printed.append($0) })]),
            onDiagnostic: diagnostics.handler, environment: environment).with(otlp: otlp)
        let tracer = SpanKitSystem.makeTracer(configuration)
        tracer.withSpan("request") { span in span.addSignal("ok", true) }
        await tracer.shutdown()

        var outputs: [String] = diagnostics.all.map(\.description)
        outputs.append(printed.text)
        outputs.append(String(describing: otlp))
        outputs.append(String(describing: otlp.settings))
        outputs.append(String(describing: configuration))
        var keyed = SpanKitSystem.Configuration(
            destination: .all([.otlp, .json(baseURL: URL(string: "https://user:\(Self.apiKey)@spans.example.com")!, apiKey: Self.apiKey)]))
        keyed.apiKey = Self.apiKey
        keyed.headers = ["Authorization": Self.headerSecret]
        outputs.append(String(describing: keyed))
        for file in (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? [] {
            outputs.append(String(decoding: try Data(contentsOf: file), as: UTF8.self))
        }
        for request in server.requests {
            outputs.append(request.bodyText)
            for field in request.headers.fields where !["authorization", "x-api-key"].contains(field.name.lowercased()) {
                outputs.append("\(field.name): \(field.value)")
            }
        }
        #expect(!diagnostics.all.isEmpty, "the 401 and the bad settings were reported")
        for output in outputs {
            #expect(!output.contains(Self.apiKey), "leaked in: \(output.prefix(300))")
            #expect(!output.contains(Self.headerSecret), "leaked in: \(output.prefix(300))")
        }
        let sent = try #require(server.requests(path: "/v1/traces").first)
        #expect(sent.header("Authorization") == "Bearer \(Self.apiKey)", "the key is used where it belongs")
        ReliabilityReport.record("secrets", "API key and Authorization values absent from \(outputs.count) outputs (diagnostics, console, descriptions, spool files, request bodies and other headers)")
    }

    func withDiagnostics(_ configuration: OTLPExporterConfiguration, _ diagnostics: DiagnosticsRecorder) -> OTLPExporterConfiguration {
        var copy = configuration
        copy.settings.onDiagnostic = diagnostics.handler
        return copy
    }
}
