import Foundation
@testable import SpanKit
import TestSupport
import Testing

/// `chat-session` against a real Phoenix: three turns grouped by session and user, with
/// metadata and tags on every span.
@Suite struct ChatSessionExampleTests {
    @Test(.enabled(if: PhoenixPeer.shouldRun))
    func turnsShareSessionUserMetadataAndTags() async throws {
        let project = PhoenixPeer.uniqueProject("example-chat")
        let run = try await ExampleProcess.run("chat-session", environment: try ExampleProcess.phoenixEnvironment(project: project))
        try #require(run.status == 0, "\(run)")

        let phoenix = PhoenixProject(project)
        let spans = try await phoenix.spans(atLeast: 6)
        #expect(spans.count == 6)
        let roots = spans.roots
        try #require(roots.count == 3, "\(spans)")
        for root in roots {
            expectTree(spans.trace(of: root), root: SpanShape("chat-turn", "CHAIN"), children: [SpanShape("chat-completion", "LLM")])
        }

        let sessionID = try #require(roots[0]["session.id"]?.asString)
        #expect(sessionID.hasPrefix("chat-"))
        for span in spans {
            #expect(span["session.id"] == .string(sessionID), "\(span)")
            #expect(span["user.id"] == "reader-42", "\(span)")
            #expect(span["metadata.plan"] == "pro" && span["metadata.locale"] == "en-GB" && span["metadata.app_version"] == "2.3.1", "\(span)")
            #expect(span["tag.tags"] == ["chat", "example"], "\(span)")
        }
        // The per-turn scope merges its key into the conversation's metadata.
        #expect(roots.map { $0["metadata.turn"] } == [1, 2, 3])

        // Each turn's model call sees the whole conversation so far.
        let calls = roots.compactMap { spans.children(of: $0).first }
        for (turn, call) in calls.enumerated() {
            // The system prompt, a question and an answer per earlier turn, then this question.
            let last = 2 * turn + 1
            #expect(call["llm.input_messages.\(last).message.role"] == "user")
            #expect(call["llm.input_messages.\(last + 1).message.role"] == nil)
        }
        #expect(calls[2]["llm.input_messages.5.message.content"] == "Great, thanks. Is there an audiobook?")
        #expect(calls[2]["llm.input_messages.4.message.role"] == "assistant")
        #expect(calls.allSatisfy { ($0["llm.token_count.prompt"]?.asInt ?? 0) > 0 && ($0["llm.token_count.completion"]?.asInt ?? 0) > 0 })
        #expect(roots[0]["input.value"] == "Can you recommend a book about Swift concurrency?")

        // One session with all three traces and their tokens.
        let sessions = try await phoenix.sessions(atLeast: 1)
        try #require(sessions.count == 1, "\(sessions)")
        #expect(sessions[0]["session_id"] == .string(sessionID))
        let traceIDs = sessions[0]["traces"]?.asArray?.compactMap { $0["trace_id"]?.asString } ?? []
        #expect(Set(traceIDs) == Set(roots.map(\.traceID)) && traceIDs.count == 3)
        let tokens = calls.reduce(0) { $0 + ($1["llm.token_count.total"]?.asInt ?? 0) }
        #expect(sessions[0]["token_count_total"]?.asInt == tokens)

        let cost = try await PhoenixProject.cost(ofSpan: calls[0].globalID)
        #expect((cost ?? 0) > 0, "Phoenix computed no cost for gpt-4o-mini")
    }
}
