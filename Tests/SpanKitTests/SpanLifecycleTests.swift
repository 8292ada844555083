import Foundation
@testable import SpanKit
import Testing

struct NotEncodable: Encodable {
    struct Failure: Error {}
    func encode(to encoder: any Encoder) throws { throw Failure() }
}

struct Question: Encodable {
    let text: String
    let topK: Int
}

struct ToolFailure: Error, CustomStringConvertible {
    var description: String { "tool exploded" }
}

@Suite struct SpanLifecycleTests {
    @Test func withSpanRecordsAndEndsTheSpan() throws {
        let test = TestTracer()
        let result = test.tracer.withSpan("answer", kind: .chain) { span in
            span.setAttribute("custom.count", 3)
            return span.spanID
        }
        let record = try #require(test.exporter.spans.first)
        #expect(test.exporter.spans.count == 1)
        #expect(record.spanID == result)
        #expect(record.name == "answer")
        #expect(record.kind == .chain)
        #expect(record.attributes["custom.count"] == .int(3))
        #expect(record.status == .ok)
        #expect(record.endTime != nil)
        #expect(record.parentID == nil)
    }

    @Test func asyncWithSpanEndsAfterTheAwaitedWork() async throws {
        let test = TestTracer()
        let value = await test.tracer.withSpan("async-work", kind: .llm) { span in
            try? await Task.sleep(nanoseconds: 2_000_000)
            #expect(span.isRecording)
            return 42
        }
        #expect(value == 42)
        let record = try #require(test.exporter.spans.first)
        #expect(record.kind == .llm)
        #expect(try #require(record.duration) >= .milliseconds(2))
    }

    @Test func thrownErrorIsRecordedRethrownAndTheSpanEnded() throws {
        let test = TestTracer()
        #expect(throws: ToolFailure.self) {
            try test.tracer.withSpan("tool", kind: .tool) { _ in throw ToolFailure() }
        }
        let record = try #require(test.exporter.spans.first)
        #expect(record.status == .error(description: "tool exploded"))
        #expect(record.error?.message == "tool exploded")
        #expect(record.error?.code.hasSuffix("ToolFailure") == true)
        let event = try #require(record.events.first)
        #expect(event.name == "exception")
        #expect(event.attributes["exception.message"] == .string("tool exploded"))
        #expect(event.attributes["exception.escaped"] == .bool(true))
        #expect(event.attributes["exception.type"]?.stringValue?.hasSuffix("ToolFailure") == true)
        #expect(event.attributes["exception.stacktrace"] != nil)
        #expect(record.endTime != nil)
    }

    @Test func asyncThrownErrorIsRecorded() async throws {
        let test = TestTracer()
        await #expect(throws: ToolFailure.self) {
            try await test.tracer.withSpan("tool") { _ in
                await Task.yield()
                throw ToolFailure()
            }
        }
        #expect(test.exporter.spans.first?.status == .error(description: "tool exploded"))
    }

    @Test func endTwiceKeepsTheFirstEndTimeAndExportsOnce() throws {
        let clock = ManualClock()
        let test = TestTracer(clock: clock)
        let span = test.tracer.startSpan("manual")
        clock.advance(byNanoseconds: 5_000_000)
        span.end()
        let firstEnd = try #require(span.endTime)
        clock.advance(byNanoseconds: 7_000_000)
        span.end()
        #expect(span.endTime == firstEnd)
        #expect(span.duration == .milliseconds(5))
        #expect(test.exporter.spans.count == 1)
    }

    /// A snapshot copies: whatever it shows is still exported with the span, and the snapshot
    /// keeps it after the export took the span's values.
    @Test func aSnapshotLeavesTheSpanWhole() throws {
        let test = TestTracer()
        let span = test.tracer.startSpan("whole", sessionID: "s-1", tags: ["t": "1"])
        span.setAttribute("key", "value")
        span.addEvent("event")
        span.addSignal("cost", 1.5)
        span.addLink(to: test.tracer.startSpan("other").context)
        let snapshot = try #require(span.record)
        span.end()
        let exported = try #require(test.exporter.spans.first)
        for record in [snapshot, exported] {
            #expect(record.name == "whole" && record.attributes["key"] == .string("value"))
            #expect(record.events.map(\.name) == ["event"] && record.signals.count == 1 && record.links.count == 1)
            #expect(record.sessionID == "s-1" && record.tags == ["t": "1"])
        }
    }

    @Test func writesAfterEndChangeNothingAndAreCounted() throws {
        let test = TestTracer()
        let span = test.tracer.startSpan("frozen", sessionID: "s-1")
        span.setAttribute("before", "yes")
        span.end()
        let snapshot = try #require(span.record)

        span.setAttribute("after", "no")
        span.setAttribute("before", "changed")
        span.setIO(input: "late input", output: "late output")
        span.addEvent("late")
        span.addSignal("cost", 1.5)
        span.setStatus(.error(description: "late"))
        span.setError(code: "E", message: "late")
        span.setTags(["late": "tag"])
        span.setSession(id: "other")
        span.setUser(id: "user")
        span.updateName("renamed")

        let after = try #require(span.record)
        #expect(after.attributes == snapshot.attributes)
        #expect(after.name == "frozen")
        #expect(after.status == snapshot.status)
        #expect(after.events.isEmpty && after.signals.isEmpty && after.tags.isEmpty)
        #expect(after.sessionID == "s-1")
        #expect(after.userID == nil)
        #expect(after.ignoredWritesCount == 12)
        #expect(!span.isRecording)
        #expect(span.record?.endTime != nil)
    }

    @Test func durationNeverGoesNegativeWhenTheWallClockStepsBack() throws {
        let clock = ManualClock()
        let test = TestTracer(clock: clock)
        let span = test.tracer.startSpan("clock-step")
        clock.stepWallClock(byNanoseconds: -3_600_000_000_000)
        clock.advance(byNanoseconds: 1_000_000)
        span.end()
        let record = try #require(span.record)
        #expect(record.duration == .milliseconds(1))
        #expect(try #require(record.endTime) > record.startTime)
    }

    @Test func setIOStoresStringsVerbatimAndEncodablesAsJSON() throws {
        let test = TestTracer()
        test.tracer.withSpan("io") { span in
            span.setIO(input: Question(text: "Capital of France?", topK: 3), output: "Paris")
        }
        let record = try #require(test.exporter.spans.first)
        #expect(record.attributes["input.value"] == .string(#"{"text":"Capital of France?","topK":3}"#))
        #expect(record.attributes["input.mime_type"] == .string("application/json"))
        #expect(record.attributes["output.value"] == .string("Paris"))
        #expect(record.attributes["output.mime_type"] == .string("text/plain"))
        #expect(record.input == #"{"text":"Capital of France?","topK":3}"#)
        #expect(record.output == "Paris")
    }

    @Test func preEncodedTextIsRecordedVerbatimWithTheGivenMIMEType() throws {
        let test = TestTracer()
        let body = #"{"model": "gpt-4o-mini", "messages": []}"#
        test.tracer.withSpan("io") { span in
            span.setIO(input: body, output: #"{"id":"chatcmpl-1"}"#, mimeType: .json)
        }
        test.tracer.withSpan("mixed") { span in
            // The MIME type labels strings only: an Encodable value is JSON whatever it says.
            span.setIO(input: Question(text: "Why?", topK: 1), output: "plain answer", mimeType: .text)
        }
        let record = try #require(test.exporter.spans.first { $0.name == "io" })
        #expect(record.attributes["input.value"] == .string(body), "verbatim, not re-encoded or quoted")
        #expect(record.attributes["input.mime_type"] == "application/json")
        #expect(record.attributes["output.value"] == #"{"id":"chatcmpl-1"}"#)
        #expect(record.attributes["output.mime_type"] == "application/json")
        let mixed = try #require(test.exporter.spans.first { $0.name == "mixed" })
        #expect(mixed.attributes["input.value"] == #"{"text":"Why?","topK":1}"#)
        #expect(mixed.attributes["input.mime_type"] == "application/json")
        #expect(mixed.attributes["output.mime_type"] == "text/plain")
    }

    @Test func setIOWithNilLeavesASideUnchanged() throws {
        let test = TestTracer()
        test.tracer.withSpan("io") { span in
            span.setIO(input: "first")
            span.setIO(output: ["a": 1] as [String: Int])
        }
        let record = try #require(test.exporter.spans.first)
        #expect(record.input == "first")
        #expect(record.output == #"{"a":1}"#)
    }

    @Test func failingEncodableBecomesADiagnosticNotAThrow() throws {
        let test = TestTracer()
        test.tracer.withSpan("io") { span in
            span.setIO(input: NotEncodable(), output: [Double.nan])
        }
        let record = try #require(test.exporter.spans.first)
        #expect(record.attributes["input.mime_type"] == .string("text/plain"))
        #expect(record.input == "<NotEncodable could not be encoded as JSON>")
        #expect(record.output == "<Array<Double> could not be encoded as JSON>")
        #expect(test.diagnostics.codes() == [.encodingFailed, .encodingFailed])
        #expect(record.status == .ok)
    }

    @Test func statusFollowsOpenTelemetryRules() throws {
        let test = TestTracer()
        let span = test.tracer.startSpan("status")
        #expect(span.status == .unset)
        span.setStatus(.error(description: "first"))
        span.setStatus(.unset)
        #expect(span.status == .error(description: "first"))
        span.setStatus(.ok)
        span.setStatus(.error(description: "after ok"))
        #expect(span.status == .ok)
        span.end()
    }

    @Test func setErrorRecordsDetailsAndAnExceptionEvent() throws {
        let test = TestTracer()
        let span = test.tracer.startSpan("llm", kind: .llm)
        span.setError(code: "RateLimited", message: "429 from provider", stack: "frame 1\nframe 2")
        span.end()
        let record = try #require(test.exporter.spans.first)
        #expect(record.error == SpanError(code: "RateLimited", message: "429 from provider", stack: "frame 1\nframe 2"))
        #expect(record.status == .error(description: "429 from provider"))
        #expect(record.events.first?.attributes["exception.type"] == .string("RateLimited"))
        #expect(record.events.first?.attributes["exception.stacktrace"] == .string("frame 1\nframe 2"))
    }

    @Test func eventsAndLinksAreRecordedWithTheirAttributes() throws {
        let test = TestTracer()
        let other = SpanContext(traceID: IDGenerator.makeUUID(), spanID: IDGenerator.makeUUID())
        let span = test.tracer.startSpan("linked", links: [other])
        span.addEvent("first-token", attributes: ["index": 0])
        span.addLink(to: other, attributes: ["reason": "batch"])
        span.end()
        let record = try #require(test.exporter.spans.first)
        #expect(record.events.map(\.name) == ["first-token"])
        #expect(record.events.first?.attributes["index"] == .int(0))
        #expect(record.links.count == 2)
        #expect(record.links.map(\.context) == [other, other])
        #expect(record.links.first?.attributes.isEmpty == true)
        #expect(record.links.last?.attributes["reason"] == .string("batch"))
    }

    @Test func nonRecordingSpanSettersDoNothing() throws {
        let test = TestTracer(sampler: .alwaysOff)
        let span = test.tracer.startSpan("dropped")
        span.setAttribute("a", 1)
        span.setIO(input: "x")
        span.addSignal("cost", 1)
        span.addEvent("e")
        span.end()
        #expect(!span.isRecording)
        #expect(span.record == nil)
        #expect(span.attributes.isEmpty)
        #expect(span.name == "")
        #expect(span.toJSON() == .null)
        #expect(test.exporter.spans.isEmpty)
        #expect(!span.context.isSampled)
    }

    @Test func disabledTracerRecordsNothing() {
        let test = TestTracer(environment: ["OTEL_SDK_DISABLED": "true"])
        test.tracer.withSpan("x") { span in #expect(!span.isRecording) }
        #expect(test.exporter.spans.isEmpty)
        #expect(!Tracer.disabled.startSpan("y").isRecording)
    }
}
