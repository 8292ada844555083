import Foundation
@testable import SpanKit
import TestSupport
import Testing

/// What a full queue does: spill to the spool (lossless) when the exporter has one, otherwise
/// drop the newest span, or wait a bounded time for room when asked to.
@Suite struct FullQueueTests {
    /// The span names in a JSON span batch.
    static func names(in request: RecordedRequest) -> [String] {
        guard case .array(let spans)? = try? JSONValue(parsing: request.bodyText) else { return [] }
        return spans.compactMap { $0["name"].flatMap { if case .string(let name) = $0 { name } else { nil } } }
    }

    /// A burst from 8 tasks into a collector that answers 503: the queue (64) overflows, the
    /// overflow is spilled to the spool, and the failed exports are spooled too. After the
    /// collector recovers, one export's success replays the whole spool: every span arrives
    /// exactly once, by the collector's own count, and the accounting is exact.
    @Test func burstIntoAStalledCollectorWithASpoolLosesNothingAndIsDeliveredOnce() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let stalled = LockedValue(true)
        let received = LockedValue<[String: Int]>([:])
        let server = try LocalHTTPServer { request in
            guard request.path == "/spans" else { return .ok }
            if stalled.current { return .status(503) }
            let names = Self.names(in: request)
            received.withLock { for name in names { $0[name, default: 0] += 1 } }
            return .ok
        }
        defer { server.stop() }
        let diagnostics = DiagnosticsRecorder()
        let settings = HTTPExportSettings(retryPolicy: .none, spool: SpoolConfiguration(directory: directory))
        let exporter = JSONBatchExporter(baseURL: server.baseURL, settings: settings)
        let processor = BatchSpanProcessor(
            exporter: exporter, options: .init(maxQueueSize: 64, maxExportBatchSize: 16, scheduleDelay: .milliseconds(20)),
            onDiagnostic: diagnostics.handler)
        let tracer = Tracer(configuration: TracerConfiguration(), processor: processor)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask { for index in 0..<500 { tracer.startSpan("t\(task)-\(index)", parent: .root).end() } }
            }
        }
        #expect(await processor.flush(deadline: .now + .seconds(60)).pending == 0)
        let burst = processor.statistics
        #expect(burst.ended == 4_000 && burst.pending == 0)
        #expect(burst.spooled == 4_000 && burst.exported == 0 && burst.failed == 0 && burst.dropped == 0, "\(burst)")
        #expect(received.current.isEmpty)

        stalled.withLock { $0 = false }
        tracer.startSpan("after", parent: .root).end()
        let recovery = await processor.flush(deadline: .now + .seconds(60))
        #expect(recovery.exported == 1)
        #expect(await eventually { received.current.count == 4_001 }, "every span arrives: \(received.current.count)")
        let statistics = await processor.shutdown()
        #expect(statistics.dropped == 0 && statistics.failed == 0)
        let total = processor.statistics
        #expect(total.ended == 4_001 && total.exported + total.spooled + total.failed + total.dropped == total.ended, "\(total)")
        #expect(total.exported == 1 && total.spooled == 4_000 && total.recoveredFromSpool == 4_000, "\(total)")
        #expect(received.current.values.allSatisfy { $0 == 1 }, "no span delivered twice")
        let expected = Set((0..<8).flatMap { task in (0..<500).map { "t\(task)-\($0)" } } + ["after"])
        #expect(Set(received.current.keys) == expected)
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".spool") }
        #expect(left.isEmpty, "the spool is drained")
        #expect(!diagnostics.codes().contains(.spansDropped))
    }

    /// With `fullQueueWait`, `end()` on a full queue waits for room; it gets in as soon as the
    /// worker takes a batch, and nothing is dropped. While an export hangs the worker holds two
    /// batches (the one on the wire and the next, encoded) beside the full queue.
    @Test func fullQueueWaitLetsTheProducerInWhenRoomAppears() async throws {
        let exporter = ScriptedExporter(hold: true)
        let processor = BatchSpanProcessor(
            exporter: exporter,
            options: .init(maxQueueSize: 10, maxExportBatchSize: 5, scheduleDelay: .seconds(60), fullQueueWait: .seconds(30)))
        let tracer = Tracer(configuration: TracerConfiguration(), processor: processor)
        for index in 0..<5 { tracer.startSpan("first-\(index)").end() }
        #expect(await eventually { exporter.exportedBatches.count == 1 })  // held in flight
        // The worker takes five as the next batch (waiting behind the first); ten fill the queue.
        for index in 0..<15 { tracer.startSpan("second-\(index)").end() }
        let finished = LockedValue(false)
        let producer = Thread {
            tracer.startSpan("waiting").end()
            finished.withLock { $0 = true }
        }
        producer.start()
        try await Task.sleep(for: .milliseconds(100))
        #expect(!finished.current, "end() waits while the queue is full")
        #expect(processor.statistics.ended == 20)
        exporter.release()
        #expect(await eventually { finished.current })
        await processor.shutdown()
        let statistics = processor.statistics
        #expect(statistics.ended == 21 && statistics.exported == 21 && statistics.dropped == 0)
        #expect(exporter.exportedBatches.flatMap { $0 }.map(\.name).last == "waiting")
    }

    /// The wait is bounded: without room in time the span is dropped and counted.
    @Test func fullQueueWaitIsBoundedThenTheSpanIsDropped() async {
        let exporter = ScriptedExporter(hold: true)
        let diagnostics = DiagnosticsRecorder()
        let processor = BatchSpanProcessor(
            exporter: exporter,
            options: .init(maxQueueSize: 10, maxExportBatchSize: 5, scheduleDelay: .seconds(60), fullQueueWait: .milliseconds(50)),
            onDiagnostic: diagnostics.handler)
        let tracer = Tracer(configuration: TracerConfiguration(), processor: processor)
        for index in 0..<5 { tracer.startSpan("first-\(index)").end() }
        #expect(await eventually { exporter.exportedBatches.count == 1 })
        // The worker takes one more batch while the first is held; only then is the queue's
        // room known (a loaded machine may take longer than the wait below to get there).
        for index in 0..<5 { tracer.startSpan("second-\(index)").end() }
        #expect(await eventually { processor.state.withLock { $0.inFlight == 10 } })
        for index in 0..<10 { tracer.startSpan("third-\(index)").end() }
        #expect(processor.statistics.dropped == 0, "the queue holds 10")
        let start = ContinuousClock.now
        tracer.startSpan("late").end()
        #expect(ContinuousClock.now - start >= .milliseconds(50))
        #expect(processor.statistics.dropped == 1)
        #expect(diagnostics.codes() == [.spansDropped])
        exporter.release()
        await processor.shutdown()
        let statistics = processor.statistics
        #expect(statistics.exported == 20 && statistics.dropped == 1 && statistics.ended == 21)
    }

    @Test func theConfigurationCarriesTheWaitToTheProcessor() {
        var configuration = SpanKitSystem.Configuration(destination: .otlp, environment: [:])
        #expect(ConfigurationResolver.resolve(configuration).batch.fullQueueWait == nil, "never waits by default")
        configuration.fullQueueWait = .milliseconds(20)
        #expect(ConfigurationResolver.resolve(configuration).batch.resolve { _ in }.fullQueueWait == .milliseconds(20))
    }

    @Test func aNonPositiveWaitIsReportedAndNeverWaits() {
        var reported: [Diagnostic] = []
        let options = BatchSpanProcessor.Options(fullQueueWait: .zero).resolve { reported.append($0) }
        #expect(options.fullQueueWait == nil)
        #expect(reported.map(\.code) == [.invalidConfiguration])
    }
}

/// A transport that takes a moment per request and records the bodies in arrival order and
/// the most requests it ever had in flight at once.
private final class OverlapProbeTransport: HTTPTransport, @unchecked Sendable {
    // All state is guarded by `lock`.
    private let lock = NSLock()
    private var inFlight = 0
    private(set) var maximumInFlight = 0
    private(set) var bodies: [Data] = []

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        lock.withLock {
            inFlight += 1
            maximumInFlight = max(maximumInFlight, inFlight)
            bodies.append(request.body)
        }
        try? await Task.sleep(for: .milliseconds(1))
        lock.withLock { inFlight -= 1 }
        return HTTPResponse(status: 200, headers: [:], body: Data())
    }

    var snapshot: (maximum: Int, bodies: [Data]) { lock.withLock { (maximumInFlight, bodies) } }
}

@Suite struct ExportPipeliningTests {
    /// The worker encodes the next batch while the previous one is on the wire, but sends one
    /// request at a time, in queue order: each producer's spans arrive in the order they ended.
    @Test func batchesAreEncodedAheadButSentOneAtATimeInOrder() async {
        let transport = OverlapProbeTransport()
        let exporter = JSONBatchExporter(baseURL: URL(string: "http://127.0.0.1:9")!, settings: HTTPExportSettings(transport: transport))
        let processor = BatchSpanProcessor(
            exporter: exporter, options: .init(maxQueueSize: 10_000, maxExportBatchSize: 16, scheduleDelay: .milliseconds(5)))
        let tracer = Tracer(configuration: TracerConfiguration(), processor: processor)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<4 {
                group.addTask { for index in 0..<200 { tracer.startSpan("t\(task)-\(index)", parent: .root).end() } }
            }
        }
        await processor.shutdown()
        let (maximum, bodies) = transport.snapshot
        #expect(maximum == 1, "never two exports on the wire")
        let names = bodies.flatMap { body -> [String] in
            guard case .array(let spans)? = try? JSONValue(parsing: String(decoding: body, as: UTF8.self)) else { return [] }
            return spans.compactMap { $0["name"].flatMap { if case .string(let name) = $0 { name } else { nil } } }
        }
        #expect(names.count == 800 && processor.statistics.exported == 800)
        for task in 0..<4 {
            #expect(names.filter { $0.hasPrefix("t\(task)-") } == (0..<200).map { "t\(task)-\($0)" })
        }
    }
}
