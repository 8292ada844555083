import Foundation
import OpenInference
@testable import SpanKit
import SpanKitTesting
import Testing
import TestSupport

/// Runs the code of the DocC article `ConfigurationReference.md` and checks what the article says about it.
@Suite struct ConfigurationReferenceDocumentationTests {
    @Test func everyVariableInTheSourcesIsInTheReference() throws {
        let root = PythonPeer.packageRoot
        let reference = try String(
            contentsOf: root.appendingPathComponent("Sources/SpanKit/SpanKit.docc/ConfigurationReference.md"), encoding: .utf8)
        var variables = Set<String>()
        let sources = try #require(FileManager.default.enumerator(at: root.appendingPathComponent("Sources"), includingPropertiesForKeys: nil))
        for case let file as URL in sources where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for prefix in ["\"OTEL_", "\"PHOENIX_", "\"OPENINFERENCE_", "\"SPANKIT_"] {
                var rest = Substring(text)
                while let start = rest.range(of: prefix) {
                    let name = rest[rest.index(after: start.lowerBound)...].prefix { $0.isUppercase || $0.isNumber || $0 == "_" }
                    variables.insert(String(name))
                    rest = rest[start.upperBound...]
                }
            }
        }
        #expect(variables.count >= 45)
        for variable in variables.sorted() {
            #expect(reference.contains("`\(variable)`"), "ConfigurationReference.md does not list \(variable)")
        }
        for variable in TraceConfig.environmentVariableNames {
            #expect(reference.contains("`\(variable)`"), "ConfigurationReference.md does not list \(variable)")
        }
        #expect(variables.contains("SPANKIT_LOG_LEVEL"))
    }

    /// The environment is read in one place: only the resolver touches the process environment or
    /// builds an `EnvironmentReader`, and SpanKit calls `TraceConfig(environment:)` nowhere else.
    @Test func onlyTheResolverReadsTheEnvironment() throws {
        let root = PythonPeer.packageRoot.appendingPathComponent("Sources/SpanKit")
        let sources = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
        var readers: [String: Set<String>] = [:]
        for case let file as URL in sources where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for needle in ["ProcessInfo.processInfo.environment", "EnvironmentReader(environment:", "TraceConfig(environment: reader", "getenv("]
            where text.contains(needle) {
                readers[needle, default: []].insert(file.lastPathComponent)
            }
        }
        #expect(readers["ProcessInfo.processInfo.environment"] == ["ConfigurationResolver.swift"])
        #expect(readers["EnvironmentReader(environment:"] == ["ConfigurationResolver.swift"])
        #expect(readers["TraceConfig(environment: reader"] == ["ConfigurationResolver.swift"])
        #expect(readers["getenv("] == nil)
    }

    @Test func theTunedConfigurationIsWhatItSays() async {
        let resolved = ConfigurationResolver.resolve(tunedConfiguration())
        #expect(resolved.tracer.sampler == .parentBased(root: .traceIDRatio(0.25)))
        #expect(resolved.batch.maxQueueSize == 4096)
        let isolated = configurationIgnoringTheEnvironment()
        #expect(isolated.environment == [:])
        let console = SpanKitSystem.makeTracer(isolated)
        #expect(console.processor is SimpleSpanProcessor)
        await console.shutdown()
    }

    @Test func environmentValuesAreReadAsTheReferenceSays() {
        let diagnostics = DiagnosticsRecorder()
        let tracer = SpanKitSystem.makeTracer(SpanKitSystem.Configuration(destination: .console(file: nil), onDiagnostic: diagnostics.handler, environment: [
            "OTEL_SPAN_EVENT_COUNT_LIMIT": " 5 ",
            "OTEL_SDK_DISABLED": "",
            "OTEL_ATTRIBUTE_COUNT_LIMIT": "0",
            "OTEL_SPAN_LINK_COUNT_LIMIT": "-1",
            "OPENINFERENCE_HIDE_INPUTS": " true",
            "OPENINFERENCE_HIDE_OUTPUTS": "",
            "OPENINFERENCE_HIDE_CHOICES": "TRUE",
            "OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH": " 1_000 ",
        ]))
        #expect(tracer.limits.eventCount == 5 && tracer.limits.attributeCount == 0 && tracer.limits.linkCount == 128)
        #expect(tracer.startSpan("enabled").isRecording)
        #expect(!tracer.traceConfig.hideInputs && !tracer.traceConfig.hideOutputs && tracer.traceConfig.hideChoices)
        #expect(tracer.traceConfig.base64ImageMaxLength == 1_000)
        #expect(diagnostics.codes() == Array(repeating: .invalidConfiguration, count: 3))
        #expect(diagnostics.all.contains { $0.message == "OTEL_SPAN_LINK_COUNT_LIMIT='-1' ignored: expected a whole number, 0 or more; using 128" })
    }

    @Test func secretLookingValuesAreNeverQuoted() {
        let diagnostics = DiagnosticsRecorder()
        _ = OTLPExporterConfiguration().applying(
            ["OTEL_EXPORTER_OTLP_HEADERS": "Authorization Bearer s3cr3t-value"], onDiagnostic: diagnostics.handler)
        #expect(diagnostics.codes() == [.invalidConfiguration])
        #expect(!diagnostics.all.contains { $0.message.contains("s3cr3t") })
    }

    @Test func theResourceFollowsItsPrecedence() {
        let environment = ["OTEL_RESOURCE_ATTRIBUTES": "service.name=from-list,team=search%20ranking", "OTEL_SERVICE_NAME": "from-variable"]
        #expect(Resource.detect(environment: environment).attributes["service.name"] == "from-variable")
        #expect(Resource.detect(environment: environment).attributes["team"] == "search ranking")
        #expect(Resource.detect(serviceName: "from-code", environment: environment).attributes["service.name"] == "from-code")
        #expect(Resource.detect(environment: [:]).attributes["service.name"]?.stringValue?.hasPrefix("unknown_service:") == true)
    }

    @Test func compressionAndSamplerNamesIgnoreCase() async throws {
        let transport = ScriptedTransport()
        let exporter = OTLPExporter(configuration: try #require(OTLPExporterConfiguration(
            settings: HTTPExportSettings(transport: transport)).applying(["OTEL_EXPORTER_OTLP_TRACES_COMPRESSION": "NONE"])))
        let test = TestTracer(environment: ["OTEL_TRACES_SAMPLER": "Always_Off"])
        test.tracer.withSpan("sampled-out") { _ in }
        #expect(test.exporter.spans.isEmpty)
        let recorded = TestTracer()
        recorded.tracer.withSpan("answer") { _ in }
        #expect(await exporter.exportResult(recorded.exporter.spans) == .success)
        #expect(transport.requests.first?.header("Content-Encoding") == nil)
    }
}
