import Foundation
@testable import SpanKit
import TestSupport
import Testing

/// `quickstart` against a real Phoenix: two turns of one session, each a CHAIN with a
/// retriever, a tool-calling LLM step, the tool and the answering LLM step, plus signals.
@Suite struct QuickstartExampleTests {
    @Test(.enabled(if: PhoenixPeer.shouldRun))
    func twoTurnsLandAsOneSessionWithCostAndSignals() async throws {
        let project = PhoenixPeer.uniqueProject("example-quickstart")
        let run = try await ExampleProcess.run("quickstart", environment: try ExampleProcess.phoenixEnvironment(project: project))
        try #require(run.status == 0, "\(run)")
        #expect(run.standardOutput.contains("exported 10 spans over OTLP"), "\(run)")

        let phoenix = PhoenixProject(project)
        let spans = try await phoenix.spans(atLeast: 10)
        #expect(spans.count == 10)
        let roots = spans.roots
        try #require(roots.count == 2, "\(spans)")
        for root in roots {
            expectTree(spans.trace(of: root), root: SpanShape("answer-question", "CHAIN"), children: [
                SpanShape("search-docs", "RETRIEVER"), SpanShape("plan", "LLM"), SpanShape("population", "TOOL"), SpanShape("answer", "LLM"),
            ])
        }
        #expect(spans.allSatisfy { $0["user.id"] == "user-1" })

        // Both traces share the run's session.
        let sessionID = try #require(roots[0]["session.id"]?.asString)
        #expect(sessionID.hasPrefix("quickstart-"))
        #expect(spans.allSatisfy { $0["session.id"] == .string(sessionID) })
        let sessions = try await phoenix.sessions(atLeast: 1)
        #expect(sessions.map { $0["session_id"] } == [.string(sessionID)])
        let sessionTraces = Set(sessions.first?["traces"]?.asArray?.compactMap { $0["trace_id"]?.asString } ?? [])
        #expect(sessionTraces == Set(roots.map(\.traceID)))

        // The model's tool call and the TOOL span that answers it.
        let plan = try #require(spans.trace(of: roots[0]).first { $0.name == "plan" })
        #expect(plan["llm.token_count.prompt"] == 48 && plan["llm.token_count.completion"] == 9 && plan["llm.token_count.total"] == 57)
        #expect(plan["llm.output_messages.0.message.tool_calls.0.tool_call.function.name"] == "population")
        let tool = try #require(spans.trace(of: roots[0]).first { $0.kind == "TOOL" })
        #expect(tool["tool.id"] == plan["llm.output_messages.0.message.tool_calls.0.tool_call.id"])
        #expect(tool["output.value"] == "2.1")

        let cost = try await PhoenixProject.cost(ofSpan: plan.globalID)
        #expect((cost ?? 0) > 0, "Phoenix computed no cost for gpt-4o-mini")

        // Signals: cost, accuracy and grounded on each root; resolved on the session.
        let annotations = try await phoenix.spanAnnotations(spanIDs: roots.map(\.spanID), atLeast: 6)
        #expect(Set(annotations.compactMap { $0["name"]?.asString }) == ["cost", "accuracy", "grounded"])
        #expect(annotations.allSatisfy { $0["annotator_kind"] == "CODE" })
        let sessionAnnotations = try await phoenix.sessionAnnotations(sessionIDs: [sessionID], atLeast: 1)
        #expect(sessionAnnotations.map { $0["name"] } == ["resolved"])
        #expect(sessionAnnotations.first?["result"]?["label"] == "true")
    }
}
