import Foundation
@testable import SpanKit
import Testing

@Suite struct BatchSpanProcessorTests {
    /// A processor on a test clock: its schedule and deadlines move only when the test says so.
    func processor(
        _ exporter: any SpanExporter, clock: TestPipelineClock, batch: Int = 512, scheduleDelay: Duration = .seconds(60),
        exportTimeout: Duration = .seconds(30), diagnostics: DiagnosticsRecorder = DiagnosticsRecorder()
    ) -> BatchSpanProcessor {
        BatchSpanProcessor(
            exporter: exporter,
            options: .init(maxQueueSize: 2048, maxExportBatchSize: batch, scheduleDelay: scheduleDelay, exportTimeout: exportTimeout),
            clock: clock, sink: DiagnosticSink(handler: diagnostics.handler))
    }

    func endSpans(_ count: Int, with processor: BatchSpanProcessor, prefix: String = "span") {
        let tracer = Tracer(configuration: TracerConfiguration(), processor: processor)
        for index in 0..<count { tracer.startSpan("\(prefix)-\(index)").end() }
    }

    @Test func fullBatchesAreExportedWithoutWaitingForTheTimer() async {
        let exporter = ScriptedExporter()
        let processor = BatchSpanProcessor(
            exporter: exporter, options: .init(maxQueueSize: 100, maxExportBatchSize: 10, scheduleDelay: .seconds(60)))
        endSpans(25, with: processor)
        #expect(await eventually { processor.statistics.exported == 20 })
        #expect(exporter.exportedBatches.map(\.count) == [10, 10])
        #expect(processor.statistics.pending == 5)
        let result = await processor.flush(deadline: .now + .seconds(5))
        #expect(result == PipelineStatistics(exported: 5))
        #expect(exporter.exportedBatches.map(\.count) == [10, 10, 5])
        #expect(exporter.exportedBatches.flatMap { $0 }.map(\.name) == (0..<25).map { "span-\($0)" })
        await processor.shutdown()
    }

    @Test func scheduleDelayExportsAPartialBatch() async {
        let exporter = ScriptedExporter()
        let clock = TestPipelineClock()
        let processor = processor(exporter, clock: clock, scheduleDelay: .seconds(5))
        endSpans(3, with: processor)
        #expect(await clock.waitForSleepers(1), "the worker waits for the schedule delay")
        clock.advance(by: .seconds(4))
        #expect(clock.sleeperCount == 1 && exporter.exportedSpanCount == 0, "the schedule timer still waits: not before the delay")
        clock.advance(by: .seconds(1))
        #expect(await eventually { exporter.exportedSpanCount == 3 })
        await processor.shutdown()
    }

    @Test func fullQueueDropsTheNewestSpansAndCountsThem() async {
        let exporter = ScriptedExporter(hold: true)
        let diagnostics = DiagnosticsRecorder()
        let processor = BatchSpanProcessor(
            exporter: exporter, options: .init(maxQueueSize: 10, maxExportBatchSize: 5, scheduleDelay: .seconds(60)), onDiagnostic: diagnostics.handler)
        endSpans(5, with: processor, prefix: "first")
        #expect(await eventually { exporter.exportedBatches.count == 1 })  // held in flight
        // Held meanwhile, the worker takes nothing: the queue of 10 takes 10 and drops 10.
        let gate = ExportThreadGate()
        endSpans(20, with: processor, prefix: "second")
        let statistics = processor.statistics
        await gate.open()
        #expect(statistics.ended == 25)
        #expect(statistics.dropped == 10)
        #expect(statistics.pending == 15)
        #expect(diagnostics.codes() == [.spansDropped])
        exporter.release()
        await processor.shutdown()
        let names = exporter.exportedBatches.flatMap { $0 }.map(\.name)
        #expect(names == (0..<5).map { "first-\($0)" } + (0..<10).map { "second-\($0)" })
        let final = processor.statistics
        #expect(final.exported == 15 && final.dropped == 10 && final.exported + final.dropped == final.ended)
    }

    @Test func exportsNeverOverlap() async {
        let exporter = ScriptedExporter()
        let processor = BatchSpanProcessor(
            exporter: exporter, options: .init(maxQueueSize: 10_000, maxExportBatchSize: 7, scheduleDelay: .milliseconds(1)))
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask { self.endSpans(500, with: processor, prefix: "t\(task)") }
            }
        }
        await processor.shutdown()
        #expect(exporter.maximumConcurrentExports == 1)
        #expect(exporter.exportedSpanCount == 4_000)
        #expect(processor.statistics.exported == 4_000)
    }

    @Test func failedExportsAreCountedAndReported() async {
        let exporter = ScriptedExporter(results: [.failure(ExportError(.httpStatus(400), "bad request")), .success])
        let diagnostics = DiagnosticsRecorder()
        let processor = BatchSpanProcessor(
            exporter: exporter, options: .init(maxExportBatchSize: 2, scheduleDelay: .seconds(60)),
            onDiagnostic: diagnostics.handler)
        endSpans(4, with: processor)
        await processor.shutdown()
        let statistics = processor.statistics
        #expect(statistics.failed == 2 && statistics.exported == 2)
        #expect(diagnostics.codes() == [.exportFailed])
        #expect(diagnostics.all.first?.message.contains("400") == true)
    }

    @Test func flushReturnsAtItsDeadlineWithWhatIsPending() async {
        let exporter = ScriptedExporter(hold: true, honorsCancellation: false)
        let clock = TestPipelineClock()
        let processor = processor(exporter, clock: clock)
        endSpans(3, with: processor)
        let flush = Task { await processor.flush(deadline: clock.now + .seconds(2)) }
        #expect(await eventually { exporter.exportedBatches.count == 1 })
        #expect(await clock.waitForSleepers(2), "the flush's deadline and the export's deadline")
        clock.advance(by: .seconds(2))
        let result = await flush.value
        #expect(result.pending == 3, "returns at the deadline although the export never finishes")
        exporter.release()
        #expect(await processor.flush(deadline: .now + .seconds(5)) == PipelineStatistics(exported: 3))
        await processor.shutdown()
    }

    /// The export in flight ends at the shutdown deadline and its delivery spools the batch;
    /// the next batch, already encoded while the first was on the wire, is spooled as it is,
    /// and what is still queued is encoded once and spooled: five spans, five encodings, three
    /// files (2 + 2 + 1).
    @Test func shutdownDeadlineEndsTheExportAndSpoolsEverythingOnce() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = TestPipelineClock()
        let transport = ScriptedTransport(otherwise: .hang, clock: clock)
        var settings = HTTPExportSettings(spool: SpoolConfiguration(directory: directory), transport: transport)
        settings.clock = clock
        let exporter = JSONBatchExporter(baseURL: URL(string: "http://127.0.0.1:9")!, settings: settings)
        let processor = processor(exporter, clock: clock, batch: 2)
        endSpans(5, with: processor)
        #expect(await eventually { transport.requests.count == 1 })
        let shutdown = Task { await processor.shutdown(deadline: clock.now + .seconds(1)) }
        #expect(await clock.waitForSleepers(2), "the shutdown's deadline and the export's")
        clock.advance(by: .seconds(1))
        let result = await shutdown.value
        #expect(result.spooled == 5 && result.exported == 0 && result.failed == 0 && result.dropped == 0)
        #expect(exporter.encodedSpanCount == 5)
        #expect(transport.requests.count == 1, "nothing is sent after the deadline")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).map { directory.appendingPathComponent($0) }
        let counts = files.compactMap { try? Data(contentsOf: $0) }.compactMap { try? Spool.decode($0).get().1 }
            .map { $0.reduce(0) { $0 + $1.spanCount } }
        #expect(counts.sorted() == [1, 2, 2])
        let statistics = processor.statistics
        #expect(statistics.spooled == 5 && statistics.ended == 5 && statistics.pending == 0)
        endSpans(1, with: processor)
        #expect(processor.statistics.dropped == 1)
        #expect(await processor.shutdown() == PipelineStatistics())
    }

    @Test func shutdownDeadlineWithoutSpoolDropsAndFailsExactly() async {
        let exporter = ScriptedExporter(hold: true)
        let clock = TestPipelineClock()
        let diagnostics = DiagnosticsRecorder()
        let processor = processor(exporter, clock: clock, batch: 2, diagnostics: diagnostics)
        endSpans(5, with: processor)
        #expect(await eventually { exporter.exportedBatches.count == 1 })
        let shutdown = Task { await processor.shutdown(deadline: clock.now + .milliseconds(100)) }
        #expect(await clock.waitForSleepers(2), "the shutdown's deadline and the export's")
        clock.advance(by: .milliseconds(100))
        let result = await shutdown.value
        #expect(result.failed == 2 && result.dropped == 3)
        let statistics = processor.statistics
        #expect(statistics.exported + statistics.spooled + statistics.failed + statistics.dropped == statistics.ended)
        #expect(Set(diagnostics.codes()) == [.exportFailed, .spansDropped], "every loss is reported")
    }

    @Test func exportTimeoutCancelsAHungExport() async {
        let exporter = ScriptedExporter(hold: true)
        let clock = TestPipelineClock()
        let processor = processor(exporter, clock: clock, scheduleDelay: .milliseconds(1), exportTimeout: .milliseconds(100))
        endSpans(2, with: processor)
        #expect(await clock.waitForSleepers(1))
        clock.advance(by: .milliseconds(1))
        #expect(await eventually { exporter.exportedBatches.count == 1 })
        #expect(await clock.waitForSleepers(1), "the export's deadline")
        clock.advance(by: .milliseconds(100))
        #expect(await eventually { processor.statistics.failed == 2 })
        await processor.shutdown()
    }

    @Test func optionsComeFromTheEnvironmentAndInvalidValuesAreReported() async {
        let diagnostics = DiagnosticsRecorder()
        let exporter = ScriptedExporter()
        let options = BatchSpanProcessor.Options().applying(
            ["OTEL_BSP_MAX_QUEUE_SIZE": "4", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE": "8", "OTEL_BSP_SCHEDULE_DELAY": "soon"],
            onDiagnostic: diagnostics.handler)
        // The export thread is held until the spans have ended, so the worker cannot take a
        // batch meanwhile: what the queue of 4 accepts is exactly 4.
        let gate = ExportThreadGate()
        let processor = BatchSpanProcessor(exporter: exporter, options: options, onDiagnostic: diagnostics.handler)
        #expect(diagnostics.codes() == [.invalidConfiguration, .invalidConfiguration])
        endSpans(6, with: processor)
        #expect(processor.statistics.dropped == 2)
        await gate.open()
        await processor.shutdown()
        #expect(exporter.exportedBatches.map(\.count) == [4])
    }

    /// The worker moves the recorded values of a span nobody else holds into its record, and
    /// copies them when the caller still holds the span: both records are complete, and a held
    /// span still reads its own values after the export.
    @Test func exportedRecordsAreCompleteWhetherOrNotTheCallerStillHoldsTheSpan() async {
        let exporter = ScriptedExporter()
        let processor = BatchSpanProcessor(
            exporter: exporter, options: .init(maxExportBatchSize: 512, scheduleDelay: .seconds(60)))
        let tracer = Tracer(configuration: TracerConfiguration(), processor: processor)
        func record(_ name: String) -> Span {
            let span = tracer.startSpan(name, kind: .llm, sessionID: "session-1", userID: "user-1", tags: ["team": "search"])
            span.setAttribute("llm.model_name", "gpt-4o-mini")
            span.setAttribute("llm.token_count.total", 42)
            span.addEvent("retry", attributes: ["attempt": 2])
            span.end()
            return span
        }
        _ = record("released")
        let held = record("held")
        let flushed = await processor.flush(deadline: .now + .seconds(30))
        #expect(flushed == PipelineStatistics(exported: 2), "\(flushed)")
        let records = exporter.exportedBatches.flatMap { $0 }
        #expect(records.map(\.name) == ["released", "held"])
        for exported in records {
            #expect(exported.sessionID == "session-1" && exported.userID == "user-1" && exported.tags == ["team": "search"])
            #expect(exported.attributes["llm.model_name"] == .string("gpt-4o-mini"))
            #expect(exported.attributes["llm.token_count.total"] == .int(42))
            #expect(exported.events.map(\.name) == ["retry"])
            #expect(exported.endTimeUnixNanoseconds != nil && exported.kind == .llm)
        }
        #expect(held.record == records[1])
        #expect(held.attributes["llm.model_name"] == .string("gpt-4o-mini") && held.sessionID == "session-1")
        await processor.shutdown()
    }
}
