import Foundation
@testable import SpanKit
import SpanKitTesting
import Testing

/// Issue 12: no span created inside `withTracingSuppressed` reaches an exporter — sync, async,
/// nested and in child tasks — and spans after it do.
@Suite struct TracingSuppressionTests {
    @Test func spansInsideAreNotRecordedAndSpansAfterAre() async throws {
        let test = TestTracer()
        await withTracer(test.tracer) {
            await test.tracer.withSpan("answer") { _ in
                let grade = await withTracingSuppressed {
                    await test.tracer.llm("grader-call", messages: [.user("Grade this")]) { _ in
                        #expect(Span.current?.isRecording == false)
                        test.tracer.withSpan("inner-sync") { span in #expect(!span.isRecording) }
                        let started = test.tracer.startSpan("started")
                        started.end()
                        return Message.assistant("A")
                    }
                }
                #expect(grade.content == "A")
                test.tracer.withSpan("after-async") { _ in }
            }
        }
        #expect(test.exporter.spans.map(\.name) == ["after-async", "answer"])
        let after = try #require(test.exporter.spans.first)
        #expect(after.parentID == test.exporter.spans.last?.spanID, "spans after it continue the trace")
    }

    @Test func childTasksInheritItAndTheSyncFormSuppressesToo() async throws {
        let test = TestTracer()
        await withTracer(test.tracer) {
            await withTracingSuppressed {
                await withTaskGroup(of: Void.self) { group in
                    for index in 0..<4 {
                        group.addTask { test.tracer.withSpan("child-\(index)") { _ in } }
                    }
                }
                let inherited = Task { test.tracer.withSpan("unstructured") { _ in } }
                await inherited.value
            }
            withTracingSuppressed {
                test.tracer.withSpan("sync-inside") { _ in }
                Span(name: "initializer-inside").end()
            }
            test.tracer.withSpan("outside") { _ in }
        }
        #expect(test.exporter.spans.map(\.name) == ["outside"])
        #expect(test.diagnostics.all.isEmpty)
    }

    @Test func aSuppressedSpansContextSaysNotSampled() async throws {
        let test = TestTracer()
        var headers: [String: String] = [:]
        withTracingSuppressed {
            test.tracer.withSpan("call-service", otelKind: .client) { span in
                W3CTraceContext.inject(span.context, into: &headers)
            }
        }
        #expect(headers["traceparent"]?.hasSuffix("-00") == true, "\(headers)")
        #expect(test.exporter.spans.isEmpty)
    }
}
