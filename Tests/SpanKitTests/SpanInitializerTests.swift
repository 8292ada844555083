import Foundation
@testable import SpanKit
import Testing

/// The reference SDK's directly constructed span: `Span(name:traceID:)`, `durationMs` and
/// `Span.Status.isError`, through the public API.
@Suite struct SpanInitializerTests {
    @Test func aSpanMadeDirectlyIsARootOfANewTraceRecordedThroughTheCurrentTracer() async throws {
        let clock = ManualClock()
        let test = TestTracer(clock: clock)
        let (span, other) = await withTracer(test.tracer) { (Span(name: "openai-completion"), Span(name: "other")) }
        #expect(span.isRecording)
        #expect(span.name == "openai-completion")
        #expect(span.parentID == nil)
        #expect(span.traceID != other.traceID)
        #expect(Span.current == nil)
        #expect(span.duration == nil && span.durationMs == nil)
        #expect(test.exporter.spans.isEmpty)

        span.setIO(input: "What is 2 + 2?")
        clock.advance(byNanoseconds: 1_500_000)
        span.end()
        #expect(span.durationMs == 1.5)
        #expect(span.duration == .microseconds(1_500))
        let record = try #require(test.exporter.spans.first)
        #expect(test.exporter.spans.count == 1)
        #expect(record.spanID == span.spanID && record.traceID == span.traceID)
        #expect(record.parentID == nil)
        #expect(record.kind == .chain)
        #expect(record.attributes["input.value"] == "What is 2 + 2?")
        other.end()
    }

    @Test func aGivenTraceIDMakesTheSpanJoinThatTraceWithoutAParent() async throws {
        let test = TestTracer()
        let trace = UUID(uuidString: "0af76519-16cd-43dd-8448-eb211c80319c")!
        await withTracer(test.tracer) {
            test.tracer.withSpan("enclosing") { _ in
                let span = Span(name: "joined", traceID: trace)
                #expect(span.traceID == trace)
                #expect(span.parentID == nil, "a span made directly never takes the current span as parent")
                span.end()
            }
        }
        let joined = try #require(test.exporter.spans.first { $0.name == "joined" })
        #expect(joined.traceID == trace && joined.parentID == nil)
    }

    @Test func anAllZeroTraceIDStartsANewTrace() async throws {
        let test = TestTracer()
        let span = await withTracer(test.tracer) { Span(name: "zero", traceID: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))) }
        #expect(span.traceID != UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        #expect(span.isRecording)
        span.end()
    }

    @Test func aSpanMadeDirectlyInheritsTheEnclosingScopes() async throws {
        let test = TestTracer()
        await withTracer(test.tracer) {
            await withSession("chat-7", name: "Support") {
                await withAttributes(userID: "user-3", tags: ["beta": ""]) {
                    Span(name: "scoped").end()
                }
            }
        }
        let record = try #require(test.exporter.spans.first)
        #expect(record.sessionID == "chat-7" && record.sessionName == "Support")
        #expect(record.userID == "user-3")
        #expect(record.tags == ["beta": ""])
    }

    @Test func withoutABoundTracerTheSpanUsesTheGlobalOne() {
        // Tests never bootstrap the global tracer, so it is the disabled one: the span is valid
        // for propagation but records nothing.
        let span = Span(name: "unbootstrapped")
        #expect(!span.isRecording)
        #expect(span.record == nil)
        span.end()
        #expect(span.durationMs == nil)
    }

    @Test func isErrorIsTrueOnlyForTheErrorStatus() throws {
        #expect(Span.Status.error(description: "boom").isError)
        #expect(!Span.Status.ok.isError)
        #expect(!Span.Status.unset.isError)
        let test = TestTracer()
        let span = test.tracer.startSpan("failing")
        #expect(!span.status.isError)
        span.setError(code: "Timeout", message: "the model did not answer")
        #expect(span.status.isError)
        span.end()
        #expect(try #require(test.exporter.spans.first).status.isError)
    }
}
