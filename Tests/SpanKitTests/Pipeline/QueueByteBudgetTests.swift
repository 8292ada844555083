import Foundation
@testable import SpanKit
import TestSupport
import Testing

/// The batch processor's byte budget, against a collector that takes requests and never
/// answers (real sockets on 127.0.0.1): what the budget holds stays held, exactly, and every
/// span past it is spilled (with a spool) or dropped (without), counted.
@Suite struct QueueByteBudgetTests {
    static let spanCount = 30
    /// Spans the budget holds: it is this many spans and a half.
    static let heldCount = 10

    /// An OTLP exporter to `server` whose one attempt outlasts the test however loaded the
    /// machine (a 10-minute request timeout; the test's shutdown abandons it).
    func exporter(_ server: LocalHTTPServer, spool: SpoolConfiguration? = nil) -> OTLPExporter {
        let settings = HTTPExportSettings(timeout: .seconds(600), retryPolicy: RetryPolicy(maxAttempts: 1), spool: spool)
        return OTLPExporter(configuration: OTLPExporterConfiguration(
            endpoint: server.url("/v1/traces"), sendsPhoenixAnnotations: false, settings: settings))
    }

    /// Starts a span of the same size as every other: a fixed-width name and ten 10 KB values.
    func largeSpan(_ index: Int, tracer: Tracer) -> Span {
        let span = tracer.startSpan("large-" + String(repeating: "0", count: 3 - String(index).count) + String(index))
        for message in 0..<10 {
            span.setAttribute("llm.input_messages.\(message).message.content", .string(String(repeating: "m", count: 10_000)))
        }
        return span
    }

    /// Ends the spans into a processor whose byte budget holds ``heldCount`` of them and a half:
    /// half of those first, which the worker takes (a span per batch: a batch is at most a
    /// thirty-second of the budget) and puts on the wire, where they stall; then the rest.
    /// Returns the processor, the size of one span, the budget and the diagnostics.
    func endLargeSpans(into exporter: OTLPExporter, server: LocalHTTPServer) async throws -> (BatchSpanProcessor, size: Int, budget: Int, DiagnosticsRecorder) {
        let diagnostics = DiagnosticsRecorder()
        let size = endedSize(largeSpan(0, tracer: TestTracer().tracer))
        let options = BatchSpanProcessor.ResolvedOptions(
            maxQueueSize: 2048, maxExportBatchSize: 512, scheduleDelay: .seconds(600), exportTimeout: .seconds(600),
            maxQueueBytes: Self.heldCount * size + size / 2)
        let processor = BatchSpanProcessor(
            exporter: exporter, options: options, clock: SystemPipelineClock(), sink: DiagnosticSink(handler: diagnostics.handler))
        let tracer = Tracer(configuration: TracerConfiguration(), processor: processor)
        for index in 0..<Self.spanCount {
            let span = largeSpan(index, tracer: tracer)
            span.end()
            #expect(span.queuedByteCount == size, "every span has the same size")
            if index == Self.heldCount / 2 - 1 {
                _ = try await server.waitForRequests(count: 1)
                #expect(processor.state.withLock { $0.inFlight > 0 && $0.inFlightBytes > 0 }, "taken by the worker, charged")
                // Both batches out and charged their encodings before the queue fills: a batch
                // taken from a full queue is charged four times its estimate on top of it, so
                // a worker late on a loaded machine would leave more held than the budget.
                #expect(await eventually { processor.state.withLock { $0.exports.count == 2 } })
            }
        }
        // The worker holds two batches out (the one on the wire and the next, encoded): wait
        // until it charged both their encodings.
        #expect(await eventually { processor.state.withLock { $0.exports.count == 2 } })
        return (processor, size, options.maxQueueBytes, diagnostics)
    }

    /// Checks that the budget is full and never passed: what the queue and the worker hold
    /// fits, one more span would not.
    func expectFull(_ processor: BatchSpanProcessor, size: Int, budget: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let held = heldBytes(processor)
        #expect(held <= budget && held + size > budget, "held \(held) of \(budget)", sourceLocation: sourceLocation)
    }

    /// Ends `span` and returns the size it was measured at.
    func endedSize(_ span: Span) -> Int {
        span.end()
        return span.queuedByteCount
    }

    /// The bytes the queue's spans and the worker's batches (their encodings, once encoded) hold.
    func heldBytes(_ processor: BatchSpanProcessor) -> Int {
        processor.state.withLock { $0.ring.byteCount + $0.inFlightBytes }
    }

    @Test func largeSpansSizeByTheirText() {
        let tracer = TestTracer().tracer
        let small = tracer.startSpan("s")
        let large = largeSpan(1, tracer: tracer)
        #expect(large.queuedByteCount == 0, "measured when the span ends")
        #expect(endedSize(small) < 1_024, "a small span is estimated small")
        #expect((100_000..<103_000).contains(endedSize(large)), "ten 10 KB values and their keys: \(large.queuedByteCount)")
    }

    /// A span ended at a time of its caller's (work timed elsewhere) is sized as any other; it
    /// was counted as nothing before, so a queue of them was not bounded by the byte budget.
    @Test func aSpanEndedAtAnExplicitTimeIsSizedToo() {
        let tracer = TestTracer().tracer
        let large = largeSpan(1, tracer: tracer)
        large.end(at: Date())
        #expect((100_000..<103_000).contains(large.queuedByteCount), "\(large.queuedByteCount)")
    }

    @Test func theRingTakesBatchesByBytesAndAlwaysTheFirstSpan() {
        let tracer = TestTracer().tracer
        var ring = SpanRing(capacity: 8)
        for size in [100, 300, 50, 500, 10] { ring.append(EndedSpan(recording: tracer.startSpan("s")), bytes: size) }
        #expect(ring.byteCount == 960)
        #expect(ring.removeFirst(upTo: 8, bytes: 450).bytes == 450, "100 + 300 + 50")
        #expect(ring.removeFirst(upTo: 8, bytes: 100).bytes == 500, "the first span alone, larger than the limit")
        #expect(ring.removeFirst(upTo: 8, bytes: 100).bytes == 10 && ring.isEmpty && ring.byteCount == 0)
    }

    @Test func withoutASpoolSpansPastTheBudgetAreDroppedAndCountedExactly() async throws {
        let server = try LocalHTTPServer(respondingWith: .neverAnswer)
        defer { server.stop() }
        let (processor, size, budget, diagnostics) = try await endLargeSpans(into: exporter(server), server: server)
        let statistics = processor.statistics
        #expect(statistics.ended == Self.spanCount && statistics.dropped > 0, "\(statistics)")
        #expect(statistics.pending + statistics.dropped == Self.spanCount, "every span held or dropped and counted: \(statistics); \(diagnostics.all.map(\.message))")
        expectFull(processor, size: size, budget: budget)
        let dropped = diagnostics.all.filter { $0.code == .spansDropped }
        #expect(dropped.count == 1 && dropped[0].message.contains("the queue's \(Wording.bytes(budget)) budget is full"))

        let result = await processor.shutdown(deadline: .now + .milliseconds(300))
        let final = processor.statistics
        #expect(final.exported + final.spooled + final.failed + final.dropped == final.ended)
        #expect(final.dropped + final.failed == Self.spanCount && final.exported == 0 && final.pending == 0)
        #expect(result.pending == 0 && heldBytes(processor) == 0)
    }

    @Test func withASpoolSpansPastTheBudgetAreSpilledAndNoneIsLost() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try LocalHTTPServer(respondingWith: .neverAnswer)
        defer { server.stop() }
        let (processor, size, budget, _) = try await endLargeSpans(into: exporter(server, spool: SpoolConfiguration(directory: directory)), server: server)
        let overflow = { processor.state.withLock { ($0.overflow.count, $0.overflow.byteCount, $0.spilling) } }
        let held = { processor.state.withLock { $0.ring.count + $0.inFlight } }
        // What the budget does not hold went to the overflow, which goes to the spool.
        #expect(await eventually { processor.statistics.spooled + overflow().0 + held() == Self.spanCount && overflow().2 == 0 })
        let statistics = processor.statistics
        #expect(statistics.dropped == 0 && statistics.spooled > 0 && statistics.ended == Self.spanCount)
        // Spans met a full queue while the batches out were charged for their encoding; once
        // the encodings turned out smaller, room may be left, with the spans already spilled.
        #expect(heldBytes(processor) <= budget)
        #expect(overflow().1 == overflow().0 * size && overflow().1 <= budget, "the overflow obeys the budget too")

        _ = await processor.shutdown(deadline: .now + .milliseconds(300))
        let final = processor.statistics
        #expect(final.exported + final.spooled + final.failed + final.dropped == final.ended)
        #expect(final.spooled == Self.spanCount && final.dropped == 0 && final.failed == 0, "\(final)")
    }

    @Test func fullQueueWaitWaitsForByteRoom() async throws {
        let exporter = ScriptedExporter(hold: true)
        let size = endedSize(largeSpan(0, tracer: TestTracer().tracer))
        let options = BatchSpanProcessor.ResolvedOptions(
            maxQueueSize: 2048, maxExportBatchSize: 512, scheduleDelay: .seconds(600), exportTimeout: .seconds(600),
            fullQueueWait: .seconds(20), maxQueueBytes: 2 * size)
        let processor = BatchSpanProcessor(exporter: exporter, options: options, clock: SystemPipelineClock(), sink: DiagnosticSink(handler: nil))
        let tracer = Tracer(configuration: TracerConfiguration(), processor: processor)
        // Two spans fill the budget; the worker takes them (an eighth of the budget is a batch)
        // and the export is held, so the third span waits for their bytes.
        largeSpan(0, tracer: tracer).end()
        largeSpan(1, tracer: tracer).end()
        #expect(await eventually { exporter.exportedBatches.count == 1 })
        let third = Task.detached { largeSpan(2, tracer: tracer).end() }
        try await Task.sleep(for: .milliseconds(100))
        #expect(processor.statistics.ended == 2, "the third end() waits for room")
        exporter.release()
        await third.value
        #expect(processor.statistics.dropped == 0)
        _ = await processor.flush(deadline: .now + .seconds(10))
        #expect(processor.statistics.exported == 3)
        await processor.shutdown()
    }
}
