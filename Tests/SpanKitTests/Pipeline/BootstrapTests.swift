import Foundation
@testable import SpanKit
import SpanKitTesting
import Testing

@Suite struct BootstrapTests {
    @Test func withoutACollectorSpansGoToTheConsoleAndAFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bootstrap-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let tracer = SpanKitSystem.makeTracer(SpanKitSystem.Configuration(automaticFile: file, environment: [:]))
        #expect(!(tracer.processor is BatchSpanProcessor))
        tracer.withSpan("hello") { _ in }
        await tracer.shutdown()
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1)
        #expect(try JSONValue(parsing: String(lines[0]))["name"] == "hello")
    }

    @Test(arguments: ["PHOENIX_COLLECTOR_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"])
    func aCollectorInTheEnvironmentSwitchesToOTLP(_ variable: String) async {
        let tracer = SpanKitSystem.makeTracer(SpanKitSystem.Configuration(environment: [variable: "http://127.0.0.1:9/v1/traces"]))
        #expect(tracer.processor is BatchSpanProcessor)
        await tracer.shutdown(deadline: .now + .milliseconds(10))
    }

    @Test func sdkDisabledRecordsNothingAndCreatesNoProcessor() {
        let tracer = SpanKitSystem.makeTracer(SpanKitSystem.Configuration(environment: ["OTEL_SDK_DISABLED": "true", "PHOENIX_COLLECTOR_ENDPOINT": "http://127.0.0.1:9"]))
        #expect(tracer.processor == nil)
        #expect(!tracer.startSpan("x").isRecording)
    }

    @Test func explicitProcessorAndSamplerFromTheEnvironment() {
        let exporter = InMemoryExporter()
        let tracer = SpanKitSystem.makeTracer(SpanKitSystem.Configuration(
            destination: .processor(exporter), environment: ["OTEL_TRACES_SAMPLER": "always_off"]))
        tracer.withSpan("sampled-out") { _ in }
        #expect(exporter.spans.isEmpty)
        #expect(tracer.processor === exporter)
    }

    @Test func serviceNameReachesTheOTLPResource() async throws {
        let transport = ScriptedTransport()
        var otlp = OTLPExporterConfiguration(settings: HTTPExportSettings(transport: transport))
        otlp.endpoint = URL(string: "http://127.0.0.1:9/v1/traces")
        otlp.compression = OTLPCompression.none
        let tracer = SpanKitSystem.makeTracer(SpanKitSystem.Configuration(
            destination: .otlp, serviceName: "from-code", environment: ["OTEL_SERVICE_NAME": "from-env"]).with(otlp: otlp))
        tracer.withSpan("x") { _ in }
        await tracer.shutdown()
        let body = try #require(transport.requests.first?.body)
        #expect(body.range(of: Data("from-code".utf8)) != nil)
        #expect(body.range(of: Data("from-env".utf8)) == nil)
    }
}
