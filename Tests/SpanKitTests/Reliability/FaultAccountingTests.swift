import Foundation
@testable import SpanKit
import TestSupport
import Testing

/// Every collector fault, through the real pipeline (batch processor → JSON exporter → socket
/// transport → local server): each ended span ends up delivered intact, spooled, or counted as
/// failed or dropped with a reported reason.
@Suite struct FaultAccountingTests {
    enum Expected: String, Sendable { case exported, failed, spooled }

    struct Fault: Sendable, CustomTestStringConvertible {
        let name: String
        let script: [ServerAction]
        let then: ServerAction
        let useSpool: Bool
        let expected: Expected
        var testDescription: String { name }
    }

    static let faults: [Fault] = [
        Fault(name: "500 storm", script: [], then: .status(500), useSpool: true, expected: .failed),
        Fault(name: "502 storm", script: [], then: .status(502), useSpool: false, expected: .failed),
        Fault(name: "502 storm with spool", script: [], then: .status(502), useSpool: true, expected: .spooled),
        Fault(name: "503 storm", script: [], then: .status(503), useSpool: false, expected: .failed),
        Fault(name: "503 then 200", script: [.status(503), .status(503)], then: .ok, useSpool: false, expected: .exported),
        Fault(name: "429 without Retry-After, then 200", script: [.tooManyRequests], then: .ok, useSpool: false, expected: .exported),
        Fault(name: "429 with Retry-After: 1, then 200", script: [.retryAfter(seconds: 1)], then: .ok, useSpool: false, expected: .exported),
        Fault(name: "429 storm with spool", script: [], then: .tooManyRequests, useSpool: true, expected: .spooled),
        Fault(name: "400", script: [], then: .status(400, body: "bad"), useSpool: true, expected: .failed),
        Fault(name: "401", script: [], then: .status(401, body: "no"), useSpool: true, expected: .failed),
        Fault(name: "413 for every size", script: [], then: .status(413), useSpool: true, expected: .failed),
        Fault(name: "reset mid-request, then 200", script: [.resetBeforeBody], then: .ok, useSpool: false, expected: .exported),
        Fault(name: "reset mid-request storm with spool", script: [], then: .resetBeforeBody, useSpool: true, expected: .spooled),
        Fault(name: "reset mid-response, then 200", script: [.resetMidResponse()], then: .ok, useSpool: false, expected: .exported),
        Fault(name: "close without answer storm", script: [], then: .closeWithoutResponse, useSpool: false, expected: .failed),
        Fault(name: "never answers, with spool", script: [], then: .neverAnswer, useSpool: true, expected: .spooled),
        Fault(name: "answers after 3 s (timeout 1 s), then 200", script: [.delayed(.seconds(3), then: .ok)], then: .ok, useSpool: false, expected: .exported),
        Fault(name: "trickles the response slower than the timeout, with spool", script: [],
              then: .trickle(ServerResponse(body: Data(repeating: 0x41, count: 4_000)), chunkSize: 1, interval: .milliseconds(50)),
              useSpool: true, expected: .spooled),
        Fault(name: "malformed response (garbage), then 200", script: [.garbage], then: .ok, useSpool: false, expected: .exported),
        Fault(name: "status line then close, then 200", script: [.statusLineOnly], then: .ok, useSpool: false, expected: .exported),
        Fault(name: "status line then close storm", script: [], then: .statusLineOnly, useSpool: false, expected: .failed),
    ]

    @Test(arguments: faults)
    func everySpanIsAccountedFor(_ fault: Fault) async throws {
        let server = try LocalHTTPServer(handler: ScriptedHandler(fault.script, then: fault.then))
        defer { server.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let diagnostics = DiagnosticsRecorder()
        var settings = HTTPExportSettings(
            timeout: .seconds(1),
            retryPolicy: RetryPolicy(maxAttempts: 3, initialBackoff: .milliseconds(20), maxBackoff: .milliseconds(50), jitter: 0),
            spool: fault.useSpool ? SpoolConfiguration(directory: directory) : nil, onDiagnostic: diagnostics.handler)
        // Backoff and Retry-After waits (under 5 s) pass at once on the test clock; the request
        // timeout (1 s) is the real server's real time.
        settings.clock = TestPipelineClock(autoAdvancingUpTo: .seconds(5))
        let exporter = JSONBatchExporter(baseURL: server.baseURL, settings: settings)
        let processor = BatchSpanProcessor(
            exporter: exporter, options: .init(maxExportBatchSize: 20, scheduleDelay: .milliseconds(10), exportTimeout: .seconds(30)), onDiagnostic: diagnostics.handler)
        let tracer = Tracer(configuration: TracerConfiguration(), processor: processor)
        let names = (0..<20).map { "span-\($0)" }
        for name in names { tracer.startSpan(name, parent: .root).end() }
        _ = await processor.shutdown(deadline: .now + .seconds(30))

        let statistics = processor.statistics
        #expect(statistics.ended == 20)
        #expect(statistics.exported + statistics.spooled + statistics.failed + statistics.dropped == 20)
        switch fault.expected {
        case .exported:
            #expect(statistics.exported == 20, "\(diagnostics.all)")
            let delivered = server.requests(path: "/spans").filter(\.isBodyComplete).compactMap { request -> [String]? in
                guard case .array(let spans)? = try? JSONValue(parsing: request.bodyText) else { return nil }
                return spans.compactMap { $0["name"].flatMap { if case .string(let name) = $0 { name } else { nil } } }
            }
            #expect(delivered.contains(names), "the batch arrived intact")
        case .failed:
            #expect(statistics.failed == 20)
            #expect(diagnostics.all.contains { $0.code == .exportFailed }, "a reason is reported")
        case .spooled:
            #expect(statistics.spooled == 20, "\(diagnostics.all)")
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".spool") }
            #expect(!files.isEmpty)
        }
        #expect(exporter.encodedSpanCount == 20, "each span encoded once")
        let attempts = server.requests(path: "/spans").count
        if fault.name.hasSuffix("with spool") && fault.expected == .spooled && !fault.name.hasPrefix("never") {
            #expect(attempts == 3, "as many requests as the policy's attempts; shutdown does not replay the spool")
        }
        ReliabilityReport.record(
            "fault: \(fault.name)",
            "ended 20, exported \(statistics.exported), spooled \(statistics.spooled), failed \(statistics.failed), dropped \(statistics.dropped); "
                + "\(attempts) request(s); spans encoded \(exporter.encodedSpanCount)")
    }

    /// A collector that accepts the request and never answers: at the export's deadline the
    /// attempt is abandoned and the batch goes to the spool once; a later exporter delivers it
    /// exactly once. Time is the test clock's: the deadline comes when the test moves it.
    @Test func aSlowCollectorNeverHoldsAnExportPastItsDeadline() async throws {
        let slow = try LocalHTTPServer(respondingWith: .neverAnswer)
        defer { slow.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = TestPipelineClock()
        let diagnostics = DiagnosticsRecorder()
        var settings = HTTPExportSettings(
            timeout: .seconds(60), retryPolicy: RetryPolicy(maxAttempts: 3), spool: SpoolConfiguration(directory: directory),
            onDiagnostic: diagnostics.handler)
        settings.clock = clock
        let exporter = JSONBatchExporter(baseURL: slow.baseURL, settings: settings)
        let processor = BatchSpanProcessor(
            exporter: exporter,
            options: .init(maxQueueSize: 2048, maxExportBatchSize: 20, scheduleDelay: .seconds(60), exportTimeout: .seconds(10)),
            clock: clock, sink: DiagnosticSink(handler: diagnostics.handler))
        let tracer = Tracer(configuration: TracerConfiguration(), processor: processor)
        for index in 0..<20 { tracer.startSpan("span-\(index)", parent: .root).end() }
        _ = try await slow.waitForRequests(count: 1)
        #expect(await clock.waitForSleepers(1), "the attempt waits for the export's deadline")
        clock.advance(by: .seconds(10))
        #expect(await eventually { processor.statistics.spooled == 20 }, "\(diagnostics.all)")
        let result = await processor.shutdown(deadline: clock.now + .seconds(1))
        let statistics = processor.statistics
        #expect(statistics.spooled == 20 && statistics.exported == 0 && statistics.failed == 0 && statistics.dropped == 0)
        #expect(result.pending == 0)
        #expect(slow.requests(path: "/spans").count == 1, "one attempt, abandoned at the deadline; no retry past it")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == 1)

        let server = try LocalHTTPServer()
        defer { server.stop() }
        let later = JSONBatchExporter(baseURL: server.baseURL, settings: HTTPExportSettings(spool: SpoolConfiguration(directory: directory)))
        let recovered = await later.delivery.replaySpool(deadline: .now + .seconds(30))
        let again = await later.delivery.replaySpool(deadline: .now + .seconds(30))
        #expect(recovered == 20 && again == 0)
        #expect(server.requests(path: "/spans").count == 1, "delivered exactly once")
        ReliabilityReport.record(
            "fault: slow collector (never answers), export deadline 10 s on the test clock",
            "attempt abandoned at the deadline: 1 request, spooled 20 once (1 file), exported 0, failed 0, dropped 0; "
                + "a later exporter delivered the file once (\(recovered) spans), spool emptied")
    }

    @Test func endingSpansNeverWaitsForAHungCollector() async throws {
        let server = try LocalHTTPServer(respondingWith: .neverAnswer)
        defer { server.stop() }
        let exporter = JSONBatchExporter(baseURL: server.baseURL, settings: HTTPExportSettings(timeout: .seconds(30), retryPolicy: .none))
        let processor = BatchSpanProcessor(exporter: exporter, options: .init(maxQueueSize: 100, maxExportBatchSize: 10))
        let tracer = Tracer(configuration: TracerConfiguration(), processor: processor)
        for index in 0..<10 { tracer.startSpan("first-\(index)", parent: .root).end() }
        _ = try await server.waitForRequests(count: 1)
        // The only export is stuck in the server; these ends must still all return.
        for index in 0..<5_000 { tracer.startSpan("more-\(index)", parent: .root).end() }
        let during = processor.statistics
        #expect(during.ended == 5_010 && during.exported == 0)
        // The queue holds 100 and the worker the hung batch of 10 and, if it took it before the
        // queue filled, the next 10 (encoded, waiting behind it); the rest are dropped and counted.
        #expect([5_010 - 10 - 100, 5_010 - 20 - 100].contains(during.dropped), "dropped \(during.dropped)")
        let result = await processor.shutdown(deadline: .now + .milliseconds(300))
        let after = processor.statistics
        #expect(after.exported + after.spooled + after.failed + after.dropped == after.ended)
        ReliabilityReport.record("hung collector", "5,010 ended while the only export hung: ends returned; \(after.dropped) dropped, \(after.failed) failed at the shutdown deadline (result \(result))")
    }
}
