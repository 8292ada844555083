import Foundation
@_spi(Integration) @testable import SpanKit
import TestSupport
import Testing

/// What the delivery owner does differently at shutdown (and at exit): an unreachable endpoint
/// is not retried, so a closed port never holds the exiting process for a backoff; every other
/// failure that may pass is retried as always. And how a loss is worded.
@Suite struct ShutdownDeliveryTests {
    static let refused = ExportError(.unreachable, "could not connect to 127.0.0.1:9: connection refused")

    func records(_ count: Int) -> [SpanRecord] {
        let test = TestTracer()
        for index in 0..<count { test.tracer.startSpan("span-\(index)").end() }
        return test.exporter.spans
    }

    func exporter(_ transport: ScriptedTransport, spool: SpoolConfiguration? = nil, diagnostics: DiagnosticsRecorder) -> JSONBatchExporter {
        var settings = HTTPExportSettings(retryPolicy: .quick, spool: spool, transport: transport, onDiagnostic: diagnostics.handler)
        settings.clock = TestPipelineClock(autoAdvancingUpTo: .seconds(5))
        return JSONBatchExporter(baseURL: URL(string: "http://127.0.0.1:9/collector")!, settings: settings)
    }

    @Test func anUnreachableEndpointIsRetriedNormallyButNotAtShutdown() async {
        let normal = ScriptedTransport(otherwise: .error(Self.refused)), final = ScriptedTransport(otherwise: .error(Self.refused))
        let diagnostics = DiagnosticsRecorder()
        let batch = records(3)
        let retried = await exporter(normal, diagnostics: DiagnosticsRecorder()).deliver(batch, deadline: .now + .seconds(30))
        let atShutdown = await exporter(final, diagnostics: diagnostics).deliver(batch, deadline: .now + .seconds(30), isFinal: true)
        #expect(normal.requests.count == 4 && retried.failed == 3)
        #expect(final.requests.count == 1, "one attempt: nothing listens")
        #expect(atShutdown.failed == 3 && atShutdown.exported == 0)
        #expect(diagnostics.all.map(\.message) == [
            "3 spans not delivered to 127.0.0.1:9: could not connect: connection refused (not retried at shutdown)",
        ])
        #expect(diagnostics.all.map(\.level) == [.error])
    }

    @Test func atShutdownTheRefusedBatchGoesToTheSpoolAtOnceAndSaysSo() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let transport = ScriptedTransport(otherwise: .error(Self.refused))
        let diagnostics = DiagnosticsRecorder()
        let outcome = await exporter(transport, spool: SpoolConfiguration(directory: directory), diagnostics: diagnostics)
            .deliver(records(2), deadline: .now + .seconds(30), isFinal: true)
        #expect(outcome.spooled == 2 && outcome.failed == 0 && transport.requests.count == 1)
        #expect(diagnostics.all.map(\.message) == [
            "2 spans not delivered to 127.0.0.1:9: could not connect: connection refused (not retried at shutdown); "
                + "stored in the spool for a later attempt",
        ])
        #expect(diagnostics.all.map(\.level) == [.warning], "not lost: a warning, not an error")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == 1)
    }

    @Test func atShutdownAFailureThatMayPassIsStillRetried() async {
        let transport = ScriptedTransport([.status(503), .error(ExportError(.transport, "connection reset"))])
        let outcome = await exporter(transport, diagnostics: DiagnosticsRecorder()).deliver(records(2), deadline: .now + .seconds(30), isFinal: true)
        #expect(outcome.exported == 2 && transport.requests.count == 3)
    }

    @Test func theBatchProcessorsShutdownExportIsFinal() async {
        let transport = ScriptedTransport(otherwise: .error(Self.refused))
        let diagnostics = DiagnosticsRecorder()
        // Backoffs pass at once (a retried batch would show 4 requests); the schedule delay,
        // beyond the auto-advance limit, never starts an export before the shutdown.
        let clock = TestPipelineClock(autoAdvancingUpTo: .seconds(5))
        let options = BatchSpanProcessor.Options(scheduleDelay: .seconds(60)).resolve { _ in }
        let processor = BatchSpanProcessor(
            exporter: exporter(transport, diagnostics: diagnostics), options: options, clock: clock, sink: .discarding)
        let tracer = Tracer(configuration: TracerConfiguration(), processor: processor, diagnostics: .discarding)
        for index in 0..<5 { tracer.startSpan("span-\(index)").end() }
        let result = await processor.shutdown(deadline: clock.now + .seconds(30))
        #expect(result.failed == 5 && result.exported == 0 && result.pending == 0)
        #expect(transport.requests.count == 1, "the export the shutdown started did not retry the refused connection")
    }

    @Test(arguments: [
        ("http://127.0.0.1:4318/v1/traces", "127.0.0.1:4318"),
        ("https://user:secret@collector.example.com/v1/traces?token=abc", "collector.example.com:443"),
        ("http://collector.example.com/v1/traces", "collector.example.com:80"),
        ("http://[::1]:6006/v1/traces", "[::1]:6006"),
    ])
    func theLossNamesOnlyTheHostAndPort(_ url: String, _ place: String) throws {
        #expect(Delivery.place(of: try #require(URL(string: url))) == place)
    }

    @Test func theReasonDoesNotRepeatTheEndpoint() {
        #expect(Delivery.notDelivered(14, to: "127.0.0.1:9", because: "could not connect to 127.0.0.1:9: connection refused")
            == "14 spans not delivered to 127.0.0.1:9: could not connect: connection refused")
        #expect(Delivery.notDelivered(1, to: "h:80", because: "HTTP 415 from /v1/traces for spans")
            == "1 span not delivered to h:80: HTTP 415 from /v1/traces for spans")
        #expect(Delivery.notDelivered(2, to: nil, because: "the batch could not be encoded") == "2 spans not delivered: the batch could not be encoded")
    }
}
