import Foundation
@testable import SpanKit
import Testing

@Suite struct ConsoleExporterTests {
    @Test func rendersTheSampleTraceExactly() async throws {
        let records = ConsoleSample.records()
        let recorder = OutputRecorder()
        let exporter = ConsoleExporter(output: recorder.output)
        try await exporter.exportOrThrow(records)

        let trace = String(records[0].traceID.otelTraceIDHex.prefix(8))
        let expected = """
            answer-question        CHAIN      26.1 ms  ok     accurate=true  trace:converted=1  session=chat-42 (Customer 42)  user=user-7  trace=\(trace)
            ├─ search-docs         RETRIEVER  3.21 ms  ok
            └─ chat-completion     LLM        20.3 ms  ok     gpt-4o-mini  tokens 42→9  cost=0.000012
               └─ parse-tool-call  TOOL        850 ns  error  "bad JSON"

            """
        #expect(recorder.chunks == [expected])
    }

    @Test func waitsForTheRootAcrossExportCalls() async throws {
        let records = ConsoleSample.records()
        let recorder = OutputRecorder()
        let exporter = ConsoleExporter(output: recorder.output)
        for record in records.dropLast() {
            try await exporter.exportOrThrow([record])
            #expect(recorder.chunks.isEmpty)
        }
        try await exporter.exportOrThrow([records.last!])
        #expect(recorder.chunks.count == 1)
        #expect(recorder.lines.map { $0.split(separator: " ").first.map(String.init) ?? "" }
            == ["answer-question", "├─", "└─", "└─"])
    }

    @Test func sortsSiblingsByStartTimeNotEndTime() async throws {
        let clock = ManualClock()
        let test = TestTracer(clock: clock)
        let root = test.tracer.startSpan("root", parent: .root)
        let first = test.tracer.startSpan("started-first", kind: .llm, parent: .span(root))
        clock.advance(byNanoseconds: 1_000)
        let second = test.tracer.startSpan("started-second", kind: .tool, parent: .span(root))
        clock.advance(byNanoseconds: 1_000)
        second.end()
        clock.advance(byNanoseconds: 1_000)
        first.end()
        root.end()

        let recorder = OutputRecorder()
        try await ConsoleExporter(output: recorder.output).exportOrThrow(test.exporter.spans)
        #expect(recorder.lines.count == 3)
        #expect(recorder.lines[1].hasPrefix("├─ started-first "))
        #expect(recorder.lines[2].hasPrefix("└─ started-second "))
    }

    @Test func showsConcurrentChildrenUnderTheirParent() async throws {
        let test = TestTracer()
        await test.tracer.withSpan("fan-out", kind: .agent) { _ in
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<5 {
                    group.addTask {
                        await test.tracer.withSpan("worker-\(index)", kind: .tool) { _ in
                            await Task.yield()
                            test.tracer.withSpan("step-\(index)", kind: .llm) { _ in }
                        }
                    }
                }
            }
        }
        let recorder = OutputRecorder()
        try await ConsoleExporter(output: recorder.output).exportOrThrow(test.exporter.spans)
        let lines = recorder.lines
        #expect(lines.count == 11)
        #expect(lines[0].hasPrefix("fan-out "))
        let workers = lines.filter { $0.contains("worker-") }
        #expect(workers.count == 5)
        #expect(workers.dropLast().allSatisfy { $0.hasPrefix("├─ worker-") } && workers.last!.hasPrefix("└─ worker-"))
        // Each step is printed right under its own worker.
        for (position, line) in lines.enumerated() where line.contains("worker-") {
            let index = line.split(separator: "-")[1].prefix(1)
            #expect(lines[position + 1].contains("└─ step-\(index) "))
        }
        // Workers appear in start order.
        let starts = test.exporter.spans.filter { $0.name.hasPrefix("worker-") }
            .sorted { $0.startTimeUnixNanoseconds < $1.startTimeUnixNanoseconds }.map(\.name)
        #expect(workers.map { String($0.dropFirst(3).prefix(8)) } == starts)
    }

    @Test func errorSpanShowsStatusAndMessageOnOneLine() async throws {
        let test = TestTracer()
        struct Timeout: Error, CustomStringConvertible { var description: String { "timed out\nafter 30 s" } }
        _ = try? test.tracer.withSpan("call-model", kind: .llm) { _ in throw Timeout() }
        let recorder = OutputRecorder()
        try await ConsoleExporter(output: recorder.output).exportOrThrow(test.exporter.spans)
        #expect(recorder.lines.count == 1)
        #expect(recorder.lines[0].contains("  error  \"timed out⏎after 30 s\""))
    }

    @Test func showsSignalsOfEveryTarget() async throws {
        let test = TestTracer()
        test.tracer.withSpan("turn", sessionID: "s-1") { span in
            span.addSignal("cost", 0.0042)
            span.addSignal("helpful", "TRUE")
            span.addSignal("converted", 1, target: .trace)
            span.addSignal("csat", "4.5", target: .session)
            span.addSignal("latency_ms", 1_250)
        }
        let recorder = OutputRecorder()
        try await ConsoleExporter(output: recorder.output).exportOrThrow(test.exporter.spans)
        #expect(recorder.lines.count == 1)
        #expect(recorder.lines[0].contains("cost=0.0042  helpful=true  trace:converted=1  session:csat=4.5  latency_ms=1250"))
    }

    @Test func showsTokenCountsAndModel() async throws {
        let test = TestTracer()
        test.tracer.withSpan("root") { _ in
            test.tracer.withSpan("prompt-only", kind: .llm) { span in
                span.setAttribute("llm.model_name", "claude-sonnet")
                span.setAttribute("llm.token_count.prompt", 12)
            }
            test.tracer.withSpan("total-only", kind: .llm) { span in
                span.setAttribute("llm.token_count.total", 51.0)
            }
            test.tracer.withSpan("embed", kind: .embedding) { span in
                span.setAttribute("embedding.model_name", "text-embedding-3-small")
            }
            test.tracer.withSpan("no-tokens", kind: .llm) { _ in }
        }
        let recorder = OutputRecorder()
        try await ConsoleExporter(output: recorder.output).exportOrThrow(test.exporter.spans)
        let lines = recorder.lines
        #expect(lines[1].hasSuffix("ok  claude-sonnet  tokens 12→?"))
        #expect(lines[2].hasSuffix("ok  tokens 51"))
        #expect(lines[3].hasSuffix("ok  text-embedding-3-small"))
        #expect(lines[4].hasSuffix("ok"))
    }

    @Test func formatsDurationsInHumanUnits() async throws {
        let clock = ManualClock()
        let test = TestTracer(clock: clock)
        let durations: [Int64] = [850, 12_345, 999_960, 85_040_000, 1_240_000_000, 59_960_000_000, 125_000_000_000, 7_320_000_000_000]
        for (index, duration) in durations.enumerated() {
            let span = test.tracer.startSpan("span-\(index)", parent: .root)
            clock.advance(byNanoseconds: duration)
            span.end()
        }
        let recorder = OutputRecorder()
        try await ConsoleExporter(output: recorder.output).exportOrThrow(test.exporter.spans)
        let shown = recorder.lines.map { line in
            line.split(separator: " ", omittingEmptySubsequences: true).dropFirst(2).prefix(2).joined(separator: " ")
        }
        #expect(shown == ["850 ns", "12.3 µs", "1.00 ms", "85.0 ms", "1.24 s", "1m 00s", "2m 05s", "2h 02m"])
    }

    @Test func alignsColumnsAcrossTheTree() async throws {
        let lines = try await render(ConsoleSample.records())
        func columns(of words: [String]) -> Set<Int> {
            Set(lines.map { text in
                let line = text + " "
                return words.compactMap { line.range(of: "  \($0) ")?.lowerBound }.first.map { line.distance(from: line.startIndex, to: $0) } ?? -1
            })
        }
        #expect(columns(of: ["CHAIN", "RETRIEVER", "LLM", "TOOL"]).count == 1)
        #expect(columns(of: ["ok", "error"]).count == 1)
        #expect(columns(of: ["ms", "ns"]).count == 1)
    }

    @Test func remoteParentCompletesTheTrace() async throws {
        let test = TestTracer()
        let remote = SpanContext(traceID: UUID(), spanID: UUID(otelSpanID: 0xABCDEF), isRemote: true)
        test.tracer.withSpan("handle-request", parent: .context(remote)) { _ in
            test.tracer.withSpan("call-model", kind: .llm) { _ in }
        }
        let recorder = OutputRecorder()
        try await ConsoleExporter(output: recorder.output).exportOrThrow(test.exporter.spans)
        #expect(recorder.chunks.count == 1)
        #expect(recorder.lines[0].contains("remote parent 0000000000abcdef"))
        #expect(recorder.lines[1].hasPrefix("└─ call-model "))
    }

    @Test func escapesNamesThatWouldBreakTheTree() async throws {
        let test = TestTracer()
        test.tracer.withSpan("line\nbreak \u{1B}[31mred") { _ in }
        let lines = try await render(test.exporter.spans)
        #expect(lines.count == 1)
        #expect(lines[0].hasPrefix("line⏎break \u{FFFD}[31mred "))
    }

    @Test func colorsOnlyWhenAskedTo() async throws {
        let records = ConsoleSample.records()
        let plain = OutputRecorder()
        try await ConsoleExporter(output: plain.output).exportOrThrow(records)
        #expect(!plain.text.contains("\u{1B}["))

        let colored = OutputRecorder()
        try await ConsoleExporter(output: colored.output, usesColors: true).exportOrThrow(records)
        #expect(colored.text.contains("\u{1B}[31merror\u{1B}[0m"))
        let stripped = colored.text.replacingOccurrences(of: "\u{1B}\\[[0-9]+m", with: "", options: .regularExpression)
        #expect(stripped == plain.text)
    }

    @Test func listsAttributesAndTagsWhenAskedTo() async throws {
        let test = TestTracer()
        test.tracer.withSpan("root", tags: ["env": "prod"]) { root in
            root.setIO(input: "Capital of France?")
            test.tracer.withSpan("child", kind: .llm) { span in span.setAttribute("llm.model_name", "gpt-4o-mini") }
        }
        let recorder = OutputRecorder()
        try await ConsoleExporter(output: recorder.output, showsAttributes: true).exportOrThrow(test.exporter.spans)
        #expect(recorder.lines.contains("│  input.value: Capital of France?"))
        #expect(recorder.lines.contains("│  tags: env:prod"))
        #expect(recorder.lines.contains("      llm.model_name: gpt-4o-mini"))
        let withoutAttributes = try await render(test.exporter.spans)
        #expect(withoutAttributes.count == 2)
    }

    private func render(_ records: [SpanRecord]) async throws -> [String] {
        let recorder = OutputRecorder()
        try await ConsoleExporter(output: recorder.output).exportOrThrow(records)
        return recorder.lines
    }
}
