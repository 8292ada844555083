import Foundation
@testable import SpanKit
import TestSupport
import Testing

@Suite struct HTTPDeliveryTests {
    static let base = URL(string: "http://127.0.0.1:9/collector")!

    func records(_ count: Int = 2, signals: Bool = true) async -> [SpanRecord] {
        let test = TestTracer()
        await withSession("chat-7") {
            test.tracer.withSpan("root") { root in
                if signals {
                    root.addSignal("helpful", true)
                    root.addSignal("converted", 1, target: .trace)
                    root.addSignal("csat", 4.5, target: .session)
                }
                for index in 1..<count { test.tracer.withSpan("child-\(index)", kind: .llm) { _ in } }
            }
        }
        return test.exporter.spans
    }

    /// An exporter on a test clock: sleeps of up to 5 s (backoff, `Retry-After`) pass at once
    /// and move the clock, so no test waits a real backoff; the deadlines (30 s) stay ahead.
    func exporter(_ transport: ScriptedTransport, spool: SpoolConfiguration? = nil, policy: RetryPolicy = .quick,
                  diagnostics: DiagnosticsRecorder = DiagnosticsRecorder(),
                  clock: TestPipelineClock = TestPipelineClock(autoAdvancingUpTo: .seconds(5))) -> JSONBatchExporter {
        var settings = HTTPExportSettings(retryPolicy: policy, spool: spool, transport: transport, onDiagnostic: diagnostics.handler)
        settings.clock = clock
        return JSONBatchExporter(baseURL: Self.base, apiKey: "sk-test-SECRET-1234", settings: settings)
    }

    @Test func spansThenSignalsWithBearerAuth() async throws {
        let transport = ScriptedTransport()
        let result = await exporter(transport).exportResult(records())
        #expect(result == .success)
        #expect(transport.paths == ["/collector/spans", "/collector/signals/bulk"])
        let spansRequest = transport.requests[0]
        #expect(spansRequest.header("Authorization") == "Bearer sk-test-SECRET-1234")
        #expect(spansRequest.header("Content-Type") == "application/json")
        let spans = try JSONValue(parsing: String(decoding: spansRequest.body, as: UTF8.self))
        guard case .array(let items) = spans else { Issue.record("not an array"); return }
        #expect(items.count == 2)
        let signals = try JSONValue(parsing: String(decoding: transport.requests[1].body, as: UTF8.self))
        guard case .array(let list)? = signals["signals"] else { Issue.record("no signals"); return }
        #expect(list.map { $0["entity_type"] } == ["span", "trace", "session"])
        #expect(list.map { $0["signal_type"] } == ["boolean", "numerical", "numerical"])
    }

    @Test func signalsWaitForTheSpansToBeAccepted() async {
        let transport = ScriptedTransport([.status(400, body: "bad")])
        let result = await exporter(transport).exportResult(records())
        #expect(result == .failure(ExportError(.httpStatus(400), "HTTP 400 from /collector/spans for spans: bad")))
        #expect(transport.paths == ["/collector/spans"])
    }

    @Test func status503ThenSuccessDeliversOnce() async {
        let clock = TestPipelineClock(autoAdvancingUpTo: .seconds(5))
        let transport = ScriptedTransport([.status(503), .status(503)], clock: clock)
        let exporter = exporter(transport, clock: clock)
        let deadline = clock.now + .seconds(30)
        let outcome = await exporter.deliver(records(signals: false), deadline: deadline)
        #expect(outcome == DeliveryOutcome(exported: 2, retried: 4))
        #expect(transport.paths == ["/collector/spans", "/collector/spans", "/collector/spans"])
        #expect(clock.sleeps(endingBefore: deadline) == [.milliseconds(10), .milliseconds(20)], "the policy's backoff, on the test clock")
    }

    @Test(arguments: ["1", "Sun, 15 Jun 2025 15:06:41 GMT"])
    func retryAfterIsHonouredInSecondsAndAsAnHTTPDate(_ value: String) async throws {
        // The clock's wall time is 2025-06-15 15:06:40 GMT, one second before the date.
        let clock = TestPipelineClock(wallClock: Date(timeIntervalSince1970: 1_750_000_000), autoAdvancingUpTo: .seconds(5))
        let transport = ScriptedTransport([.status(429, headers: ["Retry-After": value])], clock: clock)
        let outcome = await exporter(transport, clock: clock).deliver(records(signals: false), deadline: clock.now + .seconds(30))
        #expect(outcome.exported == 2, "\(outcome)")
        try #require(transport.times.count == 2)
        #expect(transport.times[1] - transport.times[0] == .seconds(1))
        #expect(clock.sleeps.contains(.seconds(1)))
    }

    @Test func aWaitThatWouldPassTheDeadlineIsNotStartedAndTheBatchIsSpooledOnce() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = TestPipelineClock(autoAdvancingUpTo: .seconds(5))
        let transport = ScriptedTransport([.status(503, headers: ["Retry-After": "3600"])], clock: clock)
        let started = clock.now
        let outcome = await exporter(transport, spool: SpoolConfiguration(directory: directory), clock: clock)
            .deliver(records(signals: false), deadline: clock.now + .seconds(30))
        #expect(outcome.spooled == 2 && outcome.exported == 0 && outcome.failed == 0)
        #expect(outcome.error?.kind == .httpStatus(503) && outcome.error?.message.contains("would pass the export deadline") == true)
        #expect(clock.now == started, "did not sleep for the hour Retry-After asked")
        #expect(transport.requests.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == 1)
    }

    @Test func aSlowCollectorIsAbandonedAtTheDeadlineAndTheBatchSpooledOnce() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = TestPipelineClock()
        let transport = ScriptedTransport([.hang], clock: clock)
        let exporter = exporter(transport, spool: SpoolConfiguration(directory: directory), clock: clock)
        let deadline = clock.now + .seconds(5)
        let delivery = Task { await exporter.deliver(records(signals: false), deadline: deadline) }
        #expect(await clock.waitForSleepers(1), "the attempt waits for the deadline")
        #expect(await eventually { transport.requests.count == 1 })
        #expect(transport.requests.first?.timeout == .seconds(5), "the attempt gets at most the time left")
        clock.advance(by: .seconds(5))
        let outcome = await delivery.value
        #expect(outcome.spooled == 2 && outcome.error?.kind == .timeout)
        #expect(transport.requests.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == 1)
    }

    @Test(arguments: [400, 401, 403, 404, 415, 422, 500])
    func nonRetryableStatusesAreNotRetried(_ status: Int) async {
        let transport = ScriptedTransport([.status(status)])
        let result = await exporter(transport).exportResult(records(signals: false))
        #expect(result == .failure(ExportError(.httpStatus(status), "HTTP \(status) from /collector/spans for spans")))
        #expect(transport.requests.count == 1)
    }

    @Test func transportErrorsAreRetriedUntilTheAttemptsRunOut() async {
        let transport = ScriptedTransport(otherwise: .error(ExportError(.transport, "connection refused")))
        let result = await exporter(transport).exportResult(records(signals: false))
        #expect(result == .failure(ExportError(.transport, "connection refused (after 4 attempts)")))
        #expect(transport.requests.count == 4)
    }

    @Test func undeliverableBatchesAreSpooledAndReplayedWhenTheEndpointRecovers() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let spool = SpoolConfiguration(directory: directory)
        let down = ScriptedTransport(otherwise: .error(ExportError(.transport, "refused")))
        let batch = await records()
        #expect(await exporter(down, spool: spool).deliver(batch, deadline: .now + .seconds(30)).spooled == 2)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(files.count == 1 && files[0].hasSuffix(".spool"))
        let onDisk = try Data(contentsOf: directory.appendingPathComponent(files[0]))
        #expect(!String(decoding: onDisk, as: UTF8.self).contains("SECRET"), "credentials never reach the disk")

        // A later process with the same spool delivers it after its own batch.
        let up = ScriptedTransport()
        #expect(await exporter(up, spool: spool).exportResult(records(1, signals: false)) == .success)
        #expect(up.paths == ["/collector/spans", "/collector/spans", "/collector/signals/bulk"])
        #expect(up.requests[1].body == down.requests[0].body)
        #expect(up.requests[1].header("Authorization") == "Bearer sk-test-SECRET-1234")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func corruptAndForeignSpoolFilesAreReportedAndSkipped() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let spool = SpoolConfiguration(directory: directory)
        #expect(await exporter(ScriptedTransport([.error(ExportError(.transport, "down"))], otherwise: .error(ExportError(.transport, "down"))), spool: spool)
            .deliver(records(signals: false), deadline: .now + .seconds(30)).spooled == 2)
        let good = try #require(try FileManager.default.contentsOfDirectory(atPath: directory.path).first)
        let goodData = try Data(contentsOf: directory.appendingPathComponent(good))
        try goodData.prefix(goodData.count - 5).write(to: directory.appendingPathComponent("00000000000000000001-truncated.spool"))
        try Data("hello".utf8).write(to: directory.appendingPathComponent("00000000000000000002-garbage.spool"))
        try Data([0xFF, 0x00, 0x13]).write(to: directory.appendingPathComponent("notes.txt"))

        let diagnostics = DiagnosticsRecorder()
        let transport = ScriptedTransport()
        let exporter = exporter(transport, spool: spool, diagnostics: diagnostics)
        _ = await exporter.delivery.replaySpool(deadline: .now + .seconds(30))
        #expect(transport.requests.count == 1, "only the good file is sent")
        #expect(diagnostics.codes().filter { $0 == .spoolFailed }.count == 3)
        let remaining = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
        #expect(remaining == ["00000000000000000001-truncated.spool.corrupt", "00000000000000000002-garbage.spool.corrupt", "notes.txt"])
        _ = await exporter.delivery.replaySpool(deadline: .now + .seconds(30))
        #expect(diagnostics.all.count == 3, "each problem is reported once")
    }

    @Test func aFullSpoolRefusesNewBatchesInsteadOfDeletingOldOnes() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let diagnostics = DiagnosticsRecorder()
        let down = ScriptedTransport(otherwise: .error(ExportError(.transport, "refused")))
        #expect(await exporter(down, spool: SpoolConfiguration(directory: directory)).deliver(records(2, signals: false), deadline: .now + .seconds(30)).spooled == 2)
        let used = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .reduce(0) { $0 + (try $1.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0) }
        let limited = SpoolConfiguration(directory: directory, maxBytes: used * 3 / 2)
        let exporter = exporter(down, spool: limited, diagnostics: diagnostics)
        #expect(await exporter.exportResult(records(2, signals: false)) == .failure(ExportError(.transport, "refused (after 4 attempts)")))
        #expect(diagnostics.codes() == [.spoolFailed, .exportFailed], "the refused file, then the loss it causes")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == 1)
    }

    @Test func secretsNeverAppearInErrorsOrDiagnostics() async {
        let secret = "sk-test-SECRET-1234"
        let diagnostics = DiagnosticsRecorder()
        let transport = ScriptedTransport([.status(401, body: "invalid token Bearer \(secret)")])
        let exporter = exporter(transport, diagnostics: diagnostics)
        let result = await exporter.exportResult(records(signals: false))
        guard case .failure(let error) = result else { Issue.record("expected failure"); return }
        #expect(!error.description.contains(secret))
        #expect(error.description.contains("[redacted]"))
        let settings = HTTPExportSettings(headers: ["Authorization": "Bearer \(secret)"])
        #expect(!settings.description.contains(secret))
        #expect(!String(describing: exporter).contains(secret))
    }

    @Test(.enabled(if: PythonPeer.shouldRun))
    func postedBatchesValidateAgainstTheSchema() async throws {
        let transport = ScriptedTransport()
        #expect(await exporter(transport).exportResult(SpanJSONTests.representativeSpans()) == .success)
        let script = """
        import json, sys
        from jsonschema import Draft202012Validator
        schema = json.load(open(sys.argv[1]))
        batch = json.load(sys.stdin)
        assert isinstance(batch, list) and len(batch) == 4, batch
        validator = Draft202012Validator(schema)
        print(json.dumps([e.message for doc in batch for e in validator.iter_errors(doc)]))
        """
        let schema = PythonPeer.packageRoot.appendingPathComponent("Schemas/span.schema.json").path
        let output = try await PythonPeer.run(script, input: transport.requests[0].body, arguments: [schema])
        #expect(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }
}

@Suite struct PayloadTooLargeTests {
    @Test func status413SplitsTheBatchDownToTheSpanThatIsTooLarge() async throws {
        // The server accepts one span per request, and never the span named "huge".
        let transport = ScriptedTransport { request in
            guard request.url.path.hasSuffix("/spans") else { return .status(200) }
            let text = String(decoding: request.body, as: UTF8.self)
            guard case .array(let spans)? = try? JSONValue(parsing: text), spans.count == 1, spans[0]["name"] != "huge" else {
                return .status(413, body: "payload too large")
            }
            return .status(200)
        }
        let diagnostics = DiagnosticsRecorder()
        let exporter = JSONBatchExporter(
            baseURL: URL(string: "http://127.0.0.1:9")!,
            settings: HTTPExportSettings(retryPolicy: .quick, transport: transport, onDiagnostic: diagnostics.handler))
        let processor = BatchSpanProcessor(exporter: exporter, onDiagnostic: diagnostics.handler)
        let tracer = Tracer(configuration: TracerConfiguration(), processor: processor)
        for name in ["a", "b", "huge", "c", "d"] { tracer.startSpan(name, parent: .root).end() }
        await processor.shutdown()
        let statistics = processor.statistics
        #expect(statistics.exported == 4 && statistics.failed == 1 && statistics.ended == 5)
        let accepted = transport.requests.filter { request in
            guard case .array(let spans)? = try? JSONValue(parsing: String(decoding: request.body, as: UTF8.self)) else { return false }
            return spans.count == 1 && spans[0]["name"] != "huge"
        }
        #expect(accepted.count == 4, "each span delivered exactly once")
        #expect(exporter.encodedSpanCount == 5, "halves are re-framed from the spans encoded once")
        #expect(diagnostics.all.contains { $0.message.contains("'huge'") && $0.message.contains("413") })
    }
}

@Suite struct RetryAfterParsingTests {
    @Test func deltaSecondsAndHTTPDatesAreReadAgainstTheGivenWallClock() {
        let now = Date(timeIntervalSince1970: 1_750_000_000)  // Sun, 15 Jun 2025 15:06:40 GMT
        #expect(RetryPolicy.retryAfter("1", now: now) == .seconds(1))
        #expect(RetryPolicy.retryAfter("Sun, 15 Jun 2025 15:06:41 GMT", now: now) == .seconds(1))
        #expect(RetryPolicy.retryAfter("Sunday, 15-Jun-25 15:06:42 GMT", now: now) == .seconds(2))
        #expect(RetryPolicy.retryAfter("Sun, 15 Jun 2025 15:06:00 GMT", now: now) == .zero, "a date in the past means now")
        #expect(RetryPolicy.retryAfter("-3", now: now) == nil)
        #expect(RetryPolicy.retryAfter("soon", now: now) == nil)
    }
}
