import Foundation
import SpanKit
import Testing

@Suite struct BatchSpanProcessorTests {
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
        #expect(result == FlushResult(exported: 5))
        #expect(exporter.exportedBatches.map(\.count) == [10, 10, 5])
        #expect(exporter.exportedBatches.flatMap { $0 }.map(\.name) == (0..<25).map { "span-\($0)" })
        await processor.shutdown()
    }

    @Test func scheduleDelayExportsAPartialBatch() async {
        let exporter = ScriptedExporter()
        let processor = BatchSpanProcessor(
            exporter: exporter, options: .init(maxExportBatchSize: 512, scheduleDelay: .milliseconds(50)))
        endSpans(3, with: processor)
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
        endSpans(20, with: processor, prefix: "second")
        let statistics = processor.statistics
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
        let exporter = ScriptedExporter(hold: true)
        let processor = BatchSpanProcessor(exporter: exporter, options: .init(scheduleDelay: .seconds(60)))
        endSpans(3, with: processor)
        let started = ContinuousClock.now
        let result = await processor.flush(deadline: .now + .milliseconds(200))
        #expect(ContinuousClock.now - started < .seconds(30), "returns at the deadline although the export never finishes")
        #expect(result.pending == 3 && !result.isComplete)
        exporter.release()
        #expect(await processor.flush(deadline: .now + .seconds(5)) == FlushResult(exported: 3))
        await processor.shutdown()
    }

    @Test func shutdownDeadlineCancelsTheExportAndSpoolsTheRest() async {
        let exporter = ScriptedExporter(hold: true, canSpool: true)
        let processor = BatchSpanProcessor(
            exporter: exporter, options: .init(maxExportBatchSize: 2, scheduleDelay: .seconds(60)))
        endSpans(5, with: processor)
        #expect(await eventually { exporter.exportedBatches.count == 1 })
        let result = await processor.shutdown(deadline: .now + .milliseconds(100))
        #expect(result.spooled == 5)
        #expect(exporter.spooledSpanCount == 3)
        #expect(exporter.isShutDown)
        let statistics = processor.statistics
        #expect(statistics.spooled == 5 && statistics.ended == 5 && statistics.pending == 0)
        endSpans(1, with: processor)
        #expect(processor.statistics.dropped == 1)
        #expect(await processor.shutdown() == FlushResult())
    }

    @Test func shutdownDeadlineWithoutSpoolDropsAndFailsExactly() async {
        let exporter = ScriptedExporter(hold: true)
        let processor = BatchSpanProcessor(
            exporter: exporter, options: .init(maxExportBatchSize: 2, scheduleDelay: .seconds(60)))
        endSpans(5, with: processor)
        #expect(await eventually { exporter.exportedBatches.count == 1 })
        let result = await processor.shutdown(deadline: .now + .milliseconds(100))
        #expect(result.failed == 2 && result.dropped == 3)
        let statistics = processor.statistics
        #expect(statistics.exported + statistics.spooled + statistics.failed + statistics.dropped == statistics.ended)
    }

    @Test func exportTimeoutCancelsAHungExport() async {
        let exporter = ScriptedExporter(hold: true)
        let processor = BatchSpanProcessor(
            exporter: exporter, options: .init(scheduleDelay: .milliseconds(1), exportTimeout: .milliseconds(100)))
        endSpans(2, with: processor)
        #expect(await eventually { processor.statistics.failed == 2 })
        await processor.shutdown()
    }

    @Test func optionsComeFromTheEnvironmentAndInvalidValuesAreReported() async {
        let diagnostics = DiagnosticsRecorder()
        let exporter = ScriptedExporter()
        let options = BatchSpanProcessor.Options().applying(
            ["OTEL_BSP_MAX_QUEUE_SIZE": "4", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE": "8", "OTEL_BSP_SCHEDULE_DELAY": "soon"],
            onDiagnostic: diagnostics.handler)
        let processor = BatchSpanProcessor(exporter: exporter, options: options, onDiagnostic: diagnostics.handler)
        #expect(diagnostics.codes() == [.invalidConfiguration, .invalidConfiguration])
        endSpans(6, with: processor)
        #expect(processor.statistics.dropped == 2)
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
        #expect(await processor.flush(deadline: .now + .seconds(5)) == FlushResult(exported: 2))
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
