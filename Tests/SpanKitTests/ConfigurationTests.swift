import Foundation
@testable import SpanKit
import Testing

@Suite struct ConfigurationTests {
    @Test func limitsComeFromTheEnvironment() throws {
        let test = TestTracer(environment: [
            "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT": "3", "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT": "5",
            "OTEL_SPAN_EVENT_COUNT_LIMIT": "1", "OTEL_SPAN_LINK_COUNT_LIMIT": "0",
        ])
        #expect(test.tracer.limits == SpanLimits(attributeCount: 3, attributeValueLength: 5, eventCount: 1, linkCount: 0))
        let span = test.tracer.startSpan("limited")
        span.setAttribute("a", "0123456789")
        span.setAttribute("b", .stringArray(["héllo wörld", "ok"]))
        span.setAttribute("c", 1)
        span.setAttribute("d", 2)
        span.setAttribute("e", 3)
        span.setAttribute("a", "updated-existing-key")
        span.addEvent("one")
        span.addEvent("two")
        span.addLink(to: span.context)
        span.end()
        let record = try #require(test.exporter.spans.first)
        #expect(record.attributes.list.map(\.key) == ["a", "b", "c"])
        #expect(record.attributes["a"] == .string("updat"))
        #expect(record.attributes["b"] == .stringArray(["héllo", "ok"]))
        #expect(record.droppedAttributesCount == 2)
        #expect(record.truncatedValuesCount == 3)
        #expect(record.events.count == 1 && record.droppedEventsCount == 1)
        #expect(record.links.isEmpty && record.droppedLinksCount == 1)
        #expect(test.diagnostics.codes() == [.valueTruncated, .limitReached, .limitReached, .limitReached])
        // One code for the three count limits; the message says which one was reached.
        let limitMessages = test.diagnostics.all.filter { $0.code == .limitReached }.map(\.message)
        #expect(limitMessages.count == 3)
        #expect(limitMessages[0].contains("attribute 'd' dropped, limit of 3 attributes reached"))
        #expect(limitMessages[1].contains("event 'two' dropped, limit of 1 events reached"))
        #expect(limitMessages[2].contains("link dropped, limit of 0 links reached"))
    }

    @Test func defaultAttributeLimitFitsLongFlattenedMessageLists() throws {
        let test = TestTracer()
        #expect(test.tracer.limits.attributeCount == 10_000)
        let span = test.tracer.startSpan("llm", kind: .llm)
        for index in 0..<5_000 {
            span.setAttribute("llm.input_messages.\(index).message.role", "user")
            span.setAttribute("llm.input_messages.\(index).message.content", "message \(index)")
        }
        span.end()
        let record = try #require(test.exporter.spans.first)
        #expect(record.attributes.count == 10_000)
        #expect(record.droppedAttributesCount == 0)
        #expect(record.attributes["llm.input_messages.4999.message.content"] == .string("message 4999"))
    }

    @Test func invalidEnvironmentValuesAreReportedAndIgnored() {
        let test = TestTracer(environment: [
            "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT": "-1", "OTEL_SPAN_EVENT_COUNT_LIMIT": "many",
            "OTEL_SDK_DISABLED": "yes", "OTEL_TRACES_SAMPLER": "sometimes",
        ])
        #expect(test.tracer.limits == SpanLimits())
        #expect(test.tracer.startSpan("still-enabled").isRecording)
        let codes = Set(test.diagnostics.codes())
        #expect(codes == [.invalidConfiguration])
        #expect(test.diagnostics.all.count == 4)
    }

    @Test func codeSettingsWinOverTheEnvironment() {
        let test = TestTracer(environment: ["OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT": "3", "OTEL_TRACES_SAMPLER": "always_off"],
                              sampler: .alwaysOn, limits: SpanLimits(attributeCount: 7))
        #expect(test.tracer.limits.attributeCount == 7)
        #expect(test.tracer.startSpan("on").isRecording)
    }

    @Test func samplerFromTheEnvironment() {
        #expect(!TestTracer(environment: ["OTEL_TRACES_SAMPLER": "always_off"]).tracer.startSpan("x").isRecording)
        #expect(!TestTracer(environment: ["OTEL_TRACES_SAMPLER": "traceidratio", "OTEL_TRACES_SAMPLER_ARG": "0"]).tracer.startSpan("x").isRecording)
        let invalidArgument = TestTracer(environment: ["OTEL_TRACES_SAMPLER": "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG": "2"])
        #expect(invalidArgument.tracer.startSpan("x").isRecording)
        #expect(invalidArgument.diagnostics.codes() == [.invalidConfiguration])
    }
}

@Suite struct SamplerTests {
    @Test func ratioSamplingIsConsistentPerTraceAndNearTheRatio() {
        var sampled = 0
        for _ in 0..<20_000 {
            let traceID = ID128(IDGenerator.makeUUID())
            let first = Sampler.traceIDRatio(0.25).shouldSample(traceID: traceID, parent: nil)
            #expect(first == Sampler.traceIDRatio(0.25).shouldSample(traceID: traceID, parent: nil))
            if first {
                sampled += 1
                #expect(Sampler.traceIDRatio(0.5).shouldSample(traceID: traceID, parent: nil), "a higher ratio keeps every trace a lower one keeps")
            }
        }
        #expect((4_400...5_600).contains(sampled))
    }

    @Test func parentBasedFollowsTheParent() {
        let test = TestTracer(sampler: .parentBased(root: .traceIDRatio(0)))
        let root = test.tracer.startSpan("root")
        #expect(!root.isRecording)
        let child = test.tracer.startSpan("child", parent: .span(root))
        #expect(!child.isRecording && child.traceID == root.traceID && child.parentID == root.spanID)
        let sampledRemote = SpanContext(traceID: IDGenerator.makeUUID(), spanID: IDGenerator.makeUUID(), traceFlags: 1, isRemote: true)
        #expect(test.tracer.startSpan("remote-child", parent: .context(sampledRemote)).isRecording)
        test.tracer.withSpan("unsampled-root") { _ in
            test.tracer.withSpan("unsampled-child") { span in #expect(!span.isRecording) }
        }
        #expect(test.exporter.spans.map(\.name) == [])
    }
}
