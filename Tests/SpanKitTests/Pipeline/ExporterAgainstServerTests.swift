import Foundation
@testable import SpanKit
import TestSupport
import Testing

/// The HTTP exporters against a misbehaving local server (real sockets on 127.0.0.1).
@Suite struct ExporterAgainstServerTests {
    func records(signals: Bool = true) async -> [SpanRecord] {
        let test = TestTracer()
        await withSession("chat-9") {
            test.tracer.withSpan("root") { root in
                if signals {
                    root.addSignal("helpful", true)
                    root.addSignal("csat", "4.5", target: .session)
                }
                test.tracer.withSpan("llm", kind: .llm) { span in span.setTokenCounts(prompt: 3, completion: 1) }
            }
        }
        return test.exporter.spans
    }

    /// An exporter whose retry and `Retry-After` waits pass at once on `clock`; the server and
    /// its request timeout (30 s, ample on a loaded machine) are real.
    func otlp(
        _ server: LocalHTTPServer, spool: SpoolConfiguration? = nil, policy: RetryPolicy = .quick,
        clock: TestPipelineClock = TestPipelineClock(autoAdvancingUpTo: .seconds(5))
    ) -> OTLPExporter {
        var settings = HTTPExportSettings(timeout: .seconds(30), retryPolicy: policy, spool: spool)
        settings.clock = clock
        return OTLPExporter(configuration: OTLPExporterConfiguration(
            endpoint: server.url("/v1/traces"), sendsPhoenixAnnotations: false, settings: settings))
    }

    @Test func status503Then200DeliversOnce() async throws {
        let server = try LocalHTTPServer(handler: ScriptedHandler([.status(503)], then: .ok))
        defer { server.stop() }
        let batch = await records(signals: false)
        #expect(await otlp(server).exportResult(batch) == .success)
        let requests = server.requests(path: "/v1/traces")
        #expect(requests.count == 2)
        #expect(requests[0].decodedBody == requests[1].decodedBody, "the retry sends the same batch")
    }

    @Test func status429WithRetryAfterWaitsThatLongOnThePipelineClock() async throws {
        let server = try LocalHTTPServer(handler: ScriptedHandler([.retryAfter(seconds: 2)], then: .ok))
        defer { server.stop() }
        let clock = TestPipelineClock(autoAdvancingUpTo: .seconds(5))
        let started = clock.now
        #expect(await otlp(server, clock: clock).exportResult(records(signals: false)) == .success)
        #expect(server.requests(path: "/v1/traces").count == 2)
        #expect(clock.sleeps.contains(.seconds(2)) && clock.now - started == .seconds(2), "the wait the header asked for, not the backoff")
    }

    @Test func status400IsNotRetriedAndCountsAsFailed() async throws {
        let server = try LocalHTTPServer(handler: ScriptedHandler([.status(400, body: "bad span")], then: .ok))
        defer { server.stop() }
        let diagnostics = DiagnosticsRecorder()
        let processor = BatchSpanProcessor(exporter: otlp(server), onDiagnostic: diagnostics.handler)
        let tracer = Tracer(configuration: TracerConfiguration(), processor: processor)
        tracer.withSpan("rejected") { _ in }
        await processor.shutdown()
        #expect(server.requests(path: "/v1/traces").count == 1)
        #expect(processor.statistics.failed == 1 && processor.statistics.ended == 1)
        #expect(diagnostics.all.first?.message.contains("HTTP 400") == true)
    }

    /// A tracer the app keeps after shutting it down (a global one, say) holds no socket: the
    /// exporter's keep-alive connection is closed at shutdown, not when the tracer is dropped.
    @Test(arguments: [false, true])
    func shutdownClosesTheKeptAliveConnection(simpleProcessor: Bool) async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let exporter = otlp(server)
        let processor: any SpanProcessor = simpleProcessor
            ? SimpleSpanProcessor(exporter: exporter) : BatchSpanProcessor(exporter: exporter)
        let tracer = Tracer(configuration: TracerConfiguration(), processor: processor)
        tracer.withSpan("exported") { _ in }
        _ = await tracer.flush()
        #expect(server.requests(path: "/v1/traces").count == 1)
        #expect(await eventually { server.statistics.connectionsOpen == 1 }, "kept alive for the next export")

        let result = await tracer.shutdown()
        #expect(result.exported == 0 && result.dropped == 0)
        // The server sees the connection end while the tracer is still held.
        #expect(await eventually { server.statistics.connectionsOpen == 0 })
        withExtendedLifetime(tracer) {}

        // The exporter still works afterwards (a signal sent late, an exporter shared), on a
        // new connection.
        let accepted = server.statistics.connectionsAccepted
        #expect(await exporter.exportResult(records(signals: false)) == .success)
        #expect(server.statistics.connectionsAccepted == accepted + 1)
    }

    @Test func refusedConnectionSpoolsAndALaterExporterDelivers() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let spool = SpoolConfiguration(directory: directory)
        let port = try LocalHTTPServer.unusedPort()
        var settings = HTTPExportSettings(retryPolicy: .quick, spool: spool)
        settings.clock = TestPipelineClock(autoAdvancingUpTo: .seconds(5))  // retry waits pass at once
        let unreachable = OTLPExporter(configuration: OTLPExporterConfiguration(
            endpoint: URL(string: "http://127.0.0.1:\(port)/v1/traces")!, sendsPhoenixAnnotations: false,
            settings: settings))
        let processor = BatchSpanProcessor(exporter: unreachable)
        let tracer = Tracer(configuration: TracerConfiguration(), processor: processor)
        tracer.withSpan("offline") { _ in tracer.withSpan("child") { _ in } }
        await processor.shutdown()
        #expect(processor.statistics.spooled == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == 1)

        // A new exporter (as a new process would create), configured with another endpoint,
        // delivers the spooled batch there, one attempt for the file.
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let recovered = otlp(server, spool: spool)
        #expect(await recovered.delivery.replaySpool(deadline: .now + .seconds(30)) == 2)
        #expect(server.requests(path: "/v1/traces").count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test(.enabled(if: PythonPeer.shouldRun))
    func jsonBatchesValidateAndSignalsFollowAcceptedSpans() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let exporter = JSONBatchExporter(baseURL: server.baseURL, apiKey: "key-123", settings: HTTPExportSettings(retryPolicy: .quick))
        #expect(await exporter.exportResult(SpanJSONTests.representativeSpans()) == .success)
        let requests = server.requests
        #expect(requests.map(\.path) == ["/spans", "/signals/bulk"])
        #expect(requests[1].receivedAt >= requests[0].completedAt ?? requests[0].receivedAt)
        #expect(requests[0].header("Authorization") == "Bearer key-123")
        let reply = try await Self.validate(spans: requests[0].bodyText, signals: requests[1].bodyText)
        #expect(reply["errors"] == [])
        #expect(reply["spans"] == 4 && reply["signals"] == 4)

        let rejecting = try LocalHTTPServer(handler: ScriptedHandler([.status(500)], then: .ok))
        defer { rejecting.stop() }
        let failing = JSONBatchExporter(baseURL: rejecting.baseURL, settings: HTTPExportSettings(retryPolicy: .quick))
        #expect(await failing.exportResult(records()) != .success)
        #expect(rejecting.requests.map(\.path) == ["/spans"], "no signals for spans that were not accepted")
    }

    /// Validates a `/spans` body and a `/signals/bulk` body against `Schemas/span.schema.json`
    /// with Python's `jsonschema`: `{"errors": [...], "spans": n, "signals": n}`.
    static func validate(spans: String, signals: String) async throws -> JSONValue {
        let script = """
        import json, sys
        from jsonschema import Draft202012Validator
        schema = json.load(open(sys.argv[1]))
        spans, signals = json.load(sys.stdin)
        validator = Draft202012Validator(schema)
        errors = [e.message for doc in spans for e in validator.iter_errors(doc)]
        signal_schema = dict(schema["$defs"]["signal"]); signal_schema["$defs"] = schema["$defs"]
        errors += [e.message for s in signals["signals"] for e in Draft202012Validator(signal_schema).iter_errors(s)]
        print(json.dumps({"errors": errors, "spans": len(spans), "signals": len(signals["signals"])}))
        """
        let input = "[" + spans + "," + signals + "]"
        let schema = PythonPeer.packageRoot.appendingPathComponent("Schemas/span.schema.json").path
        return try JSONValue(parsing: String(decoding: try await PythonPeer.run(script, input: Data(input.utf8), arguments: [schema]), as: UTF8.self))
    }
}
