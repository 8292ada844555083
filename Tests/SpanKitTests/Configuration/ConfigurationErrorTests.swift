import Foundation
@_spi(Integration) @testable import SpanKit
import SpanKitTesting
import Testing

/// Issue 10's "clear configuration errors": one test per row of its table, each checking the
/// diagnostic's text and that spans never silently go elsewhere.
@Suite struct ConfigurationErrorTests {
    func resolve(_ environment: [String: String], otlp: OTLPExporterConfiguration = OTLPExporterConfiguration())
        -> (tracer: Tracer, diagnostics: DiagnosticsRecorder) {
        let diagnostics = DiagnosticsRecorder()
        let tracer = SpanKitSystem.makeTracer(SpanKitSystem.Configuration(
            automaticFile: nil, onDiagnostic: diagnostics.handler, environment: environment).with(otlp: otlp))
        return (tracer, diagnostics)
    }

    @Test func aCollectorURLWithoutASchemeIsAnErrorNeverARedirect() async {
        let (tracer, diagnostics) = resolve(["PHOENIX_COLLECTOR_ENDPOINT": "127.0.0.1:6006"])
        #expect(diagnostics.all.map(\.message) == [
            "PHOENIX_COLLECTOR_ENDPOINT='127.0.0.1:6006' is not a URL: it has no scheme; expected an absolute URL such as "
                + "'http://127.0.0.1:6006' or https://…",
            "OTLP export is off because PHOENIX_COLLECTOR_ENDPOINT is invalid; spans go to the console instead",
        ])
        #expect(diagnostics.all.allSatisfy { $0.level == .error })
        #expect(tracer.processor is SimpleSpanProcessor, "the console, not an OTLP exporter to another host")
        await tracer.shutdown(deadline: .now)
    }

    @Test func anInvalidEndpointIsNotSkippedForTheNextVariable() async {
        let (tracer, diagnostics) = resolve([
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "localhost:4318/v1/traces", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://elsewhere:4318",
        ])
        #expect(diagnostics.all.first?.message.hasPrefix("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT='localhost:4318/v1/traces' is not a URL") == true)
        #expect(tracer.processor is SimpleSpanProcessor)
        await tracer.shutdown(deadline: .now)
    }

    @Test func anExplicitOTLPDestinationWithABadEndpointAlsoStaysLocal() async {
        let diagnostics = DiagnosticsRecorder()
        let tracer = SpanKitSystem.makeTracer(SpanKitSystem.Configuration(
            destination: .otlp, automaticFile: nil, onDiagnostic: diagnostics.handler,
            environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": "ftp://collector.example.com"]))
        #expect(diagnostics.all.first?.message
            == "OTEL_EXPORTER_OTLP_ENDPOINT='ftp://collector.example.com' is not usable: expected an absolute http:// or https:// URL with a host")
        #expect(tracer.processor is SimpleSpanProcessor)
        await tracer.shutdown(deadline: .now)
    }

    @Test func theBaseEndpointEndingInTheTracesPathIsUsedOnceWithAHint() async throws {
        let transport = ScriptedTransport()
        let otlp = OTLPExporterConfiguration(compression: OTLPCompression.none, settings: HTTPExportSettings(transport: transport))
        let (tracer, diagnostics) = resolve(["OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318/v1/traces"], otlp: otlp)
        #expect(diagnostics.all.map(\.message) == [
            "OTEL_EXPORTER_OTLP_ENDPOINT='http://127.0.0.1:4318/v1/traces' ends in /v1/traces, but it is the base URL to which "
                + "/v1/traces is appended; using it as the traces URL. Set OTEL_EXPORTER_OTLP_TRACES_ENDPOINT for a full traces URL, "
                + "or drop /v1/traces",
        ])
        tracer.withSpan("answer") { _ in }
        await tracer.shutdown()
        #expect(transport.requests.map(\.url.absoluteString) == ["http://127.0.0.1:4318/v1/traces"])
    }

    @Test func anUnknownSamplerIsReportedAndTheDefaultUsed() {
        let (tracer, diagnostics) = resolve(["OTEL_TRACES_SAMPLER": "bogus"])
        #expect(diagnostics.all.map(\.message) == [
            "OTEL_TRACES_SAMPLER='bogus' ignored: expected always_on, always_off, traceidratio, parentbased_always_on, "
                + "parentbased_always_off or parentbased_traceidratio; using parentbased_always_on",
        ])
        #expect(tracer.startSpan("sampled").isRecording)
    }

    @Test func aNegativeQueueSizeIsReportedAndTheDefaultUsed() async {
        let diagnostics = DiagnosticsRecorder()
        let options = BatchSpanProcessor.Options().applying(["OTEL_BSP_MAX_QUEUE_SIZE": "-1"], onDiagnostic: diagnostics.handler)
        #expect(options.maxQueueSize == nil)
        #expect(diagnostics.all.map(\.message) == ["OTEL_BSP_MAX_QUEUE_SIZE='-1' ignored: expected a whole number, 1 or more; using 2048"])
        #expect(diagnostics.codes() == [.invalidConfiguration])
    }

    @Test func theByteBoundsComeFromTheirVariablesAndBadValuesAreReported() throws {
        let diagnostics = DiagnosticsRecorder()
        let environment = ["SPANKIT_BSP_MAX_QUEUE_BYTES": "1048576", "SPANKIT_EXPORTER_MAX_REQUEST_BYTES": "65536"]
        #expect(BatchSpanProcessor.Options().applying(environment).maxQueueBytes == 1_048_576)
        let otlp = try #require(OTLPExporterConfiguration().applying(environment))
        #expect(otlp.settings.maxRequestBytes == 65_536)
        let bad = ["SPANKIT_BSP_MAX_QUEUE_BYTES": "64MB", "SPANKIT_EXPORTER_MAX_REQUEST_BYTES": "0"]
        let options = BatchSpanProcessor.Options().applying(bad, onDiagnostic: diagnostics.handler)
        #expect(options.maxQueueBytes == nil && options.resolve { _ in }.maxQueueBytes == 32 * 1024 * 1024)
        #expect(try #require(OTLPExporterConfiguration().applying(bad, onDiagnostic: diagnostics.handler)).settings.maxRequestBytes == 4 * 1024 * 1024)
        #expect(diagnostics.all.map(\.message) == [
            "SPANKIT_BSP_MAX_QUEUE_BYTES='64MB' ignored: expected a whole number, 1 or more; using 33554432",
            "SPANKIT_EXPORTER_MAX_REQUEST_BYTES='0' ignored: expected a whole number, 1 or more; using 4194304",
        ])
    }

    @Test func quotedValuesAreShortAndNeverCarryCredentials() {
        let long = String(repeating: "x", count: 100)
        #expect(EnvironmentReader.quoted(long, of: "OTEL_SERVICE_NAME") == "'" + String(repeating: "x", count: 63) + "…'")
        #expect(EnvironmentReader.quoted("https://user:pa55@phoenix.example.com:6006/v1?token=abc#x", of: "PHOENIX_COLLECTOR_ENDPOINT")
            == "'https://phoenix.example.com:6006/v1?…'")
        #expect(EnvironmentReader.quoted("user:pa55@127.0.0.1:6006", of: "PHOENIX_COLLECTOR_ENDPOINT") == "'127.0.0.1:6006'")
        for name in ["OTEL_EXPORTER_OTLP_HEADERS", "PHOENIX_CLIENT_HEADERS", "PHOENIX_API_KEY", "MY_TOKEN"] {
            #expect(EnvironmentReader.quoted("abc", of: name) == "<3 characters, not shown>")
        }
        let reader = EnvironmentReader(environment: ["PHOENIX_API_KEY": "phx-0123456789", "OTEL_EXPORTER_OTLP_HEADERS": "x-key=hdr%20secret"]) { _ in }
        #expect(reader.quoted("phx-0123456789", of: "OTEL_SERVICE_NAME") == "<14 characters, not shown: they contain a credential>")
        #expect(reader.quoted("a hdr secret b", of: "OTEL_SERVICE_NAME") == "<14 characters, not shown: they contain a credential>")
        #expect(reader.quoted("plain", of: "OTEL_SERVICE_NAME") == "'plain'")
    }

    @Test func anInvalidLogLevelIsReportedThroughTheSinkItConfigures() {
        let (_, diagnostics) = resolve(["SPANKIT_LOG_LEVEL": "loud"])
        #expect(diagnostics.all.map(\.message) == ["SPANKIT_LOG_LEVEL='loud' ignored: expected off, error, warning or debug; using warning"])
    }

    @Test func theEnvironmentIsReadOnlyThroughTheConfiguration() {
        // Built by hand: no variable applies, whatever the process environment holds.
        let tracer = Tracer(configuration: TracerConfiguration())
        #expect(tracer.limits == SpanLimits())
        let exporter = OTLPExporter(configuration: OTLPExporterConfiguration())
        #expect(exporter.tracesURL.absoluteString == "http://localhost:6006/v1/traces")
    }
}

/// The default output's rate limit and format.
@Suite struct RepeatLimiterTests {
    let start = ContinuousClock.now

    @Test func alikeDiagnosticsArePrintedOnceThenCounted() {
        var limiter = RepeatLimiter(interval: .seconds(10))
        let first = limiter.admit(Diagnostic(.exportFailed, "14 spans not delivered to 127.0.0.1:9: refused"), at: start)
        #expect(first.map(\.repeated) == [0])
        for index in 0..<999 {
            #expect(limiter.admit(Diagnostic(.exportFailed, "\(index) spans not delivered to 127.0.0.1:9: refused"), at: start + .seconds(1)).isEmpty)
        }
        #expect(limiter.admit(Diagnostic(.spoolFailed, "other"), at: start + .seconds(2)).count == 1, "another kind is not held back")
        let later = limiter.admit(Diagnostic(.exportFailed, "3 spans not delivered to 127.0.0.1:9: refused"), at: start + .seconds(11))
        #expect(later == [
            RepeatLimiter.Line(level: .error, message: "998 spans not delivered to 127.0.0.1:9: refused", repeated: 999),
            RepeatLimiter.Line(level: .error, message: "3 spans not delivered to 127.0.0.1:9: refused", repeated: 0),
        ])
        #expect(limiter.admit(Diagnostic(.exportFailed, "1 spans not delivered to 127.0.0.1:9: refused"), at: start + .seconds(12)).isEmpty)
        #expect(limiter.drain().map(\.repeated) == [1])
        #expect(limiter.drain().isEmpty)
    }

    @Test func memoryStaysBoundedWhateverTheMessages() {
        var limiter = RepeatLimiter(capacity: 4)
        var printed = 0
        for index in 0..<100 {
            printed += limiter.admit(Diagnostic(.signalRejected, "signal 'n\(String(UnicodeScalar(UInt8(65 + index % 26))))'"), at: start).count
        }
        #expect(printed >= 26, "every distinct kind is printed at least once")
    }

    @Test func linesAreSingleLinesWithTheLevelAndTheCount() {
        #expect(StandardErrorReporter.format(.init(level: .error, message: "a\nb", repeated: 0)) == "SpanKit: error: a b\n")
        #expect(StandardErrorReporter.format(.init(level: .warning, message: "x", repeated: 2)) == "SpanKit: warning: x (repeated 2 times)\n")
        let long = StandardErrorReporter.format(.init(level: .debug, message: String(repeating: "y", count: 5_000), repeated: 0))
        #expect(long.count == "SpanKit: debug: ".count + StandardErrorReporter.maxMessageLength + 2)
    }

    @Test func theReporterFiltersByLevelAndAHandlerReplacesIt() {
        let written = Locked<[String]>.make([])
        let reporter = StandardErrorReporter(level: .error, now: { ContinuousClock.now }) { line in written.withLock { $0.append(line) } }
        reporter.report(Diagnostic(.invalidConfiguration, "quiet"))
        reporter.report(Diagnostic(.exportFailed, "loud"))
        reporter.report(Diagnostic(.valueTruncated, "debug only"))
        #expect(written.withLock { $0 } == ["SpanKit: error: loud\n"])
        let recorder = DiagnosticsRecorder()
        DiagnosticSink(handler: recorder.handler, level: .off).report(.valueTruncated, "all of them")
        #expect(recorder.codes() == [.valueTruncated], "a handler receives every diagnostic, whatever the level")
    }
}
