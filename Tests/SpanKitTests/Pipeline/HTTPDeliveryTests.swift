import Foundation
@testable import SpanKit
import TestSupport
import Testing

@Suite struct HTTPDeliveryTests {
    static let base = URL(string: "http://127.0.0.1:9/collector")!

    func records(_ count: Int = 2, signals: Bool = true) -> [SpanRecord] {
        let test = TestTracer()
        withSession("chat-7") {
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

    func exporter(_ transport: ScriptedTransport, spool: SpoolConfiguration? = nil, policy: RetryPolicy = .quick,
                  diagnostics: DiagnosticsRecorder = DiagnosticsRecorder()) -> JSONBatchExporter {
        JSONBatchExporter(
            baseURL: Self.base, apiKey: "sk-test-SECRET-1234",
            settings: HTTPExportSettings(retryPolicy: policy, spool: spool, transport: transport, onDiagnostic: diagnostics.handler))
    }

    @Test func spansThenSignalsWithBearerAuth() async throws {
        let transport = ScriptedTransport()
        let result = await exporter(transport).export(records())
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
        let result = await exporter(transport).export(records())
        #expect(result == .failure(ExportError(.httpStatus(400), "HTTP 400 from /collector/spans for spans: bad")))
        #expect(transport.paths == ["/collector/spans"])
    }

    @Test func status503ThenSuccessDeliversOnce() async {
        let transport = ScriptedTransport([.status(503), .status(503)])
        let exporter = exporter(transport)
        #expect(await exporter.export(records(signals: false)) == .success)
        #expect(transport.paths == ["/collector/spans", "/collector/spans", "/collector/spans"])
        #expect(exporter.retriedSpanCount == 4)
    }

    @Test func retryAfterIsHonoured() async {
        let transport = ScriptedTransport([.status(429, headers: ["Retry-After": "1"])])
        let started = ContinuousClock.now
        #expect(await exporter(transport).export(records(signals: false)) == .success)
        let waited = transport.times[1] - transport.times[0]
        // The lower bound is the point; the upper one only catches a runaway backoff, and stays
        // loose because CI runs this under ThreadSanitizer on a busy two-core machine.
        #expect(waited >= .milliseconds(950) && waited < .seconds(60))
        #expect(ContinuousClock.now - started < .seconds(90))
    }

    @Test func retryAfterBeyondTheTimeBudgetGivesUpAtOnce() async {
        let transport = ScriptedTransport([.status(503, headers: ["Retry-After": "3600"])])
        let started = ContinuousClock.now
        let result = await exporter(transport).export(records(signals: false))
        guard case .failure(let error) = result else { Issue.record("expected failure"); return }
        #expect(error.kind == .httpStatus(503) && error.message.contains("gave up"))
        #expect(ContinuousClock.now - started < .seconds(30), "did not sleep for the hour Retry-After asked")
    }

    @Test(arguments: [400, 401, 403, 404, 415, 422, 500])
    func nonRetryableStatusesAreNotRetried(_ status: Int) async {
        let transport = ScriptedTransport([.status(status)])
        let result = await exporter(transport).export(records(signals: false))
        #expect(result == .failure(ExportError(.httpStatus(status), "HTTP \(status) from /collector/spans for spans")))
        #expect(transport.requests.count == 1)
    }

    @Test func transportErrorsAreRetriedUntilTheAttemptsRunOut() async {
        let transport = ScriptedTransport(otherwise: .error(ExportError(.transport, "connection refused")))
        let result = await exporter(transport).export(records(signals: false))
        #expect(result == .failure(ExportError(.transport, "connection refused (after 4 attempts)")))
        #expect(transport.requests.count == 4)
    }

    @Test func undeliverableBatchesAreSpooledAndReplayedWhenTheEndpointRecovers() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let spool = SpoolConfiguration(directory: directory)
        let down = ScriptedTransport(otherwise: .error(ExportError(.transport, "refused")))
        let batch = records()
        #expect(await exporter(down, spool: spool).export(batch) == .spooled)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(files.count == 1 && files[0].hasSuffix(".spool"))
        let onDisk = try Data(contentsOf: directory.appendingPathComponent(files[0]))
        #expect(!String(decoding: onDisk, as: UTF8.self).contains("SECRET"), "credentials never reach the disk")

        // A later process with the same spool delivers it after its own batch.
        let up = ScriptedTransport()
        #expect(await exporter(up, spool: spool).export(records(1, signals: false)) == .success)
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
            .export(records(signals: false)) == .spooled)
        let good = try #require(try FileManager.default.contentsOfDirectory(atPath: directory.path).first)
        let goodData = try Data(contentsOf: directory.appendingPathComponent(good))
        try goodData.prefix(goodData.count - 5).write(to: directory.appendingPathComponent("00000000000000000001-truncated.spool"))
        try Data("hello".utf8).write(to: directory.appendingPathComponent("00000000000000000002-garbage.spool"))
        try Data([0xFF, 0x00, 0x13]).write(to: directory.appendingPathComponent("notes.txt"))

        let diagnostics = DiagnosticsRecorder()
        let transport = ScriptedTransport()
        let exporter = exporter(transport, spool: spool, diagnostics: diagnostics)
        await exporter.flush()
        #expect(transport.requests.count == 1, "only the good file is sent")
        #expect(diagnostics.codes().filter { $0 == .spoolFailed }.count == 3)
        let remaining = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
        #expect(remaining == ["00000000000000000001-truncated.spool.corrupt", "00000000000000000002-garbage.spool.corrupt", "notes.txt"])
        await exporter.flush()
        #expect(diagnostics.all.count == 3, "each problem is reported once")
    }

    @Test func aFullSpoolRefusesNewBatchesInsteadOfDeletingOldOnes() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let diagnostics = DiagnosticsRecorder()
        let down = ScriptedTransport(otherwise: .error(ExportError(.transport, "refused")))
        #expect(await exporter(down, spool: SpoolConfiguration(directory: directory)).export(records(2, signals: false)) == .spooled)
        let used = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .reduce(0) { $0 + (try $1.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0) }
        let limited = SpoolConfiguration(directory: directory, maxBytes: used * 3 / 2)
        let exporter = exporter(down, spool: limited, diagnostics: diagnostics)
        #expect(await exporter.export(records(2, signals: false)) == .failure(ExportError(.transport, "refused (after 4 attempts)")))
        #expect(diagnostics.codes() == [.spoolFailed])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == 1)
    }

    @Test func secretsNeverAppearInErrorsOrDiagnostics() async {
        let secret = "sk-test-SECRET-1234"
        let diagnostics = DiagnosticsRecorder()
        let transport = ScriptedTransport([.status(401, body: "invalid token Bearer \(secret)")])
        let exporter = exporter(transport, diagnostics: diagnostics)
        let result = await exporter.export(records(signals: false))
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
        #expect(await exporter(transport).export(SpanJSONTests.representativeSpans()) == .success)
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
        let output = try PythonPeer.run(script, input: transport.requests[0].body, arguments: [schema])
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
        #expect(diagnostics.all.contains { $0.message.contains("'huge'") && $0.message.contains("413") })
    }
}
