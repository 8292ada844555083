@testable import SpanKit
import Testing

@Suite struct SignalDetectionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let input: SignalInput
        let type: SignalType?
        let expected: SignalValue?
        var testDescription: String { "\(input) as \(type.map(\.rawValue) ?? "auto")" }
    }

    static let cases: [Case] = [
        Case(input: .boolean(true), type: nil, expected: .boolean(true)),
        Case(input: .boolean(false), type: nil, expected: .boolean(false)),
        Case(input: .number(0.5), type: nil, expected: .numerical(0.5)),
        Case(input: Int.max.signalInput, type: nil, expected: .numerical(Double(Int.max))),
        Case(input: .number(.nan), type: nil, expected: nil),
        Case(input: .number(.infinity), type: nil, expected: nil),
        Case(input: .number(-.infinity), type: .numerical, expected: nil),
        Case(input: .text(""), type: nil, expected: nil),
        Case(input: .text(" "), type: nil, expected: nil),
        Case(input: .text(" 0.5 "), type: nil, expected: .numerical(0.5)),
        Case(input: .text("1e3"), type: nil, expected: .numerical(1000)),
        Case(input: .text("-42"), type: nil, expected: .numerical(-42)),
        Case(input: .text(".5"), type: nil, expected: .numerical(0.5)),
        Case(input: .text("NaN"), type: nil, expected: nil),
        Case(input: .text("nan"), type: nil, expected: nil),
        Case(input: .text("inf"), type: nil, expected: nil),
        Case(input: .text("Infinity"), type: nil, expected: nil),
        Case(input: .text("1e999"), type: nil, expected: nil),
        Case(input: .text("0x10"), type: nil, expected: nil),
        Case(input: .text("1,5"), type: nil, expected: nil),
        Case(input: .text("TRUE"), type: nil, expected: .boolean(true)),
        Case(input: .text(" False\n"), type: nil, expected: .boolean(false)),
        Case(input: .text("success"), type: nil, expected: nil),
        Case(input: .text("yes"), type: nil, expected: nil),
        // Explicit types convert when the value fits, and refuse when it does not.
        Case(input: .text("success"), type: .boolean, expected: nil),
        Case(input: .text("0.7"), type: .boolean, expected: nil),
        Case(input: .number(2), type: .boolean, expected: nil),
        Case(input: .number(1), type: .boolean, expected: .boolean(true)),
        Case(input: .text("0"), type: .boolean, expected: .boolean(false)),
        Case(input: .boolean(true), type: .numerical, expected: .numerical(1)),
        Case(input: .text("true"), type: .numerical, expected: .numerical(1)),
        Case(input: .text("12.5"), type: .numerical, expected: .numerical(12.5)),
        Case(input: .text("abc"), type: .numerical, expected: nil),
        Case(input: .boolean(false), type: .boolean, expected: .boolean(false)),
    ]

    @Test(arguments: cases)
    func detection(_ testCase: Case) {
        let result = SignalValue.detect(testCase.input, as: testCase.type)
        switch result {
        case .success(let value): #expect(value == testCase.expected)
        case .failure(let rejection):
            #expect(testCase.expected == nil, "rejected: \(rejection)")
            #expect(!rejection.reason.isEmpty)
        }
    }
}

@Suite struct SignalTargetTests {
    @Test func signalsAreRecordedWithTheirTypes() throws {
        let test = TestTracer()
        test.tracer.withSpan("llm", kind: .llm, sessionID: "chat-1") { span in
            span.addSignal("cost", 0.0042)
            span.addSignal("helpful", true)
            span.addSignal("tokens", 128)
            span.addSignal("rating", "4.5")
            span.addSignal("converted", "TRUE", target: .trace)
            span.addSignal("resolved", false, target: .session)
            span.addSignal("cost", 0.005)
        }
        let record = try #require(test.exporter.spans.first)
        let signals = record.signals
        #expect(signals.count == 6)
        #expect(signals[0] == Signal(name: "cost", value: .numerical(0.005)))
        #expect(signals[1] == Signal(name: "helpful", value: .boolean(true)))
        #expect(signals[2] == Signal(name: "tokens", value: .numerical(128)))
        #expect(signals[3] == Signal(name: "rating", value: .numerical(4.5)))
        #expect(signals[4] == Signal(name: "converted", value: .boolean(true), target: .trace))
        #expect(signals[5] == Signal(name: "resolved", value: .boolean(false), target: .session))
        #expect(test.diagnostics.all.isEmpty)
    }

    @Test func rejectedValuesAreReportedAndNotRecorded() throws {
        let test = TestTracer()
        test.tracer.withSpan("llm") { span in
            span.addSignal("accuracy", "success")
            span.addSignal("cost", Double.nan)
            span.addSignal("flag", 0.7, type: .boolean)
            span.addSignal("", 1)
            span.addSignal("resolved", true, target: .session)
        }
        #expect(test.exporter.spans.first?.signals.isEmpty == true)
        #expect(test.diagnostics.codes() == [.signalRejected, .signalRejected, .signalRejected, .signalRejected, .signalTargetMissing])
        #expect(test.diagnostics.all[0].message.contains("accuracy"))
    }

    @Test func conveniencesTargetTheCurrentSpan() async throws {
        let test = TestTracer()
        await withTracer(test.tracer) {
            test.tracer.withSpan("root", sessionID: "s") { _ in
                sendSignal("thumbs_up", true)
                sendSignal("converted", 1, target: .trace)
                sendSignal("csat", "4", target: .session)
            }
            sendSignal("orphan", true)
        }
        let record = try #require(test.exporter.spans.first)
        #expect(record.signals.map(\.target) == [.span, .trace, .session])
        #expect(test.diagnostics.codes() == [.signalTargetMissing])
    }
}
