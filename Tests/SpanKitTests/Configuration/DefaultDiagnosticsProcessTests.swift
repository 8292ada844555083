import Foundation
import TestSupport
import Testing

/// Issue 10's default reporting, read from the standard error of a real process
/// (`spankit-diagnostics-probe`) configured only through its environment.
@Suite(.serialized) struct DefaultDiagnosticsProcessTests {
    static let apiKey = "phx-probe-SECRET-0451"

    func lines(_ run: ExampleProcess.Run) -> [Substring] {
        run.standardError.split(separator: "\n").filter { $0.hasPrefix("SpanKit:") }
    }

    @Test func undeliveredSpansAreReportedOnStandardErrorWithoutSecrets() async throws {
        let run = try await ExampleProcess.run("spankit-diagnostics-probe", arguments: ["export", "14"], environment: [
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:9/v1/traces", "PHOENIX_API_KEY": Self.apiKey,
            "OTEL_EXPORTER_OTLP_HEADERS": "x-api-key=\(Self.apiKey)",
        ])
        #expect(run.status == 0, "\(run)")
        let errors = lines(run).filter { $0.hasPrefix("SpanKit: error: ") }
        #expect(errors.contains { $0.hasPrefix("SpanKit: error: 14 spans not delivered to 127.0.0.1:9: could not connect: connection refused") }, "\(run)")
        #expect(!run.standardError.contains(Self.apiKey) && !run.standardOutput.contains(Self.apiKey))
        #expect(lines(run).count <= 4, "one line per kind of failure, not one per attempt: \(run)")
    }

    /// Issue 17: a refusal says the status and the server's reason; the secret values the server
    /// echoes are masked, the experiment id it complains about stays readable.
    @Test func aRefusedExportSaysTheStatusAndTheServersReasonWithoutSecrets() async throws {
        let reason = #"{"detail": "Experiment with id '4242' does not exist (x-mlflow-experiment-id=4242). "#
            + #"Echo: authorization=Bearer \#(Self.apiKey), x-api-key=\#(Self.apiKey), cookie=session-cookie-77"}"#
        let server = try LocalHTTPServer(handler: ScriptedHandler([], then: .status(404, body: reason)))
        defer { server.stop() }
        let run = try await ExampleProcess.run("spankit-diagnostics-probe", arguments: ["export", "3"], environment: [
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": server.url("/v1/traces").absoluteString, "PHOENIX_API_KEY": Self.apiKey,
            "OTEL_EXPORTER_OTLP_TRACES_HEADERS": "x-mlflow-experiment-id=4242,x-api-key=\(Self.apiKey),Cookie=session-cookie-77",
        ])
        #expect(run.status == 0, "\(run)")
        let errors = lines(run).filter { $0.hasPrefix("SpanKit: error: ") }
        let line = try #require(errors.first { $0.contains("3 spans not delivered to 127.0.0.1:\(server.port)") }, "\(run)")
        #expect(line.contains("HTTP 404 from /v1/traces for spans: "), "\(run)")
        #expect(line.contains("Experiment with id '4242' does not exist (x-mlflow-experiment-id=4242)"), "\(run)")
        #expect(line.contains("x-api-key=[redacted]") && line.contains("cookie=[redacted]"), "\(run)")
        #expect(!run.standardError.contains(Self.apiKey) && !run.standardError.contains("session-cookie-77"), "\(run)")
        #expect(!run.standardOutput.contains(Self.apiKey))
    }

    /// The console tree goes to standard error unless the destination asks for standard output.
    @Test func theConsoleTreeGoesToStandardOutputWhenAsked() async throws {
        let run = try await ExampleProcess.run("spankit-diagnostics-probe", arguments: ["stdout", "2"], environment: [:])
        #expect(run.status == 0, "\(run)")
        #expect(run.standardOutput.contains("span-0") && run.standardOutput.contains("span-1"), "\(run)")
        #expect(!run.standardError.contains("span-0"), "\(run)")
    }

    @Test func logLevelOffSilencesTheDefaultOutput() async throws {
        let run = try await ExampleProcess.run("spankit-diagnostics-probe", arguments: ["export", "14"], environment: [
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:9/v1/traces", "SPANKIT_LOG_LEVEL": "off",
            "OTEL_TRACES_SAMPLER": "bogus",
        ])
        #expect(run.status == 0 && run.standardOutput.contains("probe finished"), "\(run)")
        #expect(lines(run).isEmpty, "\(run)")
    }

    @Test func logLevelErrorKeepsErrorsAndDropsWarnings() async throws {
        let run = try await ExampleProcess.run("spankit-diagnostics-probe", arguments: ["export", "2"], environment: [
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:9/v1/traces", "SPANKIT_LOG_LEVEL": "ERROR",
            "OTEL_TRACES_SAMPLER": "bogus",
        ])
        #expect(!lines(run).isEmpty && lines(run).allSatisfy { $0.hasPrefix("SpanKit: error: ") }, "\(run)")
    }

    @Test func aStormPrintsOneLineAndLaterItsCount() async throws {
        let run = try await ExampleProcess.run("spankit-diagnostics-probe", arguments: ["storm", "5000"], environment: [:])
        #expect(run.status == 0, "\(run)")
        let printed = lines(run)
        #expect(printed.count == 2, "\(run)")
        #expect(printed.first?.hasPrefix("SpanKit: warning: ") == true)
        #expect(printed.first?.contains("outcome") == true)
        #expect(printed.last?.hasSuffix("(repeated 4999 times)") == true, "\(run)")
    }

    @Test func aCollectorURLWithoutASchemeIsAnErrorAndSpansStayLocal() async throws {
        let run = try await ExampleProcess.run("spankit-diagnostics-probe", arguments: ["export", "3"], environment: [
            "PHOENIX_COLLECTOR_ENDPOINT": "127.0.0.1:6006",
        ])
        #expect(lines(run).contains(
            "SpanKit: error: PHOENIX_COLLECTOR_ENDPOINT='127.0.0.1:6006' is not a URL: it has no scheme; "
                + "expected an absolute URL such as 'http://127.0.0.1:6006' or https://…"), "\(run)")
        #expect(lines(run).contains(
            "SpanKit: error: OTLP export is off because PHOENIX_COLLECTOR_ENDPOINT is invalid; "
                + "spans go to the console and spankit-spans.jsonl instead"), "\(run)")
        #expect(try run.fileSpans().count == 3, "the spans were kept locally, not sent to another host")
    }
}
