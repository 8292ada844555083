import Foundation
@testable import SpanKit
import SpanKitTesting
import Testing

/// The destinations and plain properties of ``SpanKitSystem/Configuration`` build the pipeline
/// they describe.
@Suite struct DestinationTests {
    @Test func resourceAttributesMergeOverTheEnvironmentAndTheProjectNameSurvives() async throws {
        let transport = ScriptedTransport()
        var configuration = SpanKitSystem.Configuration(
            destination: .otlp, serviceName: "from-code",
            resourceAttributes: [
                "service.name": "from-attributes", "team": "code-team", "openinference.project.name": "from-attributes-project",
            ],
            environment: ["OTEL_RESOURCE_ATTRIBUTES": "team=env-team,region=eu-west"])
        configuration.otlpEndpoint = URL(string: "http://127.0.0.1:9/v1/traces")
        configuration.usesGzip = false
        configuration.projectName = "assistant-prod"
        configuration.otlp.settings.transport = transport
        let tracer = SpanKitSystem.makeTracer(configuration)
        tracer.withSpan("x") { _ in }
        await tracer.shutdown()
        let body = try #require(transport.requests.first?.body)
        func contains(_ text: String) -> Bool { body.range(of: Data(text.utf8)) != nil }
        #expect(contains("code-team") && !contains("env-team"), "code attributes win over the environment's")
        #expect(contains("eu-west"), "environment attributes not set in code stay")
        #expect(contains("from-code") && !contains("from-attributes"), "serviceName wins over resourceAttributes")
        #expect(contains("assistant-prod") && !contains("from-attributes-project"), "the project name matches x-project-name")
        #expect(transport.requests.first?.header("x-project-name") == "assistant-prod")
    }

    @Test func theJSONDestinationPostsBatchesWithTheConfigurationsDeliverySettings() async throws {
        let transport = ScriptedTransport([.status(503)])
        var configuration = SpanKitSystem.Configuration(
            destination: .json(baseURL: URL(string: "https://spans.example.com/api/")!, apiKey: "collector-key"), environment: [:])
        configuration.headers = ["x-tenant": "assistant"]
        configuration.maxAttempts = 1
        configuration.otlp.settings.transport = transport
        let tracer = SpanKitSystem.makeTracer(configuration)
        #expect(tracer.processor is BatchSpanProcessor)
        tracer.withSpan("first") { _ in }
        _ = await tracer.flush()
        tracer.withSpan("second") { _ in }
        let result = await tracer.shutdown()
        #expect(transport.paths == ["/api/spans", "/api/spans"], "one attempt each: maxAttempts = 1")
        let request = try #require(transport.requests.last)
        #expect(request.header("Authorization") == "Bearer collector-key")
        #expect(request.header("x-tenant") == "assistant")
        #expect(tracer.statistics.failed == 1 && tracer.statistics.exported == 1 && result.exported == 1)
    }

    @Test func allSendsEverySpanToEachDestination() async throws {
        let first = InMemoryExporter(), second = InMemoryExporter()
        let tracer = SpanKitSystem.makeTracer(.init(destination: .all([.processor(first), .processor(second)]), environment: [:]))
        tracer.withSpan("both") { _ in }
        #expect(first.spans.map(\.name) == ["both"] && second.spans.map(\.name) == ["both"])
        await tracer.shutdown()
    }

    @Test func theDescriptionHidesKeysAndHeaderValues() {
        var configuration = SpanKitSystem.Configuration(
            destination: .all([.otlp, .json(baseURL: URL(string: "https://user:pw-secret@spans.example.com")!, apiKey: "json-secret")]))
        configuration.apiKey = "otlp-secret"
        configuration.headers = ["Authorization": "Basic header-secret"]
        let text = String(describing: configuration)
        for secret in ["json-secret", "otlp-secret", "header-secret", "pw-secret"] {
            #expect(!text.contains(secret), "\(secret) in \(text)")
        }
        #expect(text.contains("[redacted]") && text.contains("spans.example.com"))
    }

    @Test func plainPropertiesReachTheComponentSettings() {
        var configuration = SpanKitSystem.Configuration()
        configuration.isEnabled = false
        configuration.sampler = .alwaysOff
        configuration.spanLimits = SpanLimits(eventCount: 3)
        configuration.usesGzip = false
        configuration.requestTimeout = .seconds(2)
        configuration.maxAttempts = 0
        configuration.spoolDirectory = URL(fileURLWithPath: "/tmp/spool")
        configuration.spoolMaxBytes = 1024
        configuration.maxQueueSize = 8
        configuration.maxExportBatchSize = 4
        configuration.scheduleDelay = .seconds(1)
        configuration.exportTimeout = .seconds(3)
        #expect(configuration.tracer.isEnabled == false && configuration.tracer.sampler == .alwaysOff)
        #expect(configuration.tracer.limits == SpanLimits(eventCount: 3))
        #expect(configuration.otlp.compression == OTLPCompression.none && configuration.usesGzip == false)
        #expect(configuration.otlp.timeout == .seconds(2))
        #expect(configuration.otlp.settings.retryPolicy.maxAttempts == 1, "at least one attempt")
        #expect(configuration.otlp.settings.spool == SpoolConfiguration(directory: URL(fileURLWithPath: "/tmp/spool"), maxBytes: 1024))
        #expect(configuration.batch == BatchSpanProcessor.Options(
            maxQueueSize: 8, maxExportBatchSize: 4, scheduleDelay: .seconds(1), exportTimeout: .seconds(3)))
    }
}
