import Foundation
@testable import SpanKit
import Testing

/// An exporter that records its calls, can be slow, and can fail; it buffers (as the console
/// and file exporters do), so a processor's flush reaches it.
private final class ProbeExporter: BufferingExporter, @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var batchList: [[SpanRecord]] = []
    private var running = 0
    private var mostRunning = 0
    private var flushes = 0
    private var shutDown = false
    private let delay: Duration
    private let failure: ExportError?

    init(delay: Duration = .zero, failure: ExportError? = nil) {
        self.delay = delay
        self.failure = failure
    }

    var batches: [[SpanRecord]] { lock.withLock { batchList } }
    var names: [String] { batches.flatMap { $0.map(\.name) } }
    var maxConcurrentExports: Int { lock.withLock { mostRunning } }
    var flushCount: Int { lock.withLock { flushes } }
    var isShutDown: Bool { lock.withLock { shutDown } }

    func export(_ spans: [SpanRecord]) async throws {
        lock.withLock {
            running += 1
            mostRunning = max(mostRunning, running)
        }
        if delay > .zero { try? await Task.sleep(for: delay) }
        lock.withLock {
            running -= 1
            batchList.append(spans)
        }
        if let failure { throw failure }
    }

    func flush() async {
        lock.withLock { flushes += 1 }
    }

    func shutdown() async {
        lock.withLock { shutDown = true }
    }
}

@Suite struct SimpleSpanProcessorTests {
    private func makeTracer(_ processor: SimpleSpanProcessor) -> Tracer {
        Tracer(configuration: TracerConfiguration(), processor: processor)
    }

    @Test func exportsInEndOrderOneAtATime() async {
        let exporter = ProbeExporter(delay: .milliseconds(2))
        let processor = SimpleSpanProcessor(exporter: exporter)
        let tracer = makeTracer(processor)
        for index in 0..<50 { tracer.startSpan("span-\(index)", parent: .root).end() }
        await processor.flush()
        #expect(exporter.names == (0..<50).map { "span-\($0)" })
        #expect(exporter.maxConcurrentExports == 1)
        #expect(exporter.flushCount == 1)
    }

    @Test func exportsSpansEndedFromManyTasksExactlyOnce() async {
        let exporter = ProbeExporter(delay: .microseconds(200))
        let processor = SimpleSpanProcessor(exporter: exporter)
        let tracer = makeTracer(processor)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<100 { tracer.startSpan("t\(task)-\(index)", parent: .root).end() }
                }
            }
        }
        await processor.flush()
        let names = exporter.names
        #expect(names.count == 800)
        #expect(Set(names).count == 800)
        #expect(exporter.maxConcurrentExports == 1)
        // Within one task, spans end in order, so they are exported in order.
        for task in 0..<8 {
            #expect(names.filter { $0.hasPrefix("t\(task)-") } == (0..<100).map { "t\(task)-\($0)" })
        }
    }

    @Test func endReturnsWithoutWaitingForTheExport() async {
        let exporter = ProbeExporter(delay: .milliseconds(300))
        let processor = SimpleSpanProcessor(exporter: exporter)
        let tracer = makeTracer(processor)
        tracer.startSpan("slow-to-export", parent: .root).end()
        // The export sleeps 300 ms, so it cannot have finished when `end()` returns.
        #expect(exporter.batches.isEmpty)
        await processor.flush()
        #expect(exporter.names == ["slow-to-export"])
    }

    @Test func flushWaitsForEverySpanEndedBeforeIt() async {
        let exporter = ProbeExporter(delay: .milliseconds(20))
        let processor = SimpleSpanProcessor(exporter: exporter)
        let tracer = makeTracer(processor)
        for index in 0..<5 { tracer.startSpan("span-\(index)", parent: .root).end() }
        await processor.flush()
        #expect(exporter.names.count == 5)
        // Nothing queued: returns at once and still flushes the exporter.
        await processor.flush()
        #expect(exporter.flushCount == 2)
    }

    @Test func concurrentFlushesAllReturn() async {
        let exporter = ProbeExporter(delay: .milliseconds(5))
        let processor = SimpleSpanProcessor(exporter: exporter)
        let tracer = makeTracer(processor)
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<10 {
                group.addTask {
                    tracer.startSpan("span-\(index)", parent: .root).end()
                    await processor.flush()
                }
            }
        }
        #expect(exporter.names.count == 10)
    }

    @Test func reportsExportFailuresAndKeepsGoing() async {
        let diagnostics = DiagnosticsRecorder()
        let exporter = ProbeExporter(failure: ExportError(.io, "disk full"))
        let processor = SimpleSpanProcessor(exporter: exporter, onError: diagnostics.handler)
        let tracer = makeTracer(processor)
        tracer.startSpan("first", parent: .root).end()
        await processor.flush()
        tracer.startSpan("second", parent: .root).end()
        await processor.flush()

        #expect(exporter.names == ["first", "second"])
        let all = diagnostics.all
        #expect(all.map(\.code) == [.exportFailed, .exportFailed])
        #expect(all[0].message == "1 span not delivered: io: disk full")
        #expect(processor.statistics.failed == 2 && processor.statistics.ended == 2)
    }

    @Test func shutdownExportsWhatIsQueuedThenRefusesSpans() async {
        let diagnostics = DiagnosticsRecorder()
        let exporter = ProbeExporter(delay: .milliseconds(10))
        let processor = SimpleSpanProcessor(exporter: exporter, onError: diagnostics.handler)
        let tracer = makeTracer(processor)
        for index in 0..<3 { tracer.startSpan("span-\(index)", parent: .root).end() }
        await processor.shutdown()
        #expect(exporter.names == ["span-0", "span-1", "span-2"])
        #expect(exporter.isShutDown)

        tracer.startSpan("too-late", parent: .root).end()
        await processor.shutdown()
        await processor.flush()
        #expect(exporter.names.count == 3)
        #expect(processor.statistics.exported == 3 && processor.statistics.dropped == 1)
        #expect(diagnostics.codes() == [.spansDropped])
        #expect(diagnostics.all.first?.message.contains("'too-late'") == true)
    }

    @Test func printsTracesThroughTheConsoleExporter() async {
        let recorder = OutputRecorder()
        let processor = SimpleSpanProcessor(exporter: ConsoleExporter(output: recorder.output))
        let tracer = makeTracer(processor)
        await tracer.withSpan("answer-question") { _ in
            await tracer.withSpan("chat-completion", kind: .llm) { _ in await Task.yield() }
        }
        await tracer.flush()
        #expect(recorder.lines.count == 2)
        #expect(recorder.lines[0].hasPrefix("answer-question     CHAIN"))
        #expect(recorder.lines[1].hasPrefix("└─ chat-completion  LLM"))
    }
}
