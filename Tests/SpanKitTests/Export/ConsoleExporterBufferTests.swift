import Foundation
@testable import SpanKit
import Testing

/// How the console exporter holds spans until their trace can be printed.
@Suite struct ConsoleExporterBufferTests {
    @Test func printsInterleavedTracesEachWhenItsRootEnds() async throws {
        let test = TestTracer()
        let first = test.tracer.startSpan("first-root", parent: .root)
        let second = test.tracer.startSpan("second-root", parent: .root)
        let firstChild = test.tracer.startSpan("first-child", parent: .span(first))
        let secondChild = test.tracer.startSpan("second-child", parent: .span(second))
        for span in [secondChild, firstChild, second, first] { span.end() }
        let records = test.exporter.spans

        let recorder = OutputRecorder()
        let exporter = ConsoleExporter(output: recorder.output)
        try await exporter.exportOrThrow(Array(records[0..<2]))
        #expect(recorder.chunks.isEmpty)
        try await exporter.exportOrThrow([records[2]])
        try await exporter.exportOrThrow([records[3]])
        let trees = recorder.chunks.map { $0.split(separator: "\n").map { $0.split(separator: " ").filter { $0 != "├─" && $0 != "└─" }[0] } }
        #expect(trees == [["second-root", "second-child"], ["first-root", "first-child"]])
    }

    @Test func printsSpansWhoseRootNeverEndsOnFlush() async throws {
        let test = TestTracer()
        let root = test.tracer.startSpan("never-ends", parent: .root)
        let parent = test.tracer.startSpan("parent", parent: .span(root))
        let child = test.tracer.startSpan("child", kind: .tool, parent: .span(parent))
        let sibling = test.tracer.startSpan("sibling", parent: .span(root))
        child.end()
        parent.end()
        sibling.end()

        let recorder = OutputRecorder()
        let exporter = ConsoleExporter(output: recorder.output)
        try await exporter.exportOrThrow(test.exporter.spans)
        #expect(recorder.chunks.isEmpty)
        await exporter.flush()
        let rootID = String(root.spanID.otelSpanIDHex.prefix(8))
        let lines = recorder.lines
        #expect(recorder.chunks.count == 1)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("parent ") && lines[0].contains("orphaned: parent \(rootID) not ended"))
        #expect(lines[1].hasPrefix("└─ child "))
        #expect(lines[2].hasPrefix("sibling ") && lines[2].contains("orphaned: parent \(rootID) not ended"))

        await exporter.flush()
        #expect(recorder.chunks.count == 1)
    }

    @Test func printsASpanEndingAfterItsParentAsLate() async throws {
        let test = TestTracer()
        let root = test.tracer.startSpan("request", parent: .root)
        let background = test.tracer.startSpan("background-upload", parent: .span(root))
        let part = test.tracer.startSpan("upload-part", parent: .span(background))
        root.end()

        let recorder = OutputRecorder()
        let exporter = ConsoleExporter(output: recorder.output)
        try await exporter.exportOrThrow(test.exporter.spans)
        #expect(recorder.lines.count == 1)

        part.end()
        try await exporter.exportOrThrow([test.exporter.spans.last!])
        #expect(recorder.lines.count == 1)
        background.end()
        try await exporter.exportOrThrow([test.exporter.spans.last!])
        let rootID = String(root.spanID.otelSpanIDHex.prefix(8))
        #expect(recorder.chunks.count == 2)
        #expect(recorder.lines[1].hasPrefix("background-upload ") && recorder.lines[1].contains("late: parent \(rootID) printed earlier"))
        #expect(recorder.lines[2].hasPrefix("└─ upload-part "))
    }

    @Test func boundsTheNumberOfWaitingTraces() async throws {
        let test = TestTracer()
        var roots: [Span] = []
        for index in 0..<4 {
            let root = test.tracer.startSpan("root-\(index)", parent: .root)
            roots.append(root)
            test.tracer.startSpan("child-\(index)", parent: .span(root)).end()
        }
        let recorder = OutputRecorder()
        let exporter = ConsoleExporter(output: recorder.output, maxBufferedTraces: 2)
        try await exporter.exportOrThrow(test.exporter.spans)
        // Four traces waited, two fit: the two oldest were printed as they were.
        #expect(recorder.lines.count == 2)
        #expect(recorder.lines[0].hasPrefix("child-0 ") && recorder.lines[0].contains("incomplete: parent"))
        #expect(recorder.lines[1].hasPrefix("child-1 "))

        // The evicted trace's root still prints, and its child is not printed twice.
        roots[0].end()
        try await exporter.exportOrThrow([test.exporter.spans.last!])
        #expect(recorder.lines.count == 3)
        #expect(recorder.lines[2].hasPrefix("root-0 "))
    }

    @Test func boundsTheNumberOfWaitingSpans() async throws {
        let test = TestTracer()
        let root = test.tracer.startSpan("busy-root", parent: .root)
        for index in 0..<10 { test.tracer.startSpan("step-\(index)", parent: .span(root)).end() }
        let recorder = OutputRecorder()
        let exporter = ConsoleExporter(output: recorder.output, maxBufferedSpans: 4)
        try await exporter.exportOrThrow(test.exporter.spans)
        // Every fifth span overflows the buffer and prints the trace's waiting spans.
        #expect(recorder.chunks.count == 2)
        #expect(recorder.lines.count == 10)
        #expect(recorder.lines.allSatisfy { $0.contains("incomplete: parent") })
        root.end()
        try await exporter.exportOrThrow([test.exporter.spans.last!])
        #expect(recorder.lines.count == 11)
        #expect(recorder.lines.last!.hasPrefix("busy-root "))
    }

    @Test func neverHoldsMoreThanTheBoundUnderManyTraces() async throws {
        let test = TestTracer()
        for _ in 0..<2_000 {
            let root = test.tracer.startSpan("root", parent: .root)
            test.tracer.startSpan("child", parent: .span(root)).end()
        }
        let recorder = OutputRecorder()
        let exporter = ConsoleExporter(output: recorder.output, maxBufferedTraces: 8, maxBufferedSpans: 16)
        try await exporter.exportOrThrow(test.exporter.spans)
        // Every root stays open: all but the 8 newest children were printed as the bound forced.
        #expect(recorder.lines.count == 2_000 - 8)
        await exporter.flush()
        #expect(recorder.lines.count == 2_000)
    }

    @Test func shutdownPrintsWhatWaitsAndRefusesLaterSpans() async throws {
        let test = TestTracer()
        let root = test.tracer.startSpan("root", parent: .root)
        test.tracer.startSpan("child", parent: .span(root)).end()
        let recorder = OutputRecorder()
        let exporter = ConsoleExporter(output: recorder.output)
        try await exporter.exportOrThrow(test.exporter.spans)
        await exporter.shutdown()
        #expect(recorder.lines.count == 1)
        root.end()
        await #expect(throws: ExportError(.shutdown, "the console exporter was shut down")) {
            try await exporter.exportOrThrow([test.exporter.spans.last!])
        }
        #expect(recorder.lines.count == 1)
    }
}
