// A small question-answering workflow, traced: a CHAIN root with a RETRIEVER and an LLM child,
// two turns of one session, with cost and accuracy signals. Each finished span is printed as
// one line of SpanKit's JSON span format.
import Foundation
import SpanKit

/// Prints every finished span as a JSON line (a processor written against the public API).
final class JSONLinesPrinter: SpanProcessor {
    func onEnd(_ span: Span) {
        if let json = span.json { print(json) }
    }
    func flush(deadline: ContinuousClock.Instant) async -> FlushResult { FlushResult() }
    func shutdown(deadline: ContinuousClock.Instant) async -> FlushResult { FlushResult() }
}

SpanKit.bootstrap(Tracer(processor: JSONLinesPrinter()))

let knowledge = [
    "France": "The capital of France is Paris.",
    "Italy": "The capital of Italy is Rome.",
]

func answer(_ question: String) async -> String {
    await tracer.withSpan("answer-question", kind: .chain) { root in
        root.setIO(input: question)
        let documents = await tracer.withSpan("search-docs", kind: .retriever) { span in
            span.setIO(input: question)
            try? await Task.sleep(for: .milliseconds(3))  // stands in for a vector search
            let hits = knowledge.filter { question.contains($0.key) }.map(\.value)
            span.setIO(output: hits)
            return hits
        }
        let reply = await tracer.withSpan("chat-completion", kind: .llm, otelKind: .client) { span in
            span.setAttribute("llm.model_name", "gpt-4o-mini")
            span.setAttribute("llm.provider", "openai")
            span.setIO(input: question)
            try? await Task.sleep(for: .milliseconds(20))  // stands in for the model call
            let text = documents.first ?? "I don't know."
            span.setIO(output: text)
            span.setAttribute("llm.token_count.prompt", 42)
            span.setAttribute("llm.token_count.completion", 9)
            span.addSignal("cost", 0.000012)          // numerical
            return text
        }
        root.setIO(output: reply)
        root.addSignal("accurate", !documents.isEmpty) // boolean
        return reply
    }
}

await withSession("quickstart-\(UUID().uuidString.prefix(8))", name: "Quickstart") {
    await withUser("user-1") {
        _ = await answer("What is the capital of France?")
        _ = await answer("And the capital of Italy?")
    }
}
await SpanKit.shutdown()
