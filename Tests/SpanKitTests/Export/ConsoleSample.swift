import Foundation
@testable import SpanKit

/// A deterministic LLM trace on a manual clock: a chain with a retriever, an LLM call with
/// tokens, a model and a cost, and a failing tool call under it.
enum ConsoleSample {
    static func records() -> [SpanRecord] {
        let clock = ManualClock()
        let test = TestTracer(clock: clock)
        let tracer = test.tracer
        tracer.withSpan("answer-question", sessionID: "chat-42", sessionName: "Customer 42", userID: "user-7") { root in
            clock.advance(byNanoseconds: 100_000)
            tracer.withSpan("search-docs", kind: .retriever) { _ in clock.advance(byNanoseconds: 3_210_000) }
            clock.advance(byNanoseconds: 50_000)
            tracer.withSpan("chat-completion", kind: .llm) { span in
                span.setAttribute("llm.model_name", "gpt-4o-mini")
                span.setAttribute("llm.token_count.prompt", 42)
                span.setAttribute("llm.token_count.completion", 9)
                span.addSignal("cost", 0.000012)
                clock.advance(byNanoseconds: 20_000_000)
                tracer.withSpan("parse-tool-call", kind: .tool) { tool in
                    clock.advance(byNanoseconds: 850)
                    tool.setError(code: "DecodingError", message: "bad JSON")
                }
                clock.advance(byNanoseconds: 299_150)
            }
            root.addSignal("accurate", true)
            root.addSignal("converted", 1, target: .trace)
            clock.advance(byNanoseconds: 2_440_000)
        }
        return test.exporter.spans
    }
}
