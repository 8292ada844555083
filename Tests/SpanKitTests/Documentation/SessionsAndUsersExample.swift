// The code of the DocC article `SessionsAndUsers.md` (see GettingStartedExample.swift for how the
// articles and these files are kept in step).
import Foundation
import SpanKit

// MARK: - Group a conversation

func reply(to message: String, conversationID: String, userID: String, client: some ChatClient) async throws -> String {
    try await withSession(conversationID, name: "Support chat") {
        try await withAttributes(userID: userID) {
            try await tracer.chain("chat-turn", input: message) { message in
                let reply = try await tracer.llm(
                    "chat-completion", messages: [.system("You are a support agent."), .user(message)],
                    model: "gpt-4o-mini", provider: .openai
                ) { messages in
                    let reply = try await client.complete(messages, tools: [])
                    Span.current?.setTokenCounts(prompt: reply.promptTokens, completion: reply.completionTokens)
                    return Message.assistant(reply.text)
                }
                return reply.content ?? ""
            }
        }
    }
}

func newConversationID() -> String {
    "support-" + UUID().uuidString.lowercased()
}

// MARK: - Inheritance and precedence

func inheritanceRules() async {
    await withSession("session-a", name: "Outer") {
        await withAttributes(userID: "user-1") {
            await tracer.withSpan("root") { root in              // session-a "Outer", user-1
                tracer.withSpan("child") { _ in }                // session-a "Outer", user-1: inherited
                await withSession("session-b") {
                    tracer.withSpan("inner-scope") { _ in }      // session-b without a name, user-1
                }
                tracer.withSpan("explicit", sessionID: "session-c", userID: "user-2") { _ in
                    tracer.withSpan("grandchild") { _ in }       // session-c, user-2: from its parent
                }
                root.setUser(id: "user-3")                       // the root's user from now on
                tracer.withSpan("later-child") { _ in }          // session-a, user-3: the parent's value now
            }
        }
    }
}

// MARK: - Tags

func taggedWork() async {
    await withAttributes(tags: ["env": "prod", "team": "search"]) {
        await withAttributes(tags: ["beta": ""]) {
            tracer.withSpan("rank-results", tags: ["team": "ranking"]) { _ in }
        }
    }
}

// MARK: - The JSON format's session id

func jsonSessionID(of span: Span) -> String? {
    guard case .object(let fields) = span.toJSON(), case .string(let id)? = fields["session_id"] else { return nil }
    return id
}
