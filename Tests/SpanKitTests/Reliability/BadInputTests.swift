import Foundation
@_spi(Benchmarks) @testable import SpanKit
import TestSupport
import Testing

/// Hostile and careless input through the public API: no crash, valid output in every format,
/// and a diagnostic wherever data was changed or refused.
@Suite struct BadInputTests {
    struct Nested: Encodable {
        var child: Box?
        final class Box: Encodable {
            let value: Nested
            init(_ value: Nested) { self.value = value }
            func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
        }
    }

    static func nested(depth: Int) -> Nested {
        var value = Nested(child: nil)
        for _ in 0..<depth { value = Nested(child: Nested.Box(value)) }
        return value
    }

    static func deepJSON(depth: Int) -> JSONValue {
        var value: JSONValue = "leaf"
        for _ in 0..<depth { value = .array([value]) }
        return value
    }

    /// Checks a record renders in every format: JSON (parses), OTLP (encodes), console (prints).
    static func expectValidOutput(_ records: [SpanRecord]) async throws {
        for record in records { _ = try JSONValue(parsing: record.jsonString) }
        let body = try OTLPTraceEncoder(resource: Resource()).encode(records)
        #expect(!body.isEmpty)
        let printed = PrintedLines()
        _ = await ConsoleExporter(output: .sink { printed.append($0) }).exportResult(records)
        #expect(printed.count > 0)
    }

    @Test func tenMegabyteStringsAreTruncatedAndTheTruncationRecorded() async throws {
        let test = TestTracer(environment: ["OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT": "65536"])
        let huge = String(repeating: "é", count: 10_000_000)
        test.tracer.withSpan("huge") { span in
            span.setAttribute("big", .string(huge))
            span.setIO(input: huge)
        }
        let record = try #require(test.exporter.spans.first)
        #expect(record.attributes["big"]?.stringValue?.unicodeScalars.count == 65_536)
        #expect(record.input?.unicodeScalars.count == 65_536)
        #expect(record.truncatedValuesCount == 2)
        #expect(test.diagnostics.codes() == [.valueTruncated])
        try await Self.expectValidOutput([record])
        ReliabilityReport.record("bad input: 10 MB string, value length limit 65,536", "truncated to 65,536 scalars, truncatedValuesCount 2, one valueTruncated diagnostic")
    }

    @Test func nonFiniteNumbersStayValidInEveryFormat() async throws {
        let test = TestTracer()
        test.tracer.withSpan("numbers") { span in
            span.setAttribute("nan", .double(.nan))
            span.setAttribute("inf", .double(.infinity))
            span.setAttribute("list", .doubleArray([1, -Double.infinity, .nan]))
            span.addSignal("cost", Double.nan)
            span.setIO(input: ["score": Double.nan], output: JSONValue.array([.double(.infinity)]))
        }
        let record = try #require(test.exporter.spans.first)
        let json = try JSONValue(parsing: record.jsonString)
        #expect(json["attributes"]?["nan"] == .null && json["attributes"]?["inf"] == .null)
        #expect(json["attributes"]?["list"] == [1, nil, nil])
        #expect(record.signals.isEmpty)
        #expect(record.input == "<Dictionary<String, Double> could not be encoded as JSON>")
        #expect(record.output == "[null]")
        #expect(record.attributes["nan"].map { if case .double(let value) = $0 { value.isNaN } else { false } } == true, "OTLP keeps the double")
        #expect(Set(test.diagnostics.codes()) == [.signalRejected, .encodingFailed])
        try await Self.expectValidOutput([record])
        ReliabilityReport.record("bad input: NaN and infinities", "OTLP keeps doubles; JSON writes null; NaN signal refused; NaN in Encodable input replaced by a placeholder with a diagnostic")
    }

    @Test func deeplyNestedValuesNeverOverflowTheStack() async throws {
        let test = TestTracer()
        test.tracer.withSpan("deep") { span in
            span.setIO(input: Self.nested(depth: 5_000), output: Self.deepJSON(depth: 5_000))
            span.setAttribute("deep.json", Self.deepJSON(depth: 5_000).attributeValue)
        }
        let record = try #require(test.exporter.spans.first)
        #expect(record.input == "<Nested could not be encoded as JSON>")
        #expect(record.output?.hasPrefix("[[[[") == true && record.output?.contains("null") == true)
        #expect(test.diagnostics.codes() == [.encodingFailed, .encodingFailed])
        try await Self.expectValidOutput([record])
        ReliabilityReport.record("bad input: values nested 5,000 deep", "Encodable refused past 256 levels (placeholder + diagnostic); JSONValue levels past 256 written as null (diagnostic)")
    }

    @Test func aHundredThousandAttributesOnOneSpan() async throws {
        let test = TestTracer()
        let span = test.tracer.startSpan("wide")
        for index in 0..<100_000 { span.setAttribute("key.\(index)", .int(index)) }
        span.end()
        let record = try #require(test.exporter.spans.first)
        #expect(record.attributes.count == 10_000 && record.droppedAttributesCount == 90_000)
        #expect(test.diagnostics.codes() == [.limitReached])
        try await Self.expectValidOutput([record])
        ReliabilityReport.record("bad input: 100,000 attributes", "10,000 kept (the limit), 90,000 dropped and counted, one diagnostic")
    }

    @Test func emptyAndOddNamesAndTextRenderSafely() async throws {
        let test = TestTracer()
        let odd = "ctl\u{0}\u{1}\u{7}\u{1B}[31mred\u{7F} \u{2028}\u{FEFF} 🙂 e\u{301}"
        test.tracer.withSpan("") { span in
            span.setAttribute("", "empty key")
            span.setAttribute("   ", .string(odd))
            span.addEvent(" ", attributes: [odd: .string(odd)])
            span.addSignal("  ", 1)
        }
        test.tracer.withSpan(odd) { span in span.setIO(input: odd, output: odd) }
        let records = test.exporter.spans
        #expect(records.count == 2)
        #expect(records[1].input == odd, "text is recorded verbatim; formats escape it")
        #expect(test.diagnostics.codes() == [.signalRejected])
        try await Self.expectValidOutput(records)
        let printed = PrintedLines()
        _ = await ConsoleExporter(output: .sink { printed.append($0) }).exportResult(records)
        #expect(!printed.text.contains("\u{1B}"), "no terminal escape reaches the console")
        ReliabilityReport.record("bad input: empty names, control characters, escapes", "recorded verbatim; JSON escapes them, console neutralises them; empty signal name refused with a diagnostic")
    }

    @Test func concurrentWritesWhileTheSpanEnds() async throws {
        let test = TestTracer()
        var spans: [Span] = []
        for _ in 0..<20 {
            let span = test.tracer.startSpan("contended")
            spans.append(span)
            await withTaskGroup(of: Void.self) { group in
                for task in 0..<16 {
                    group.addTask {
                        for index in 0..<200 {
                            span.setAttribute("t\(task).\(index)", .int(index))
                            span.addEvent("e")
                            span.addSignal("s\(task)", index)
                            if task == 7, index == 100 { span.end() }
                        }
                    }
                }
            }
        }
        let records = test.exporter.spans
        #expect(records.count == 20)
        for (span, exported) in zip(spans, records) {
            let final = try #require(span.record)
            #expect(final.attributes == exported.attributes && final.events == exported.events && final.signals == exported.signals,
                    "nothing changed after end")
            #expect(final.ignoredWritesCount >= 99 * 3, "the ending task's own later writes, at least, were ignored and counted")
        }
        try await Self.expectValidOutput(records)
        ReliabilityReport.record("bad input: 16 tasks writing while the span ends", "no crash; the record is consistent; later writes ignored and counted")
    }
}

/// Collects console output; `@unchecked Sendable` is safe because access goes through `lock`.
final class PrintedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var chunks: [String] = []
    func append(_ text: String) { lock.withLock { chunks.append(text) } }
    var text: String { lock.withLock { chunks.joined() } }
    var count: Int { lock.withLock { chunks.count } }
}
