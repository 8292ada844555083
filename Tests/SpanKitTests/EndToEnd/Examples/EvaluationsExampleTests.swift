import Foundation
@testable import SpanKit
import TestSupport
import Testing

/// `evaluations` against a real Phoenix: span, trace and session signals arrive as span,
/// trace and session annotations; a signal whose type cannot be told is refused.
@Suite struct EvaluationsExampleTests {
    @Test(.enabled(if: PhoenixPeer.shouldRun))
    func signalsBecomeSpanTraceAndSessionAnnotations() async throws {
        let project = PhoenixPeer.uniqueProject("example-evaluations")
        let run = try await ExampleProcess.run("evaluations", environment: try ExampleProcess.phoenixEnvironment(project: project))
        try #require(run.status == 0, "\(run)")
        // The refused signal is reported, not recorded.
        #expect(run.standardError.contains("signal 'verdict'"), "\(run)")

        let phoenix = PhoenixProject(project)
        let spans = try await phoenix.spans(atLeast: 6)
        #expect(spans.count == 6)
        let roots = spans.roots
        try #require(roots.count == 2, "\(spans)")
        for root in roots {
            expectTree(spans.trace(of: root), root: SpanShape("answer-question", "CHAIN"), children: [
                SpanShape("chat-completion", "LLM"), SpanShape("grade-answer", "EVALUATOR"),
            ])
        }
        let sessionID = try #require(roots[0]["session.id"]?.asString)
        #expect(sessionID.hasPrefix("support-") && roots[1]["session.id"] == .string(sessionID))
        #expect(spans.allSatisfy { $0["user.id"] == "customer-7" })

        // cost: a span annotation on each model call, the price of its tokens.
        let calls = spans.named("chat-completion")
        let costs = try await phoenix.spanAnnotations(spanIDs: calls.map(\.spanID), atLeast: 2)
        try #require(costs.count == 2, "\(costs)")
        for call in calls {
            let annotation = try #require(costs.first { $0["span_id"] == .string(call.spanID) })
            #expect(annotation["name"] == "cost")
            #expect(annotation["annotator_kind"] == "CODE")
            let prompt = Double(call["llm.token_count.prompt"]?.asInt ?? 0), completion = Double(call["llm.token_count.completion"]?.asInt ?? 0)
            let expected = (prompt * 0.15 + completion * 0.60) / 1_000_000
            let score = try #require(annotation["result"]?["score"]?.asDouble)
            #expect(abs(score - expected) < 1e-12 && score > 0, "\(score) vs \(expected)")
        }

        // accuracy: a trace annotation per turn, from the evaluator.
        let accuracy = try await phoenix.traceAnnotations(traceIDs: roots.map(\.traceID), atLeast: 2)
        let scores = roots.map { root in accuracy.first { $0["trace_id"] == .string(root.traceID) }?["result"]?["score"]?.asDouble }
        #expect(scores == [1.0, 0.5], "\(accuracy)")
        #expect(accuracy.allSatisfy { $0["name"] == "accuracy" })

        // thumbs_up: one session annotation, a boolean as label and score.
        let ratings = try await phoenix.sessionAnnotations(sessionIDs: [sessionID], atLeast: 1)
        try #require(ratings.count == 1, "\(ratings)")
        #expect(ratings[0]["name"] == "thumbs_up")
        #expect(ratings[0]["result"]?["label"] == "true" && ratings[0]["result"]?["score"] == 1.0)

        // Nothing else was annotated: the refused "verdict" never left the process.
        let rootAnnotations = try await phoenix.spanAnnotations(spanIDs: roots.map(\.spanID), atLeast: 0)
        #expect(rootAnnotations.isEmpty, "\(rootAnnotations)")
        #expect(spans.allSatisfy { !$0.attributes.jsonString.contains("verdict") })

        // Phoenix prices the same calls itself.
        let cost = try await PhoenixProject.cost(ofSpan: calls[0].globalID)
        #expect((cost ?? 0) > 0, "Phoenix computed no cost for gpt-4o-mini")
    }
}
