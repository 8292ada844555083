import Foundation
@testable import SpanKit
import TestSupport
import Testing

/// An idle batch processor looks in its spool on its own: spans spooled during an outage reach
/// the collector once it is back even if the app ends no span afterwards, and a collector still
/// away is tried less and less often.
@Suite struct SpoolProbeTests {
    /// One attempt per export, so an outage spools the batch at once. The exporter's clock only
    /// bounds its requests; the processors' clocks move when the tests say.
    static func exporter(_ url: URL, spool directory: URL, timeout: Duration = .seconds(30)) -> OTLPExporter {
        var settings = HTTPExportSettings(timeout: timeout, retryPolicy: RetryPolicy(maxAttempts: 1), spool: SpoolConfiguration(directory: directory))
        settings.clock = TestPipelineClock(autoAdvancingUpTo: .seconds(5))
        return OTLPExporter(configuration: OTLPExporterConfiguration(endpoint: url, sendsPhoenixAnnotations: false, settings: settings))
    }

    @Test func anIdlePipelineDeliversItsSpoolOnceTheCollectorIsBackAndBacksOffMeanwhile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let handler = ScriptedHandler([], then: .status(503))
        let server = try LocalHTTPServer(handler: handler)
        defer { server.stop() }
        let exporter = Self.exporter(server.url("/v1/traces"), spool: directory)
        let clock = TestPipelineClock()
        let options = BatchSpanProcessor.Options(scheduleDelay: .seconds(5)).resolve { _ in }
        let processor = BatchSpanProcessor(exporter: exporter, options: options, clock: clock, sink: .discarding)
        let tracer = Tracer(configuration: TracerConfiguration(), processor: processor)
        for index in 0..<3 { tracer.startSpan("span-\(index)", parent: .root).end() }
        let flushed = await processor.flush(deadline: clock.now + .seconds(60))
        #expect(flushed.spooled == 3 && flushed.exported == 0, "\(flushed)")
        #expect(spoolFiles(directory).count == 1)

        /// Moves the processor's clock one schedule delay at a time, each time once the worker
        /// waits again (its timer is the clock's only sleeper then): the round before is done.
        func idle(for ticks: Int) async {
            for _ in 0..<ticks {
                #expect(await clock.waitForSleepers(1))
                clock.advance(by: .seconds(5))
            }
            #expect(await clock.waitForSleepers(1))
        }

        // Still away: tried at 5 s, then 15 s later (20 s), then 30 s later (50 s), then not
        // before 110 s.
        await idle(for: 20)
        #expect(server.requests(path: "/v1/traces").count == 1 + 3)
        #expect(spoolFiles(directory).count == 1 && processor.statistics.recoveredFromSpool == 0)

        // Back, and the app ends no span: the next round (110 s) delivers the spool.
        handler.setFallback(.ok)
        await idle(for: 1)
        #expect(server.requests(path: "/v1/traces").count == 1 + 3, "not before the backoff ends")
        await idle(for: 1)
        #expect(server.requests(path: "/v1/traces").count == 1 + 3 + 1)
        #expect(processor.statistics.recoveredFromSpool == 3)
        #expect(spoolFiles(directory).isEmpty)
        let requests = server.requests(path: "/v1/traces")
        #expect(requests.last?.decodedBody == requests.first?.decodedBody, "the spooled batch, as the failed export sent it")

        // An empty spool: later rounds send nothing.
        await idle(for: 3)
        #expect(server.requests(path: "/v1/traces").count == 5)
        _ = await tracer.shutdown(deadline: .now + .seconds(30))
    }

    /// The next process: a spool left by one that exited during an outage is delivered at the
    /// new pipeline's first idle moment, before it ends any span.
    @Test func aSpoolLeftByAnEarlierProcessIsDeliveredWithoutANewSpan() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try LocalHTTPServer()
        defer { server.stop() }
        func exporter(_ url: URL) -> OTLPExporter { Self.exporter(url, spool: directory) }
        let earlier = TestTracer()
        for index in 0..<4 { earlier.tracer.startSpan("earlier-\(index)", parent: .root).end() }
        // A server of its own: a port found unused may be another test's by the time it is used.
        let unavailable = try LocalHTTPServer(respondingWith: .status(503))
        defer { unavailable.stop() }
        let outage = unavailable.url("/v1/traces")
        try #require(await exporter(outage).deliver(earlier.exporter.spans, deadline: .now + .seconds(30)).spooled == 4)

        let clock = TestPipelineClock()
        let options = BatchSpanProcessor.Options(scheduleDelay: .seconds(5)).resolve { _ in }
        let processor = BatchSpanProcessor(exporter: exporter(server.url("/v1/traces")), options: options, clock: clock, sink: .discarding)
        // Not on a flush: it wants the spans ended so far out, and there are none. Checked once
        // the worker went round its loop for the flush and set its next timer.
        #expect(await clock.waitForSleepers(1))
        let sleepsBefore = clock.sleeps.count
        _ = await processor.flush(deadline: clock.now + .seconds(60))
        #expect(await eventually { clock.sleeps.dropFirst(sleepsBefore).contains(.seconds(5)) && clock.sleeperCount >= 1 })
        #expect(server.requests(path: "/v1/traces").isEmpty)
        clock.advance(by: .seconds(5))
        #expect(await clock.waitForSleepers(1))
        #expect(server.requests(path: "/v1/traces").count == 1)
        #expect(processor.statistics.recoveredFromSpool == 4)
        #expect(spoolFiles(directory).isEmpty)
        _ = await processor.shutdown(deadline: .now + .seconds(30))
    }

    /// A schedule delay that finds spans to export is not an idle one: no round of replay
    /// follows the export (it would only add a request to a collector that just failed one).
    @Test func aTickThatExportsDoesNotAlsoProbe() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        // A server of its own: a port found unused may be another test's by the time it is used.
        let unavailable = try LocalHTTPServer(respondingWith: .status(503))
        defer { unavailable.stop() }
        let outage = unavailable.url("/v1/traces")
        let earlier = TestTracer()
        earlier.tracer.startSpan("earlier", parent: .root).end()
        try #require(await Self.exporter(outage, spool: directory).deliver(earlier.exporter.spans, deadline: .now + .seconds(30)).spooled == 1)
        let server = try LocalHTTPServer(respondingWith: .status(503))
        defer { server.stop() }
        let clock = TestPipelineClock()
        let options = BatchSpanProcessor.Options(scheduleDelay: .seconds(5)).resolve { _ in }
        let processor = BatchSpanProcessor(exporter: Self.exporter(server.url("/v1/traces"), spool: directory), options: options, clock: clock, sink: .discarding)
        let tracer = Tracer(configuration: TracerConfiguration(), processor: processor)
        tracer.startSpan("partial batch", parent: .root).end()
        #expect(await clock.waitForSleepers(1))
        clock.advance(by: .seconds(5))
        #expect(await eventually { processor.statistics.spooled == 1 })
        #expect(await clock.waitForSleepers(1))
        #expect(server.requests(path: "/v1/traces").count == 1, "the export only")
        _ = await tracer.shutdown(deadline: .now + .seconds(30))
    }

    /// A round of replay waiting on a collector that never answers cannot hold a shutdown past
    /// its deadline: the round is cancelled there, and its file goes back to the spool.
    @Test func aShutdownDuringARoundAgainstASilentCollectorEndsByItsDeadline() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try LocalHTTPServer(respondingWith: .neverAnswer)
        defer { server.stop() }
        func exporter(_ url: URL) -> OTLPExporter { Self.exporter(url, spool: directory, timeout: .seconds(300)) }
        let earlier = TestTracer()
        earlier.tracer.startSpan("earlier", parent: .root).end()
        // A server of its own: a port found unused may be another test's by the time it is used.
        let unavailable = try LocalHTTPServer(respondingWith: .status(503))
        defer { unavailable.stop() }
        let outage = unavailable.url("/v1/traces")
        try #require(await exporter(outage).deliver(earlier.exporter.spans, deadline: .now + .seconds(30)).spooled == 1)

        let clock = TestPipelineClock()
        let options = BatchSpanProcessor.Options(scheduleDelay: .seconds(5), exportTimeout: .seconds(300)).resolve { _ in }
        let processor = BatchSpanProcessor(exporter: exporter(server.url("/v1/traces")), options: options, clock: clock, sink: .discarding)
        #expect(await clock.waitForSleepers(1))
        clock.advance(by: .seconds(5))
        _ = try await server.waitForRequests(count: 1)  // the round's request, never answered

        let started = ContinuousClock.now
        let shutdown = Task { await processor.shutdown(deadline: clock.now + .seconds(2)) }
        #expect(await clock.waitForSleepers(1), "the shutdown's timer on the round")
        clock.advance(by: .seconds(2))
        _ = await shutdown.value
        #expect(ContinuousClock.now - started < .seconds(60), "not the round's 300 s")
        #expect(spoolFiles(directory).count == 1, "back in the spool for the next process")
    }

    private func spoolFiles(_ directory: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".spool") }
    }
}
