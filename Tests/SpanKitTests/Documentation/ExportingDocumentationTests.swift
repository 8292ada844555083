import Foundation
@testable import SpanKit
import SpanKitTesting
import Testing
import TestSupport

/// Runs the code of the DocC article `ExportingToPhoenixAndOTLPCollectors.md` and checks what the
/// article says about it.
@Suite struct ExportingDocumentationTests {
    @Test func thePhoenixCloudConfigurationSendsKeyProjectAndGzip() async throws {
        var configuration = phoenixCloudConfiguration(apiKey: "phx-key").otlp
        let transport = ScriptedTransport()
        configuration.settings.transport = transport
        let exporter = OTLPExporter(configuration: configuration)
        #expect(exporter.tracesURL.absoluteString == "https://app.phoenix.arize.com/s/my-space/v1/traces")
        let test = TestTracer()
        test.tracer.withSpan("answer") { _ in }
        #expect(await exporter.exportResult(test.exporter.spans) == .success)
        let request = try #require(transport.requests.first)
        #expect(request.header("Authorization") == "Bearer phx-key")
        #expect(request.header("x-project-name") == "assistant-prod")
        #expect(request.header("Content-Type") == "application/x-protobuf")
        #expect(request.header("Content-Encoding") == "gzip")
        #expect(request.header("User-Agent") == "SpanKit/0.1.0")
    }

    @Test func aCollectorGivenInCodeWithoutAKeyGetsNoAnnotations() async throws {
        let test = TestTracer()
        test.tracer.withSpan("answer") { span in span.addSignal("helpful", true) }
        let transport = ScriptedTransport()
        var configuration = collectorConfiguration().otlp
        configuration.settings.transport = transport
        #expect(await OTLPExporter(configuration: configuration).exportResult(test.exporter.spans) == .success)
        #expect(transport.paths == ["/v1/traces"])
        #expect(transport.requests.first?.header("x-tenant-id") == "assistant")
    }

    @Test(arguments: [
        (["PHOENIX_COLLECTOR_ENDPOINT": "https://app.phoenix.arize.com/s/my-space/"], "https://app.phoenix.arize.com/s/my-space/v1/traces"),
        (["OTEL_EXPORTER_OTLP_ENDPOINT": "http://localhost:4318"], "http://localhost:4318/v1/traces"),
        (["OTEL_EXPORTER_OTLP_ENDPOINT": "http://localhost:4318/v1/traces"], "http://localhost:4318/v1/traces"),
    ])
    func theEndpointExamplesHold(_ environment: [String: String], _ expected: String) throws {
        let configuration = try #require(OTLPExporterConfiguration().applying(environment))
        #expect(OTLPExporter(configuration: configuration).tracesURL.absoluteString == expected)
    }

    @Test(arguments: [
        ["PHOENIX_COLLECTOR_ENDPOINT": "not a url"],
        ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "ftp://example.com/v1/traces", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://localhost:4318"],
    ])
    func anUnusableCollectorVariableTurnsOTLPOffAndSpansGoToTheConsole(_ environment: [String: String]) async {
        let diagnostics = DiagnosticsRecorder()
        let tracer = SpanKitSystem.makeTracer(SpanKitSystem.Configuration(automaticFile: nil, onDiagnostic: diagnostics.handler, environment: environment))
        #expect(tracer.processor is SimpleSpanProcessor, "the console destination, never another host")
        #expect(diagnostics.all.contains { $0.message.contains("OTLP export is off because") })
        #expect(OTLPExporterConfiguration().applying(environment) == nil)
        await tracer.shutdown(deadline: .now)
    }

    @Test func headersFollowTheDocumentedOrder() async throws {
        let transport = ScriptedTransport()
        let configuration = try #require(OTLPExporterConfiguration(
            settings: HTTPExportSettings(headers: ["x-code": "code", "x-project-name": "from-code-headers"], transport: transport)
        ).applying([
                "OTEL_EXPORTER_OTLP_HEADERS": "x-a=otel,x-b=otel,x-c=otel,Authorization=Basic%20abc",
                "OTEL_EXPORTER_OTLP_TRACES_HEADERS": "x-b=traces,X-C=traces",
                "PHOENIX_CLIENT_HEADERS": "x-c=phoenix",
                "PHOENIX_API_KEY": "phx-key",
                "PHOENIX_PROJECT": "fallback-project",
            ]))
        let test = TestTracer()
        test.tracer.withSpan("answer") { _ in }
        #expect(await OTLPExporter(configuration: configuration).exportResult(test.exporter.spans) == .success)
        let request = try #require(transport.requests.first)
        #expect(request.header("x-a") == "otel" && request.header("x-b") == "traces" && request.header("x-c") == "phoenix")
        #expect(request.header("Authorization") == "Bearer phx-key")
        #expect(request.header("x-project-name") == "from-code-headers")
        #expect(request.header("x-code") == "code")
    }

    @Test func theResilientConfigurationKeepsItsSettings() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        let configuration = resilientConfiguration(spoolDirectory: directory)
        #expect(configuration.otlp.settings.spool == SpoolConfiguration(directory: directory, maxBytes: 16 * 1024 * 1024))
        #expect(configuration.otlp.settings.retryPolicy.maxAttempts == 4)
        #expect(configuration.batch == BatchSpanProcessor.Options(maxQueueSize: 4096, scheduleDelay: .seconds(2)))
        #expect(RetryPolicy() == RetryPolicy(
            maxAttempts: 6, initialBackoff: .seconds(1), maxBackoff: .seconds(10), multiplier: 2, jitter: 0.2))
        #expect(SpoolConfiguration(directory: directory).maxBytes == 64 * 1024 * 1024)
        #expect(!FileManager.default.fileExists(atPath: directory.path))
    }

    @Test func theOtherPipelinesAreBatchProcessors() async throws {
        let own = SpanKitSystem.makeTracer(ownExporterConfiguration())
        #expect(own.processor is BatchSpanProcessor)
        await own.shutdown(deadline: .now)
        let both = SpanKitSystem.makeTracer(twoDestinations(collectorKey: "key"))
        let multi = try #require(both.processor as? MultiSpanProcessor)
        #expect(multi.processors.count == 2 && multi.processors.allSatisfy { $0 is BatchSpanProcessor })
        await both.shutdown(deadline: .now)
    }

    @Test func theAppConfigurationSpoolsUnderApplicationSupport() {
        let configuration = appConfiguration()
        #expect(configuration.otlp.settings.spool?.directory.lastPathComponent == "SpanKitSpool")
        #expect(OTLPExporter(configuration: configuration.otlp).tracesURL.absoluteString == "https://collector.example.com/v1/traces")
    }

    @Test func flushingForTheBackgroundKeepsTheProcessorRunningAndShutdownDoesNot() async throws {
        let exporter = ScriptedExporter()
        let processor = BatchSpanProcessor(exporter: exporter)
        let tracer = Tracer(configuration: TracerConfiguration(), processor: processor)
        await withTracer(tracer) {
            tracer.withSpan("before-background") { _ in }
            await deliverQueuedSpans()
            tracer.withSpan("back-in-the-foreground") { _ in }
            await deliverQueuedSpans()
        }
        #expect(exporter.exportedBatches.flatMap { $0 }.map(\.name) == ["before-background", "back-in-the-foreground"])
        let result = await tracer.shutdown(deadline: .now + .seconds(5))
        #expect(result == PipelineStatistics())
        tracer.withSpan("after-shutdown") { _ in }
        #expect(processor.statistics.dropped == 1 && processor.statistics.exported == 2 && processor.statistics.ended == 3)
        #expect(await tracer.shutdown() == PipelineStatistics())
    }
}
