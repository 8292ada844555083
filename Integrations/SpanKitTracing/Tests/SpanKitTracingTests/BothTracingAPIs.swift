// Moved from CompileChecks/DistributedTracing: compiled with the tests, it fails the build when
// a SpanKit type shadows the module name or a SpanKit name can no longer be qualified.

import SpanKit
import Tracing

// Every type both modules name (Span, Tracer, SpanKind, SpanAttributes, SpanEvent, SpanLink,
// SpanStatus) is written here with its module, the way an app that uses both must write it.

/// Records an LLM call with SpanKit inside an operation traced with swift-distributed-tracing.
func answer(_ question: String, using spanKitTracer: SpanKit.Tracer) -> String {
    withSpan("handle-request", ofKind: Tracing.SpanKind.server) { (requestSpan: any Tracing.Span) in
        requestSpan.attributes["question.length"] = question.count
        var attributes = Tracing.SpanAttributes()
        attributes["component"] = "coexistence"
        requestSpan.addEvent(Tracing.SpanEvent(name: "received", attributes: attributes))
        requestSpan.setStatus(Tracing.SpanStatus(code: .ok))

        let span: SpanKit.Span = spanKitTracer.startSpan("chat-completion", kind: .llm)
        span.setLLM(model: "gpt-4o-mini", provider: .openai)
        span.setIO(input: question, output: "42")
        span.addEvent("first-token")
        span.end()
        return "42"
    }
}

/// The SpanKit types that share a name with a `Tracing` type, named with their module.
func spanKitNames(of span: SpanKit.Span) -> [String] {
    let status: SpanKit.Span.Status = span.status
    let record: SpanKit.SpanRecord? = span.record
    let events: [SpanKit.Span.Event] = record?.events ?? []
    let links: [SpanKit.Span.Link] = record?.links ?? []
    return ["\(status)", "\(events.count)", "\(links.count)"]
}

/// The process-wide entry points, qualified as well.
func bootstrapBoth() -> SpanKit.Tracer {
    InstrumentationSystem.bootstrap(NoOpTracer())
    return SpanKit.SpanKitSystem.bootstrap(SpanKit.SpanKitSystem.Configuration(destination: .console(file: nil)))
}
