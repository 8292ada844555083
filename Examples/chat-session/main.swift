// SpanKit chat-session: a multi-turn conversation grouped by session and user.
//
// Three turns of one conversation with a (simulated) assistant. Each turn is a CHAIN root
// "chat-turn" with one LLM child "chat-completion" that sees the whole history so far. The
// session, the user, metadata and tags are scoped once around the conversation and every span
// inherits them, so Phoenix shows the three traces as one session of user "reader-42" and lets
// you filter by plan, locale or tag. No network is needed.
//
//   swift run chat-session                                                 # console tree + spankit-spans.jsonl
//   PHOENIX_COLLECTOR_ENDPOINT=http://127.0.0.1:6006 swift run chat-session   # export to Phoenix
import Foundation
import SpanKit

SpanKitSystem.bootstrap(SpanKitSystem.Configuration(serviceName: "chat-session"))

/// The user's side of the conversation.
let questions = [
    "Can you recommend a book about Swift concurrency?",
    "Is it suitable for beginners?",
    "Great, thanks. Is there an audiobook?",
]

/// Pretends to be a chat model: a canned reply per turn, token counts estimated from the text.
func simulatedAssistant(_ history: [Message]) async -> (reply: String, prompt: Int, completion: Int) {
    try? await Task.sleep(for: .milliseconds(12))
    let turn = history.filter { $0.role == "user" }.count
    let replies = [
        "Try \"Modern Concurrency in Swift\": it covers async/await, tasks and actors.",
        "Yes. It starts from callbacks and builds up; you only need basic Swift.",
        "Not that I know of, but the sample projects are a good companion.",
    ]
    let reply = replies[min(turn, replies.count) - 1]
    let prompt = history.reduce(0) { $0 + estimatedTokens($1.content ?? "") + 4 }
    return (reply, prompt, estimatedTokens(reply))
}

/// Roughly four tokens for every three words, the usual rule of thumb for English.
func estimatedTokens(_ text: String) -> Int {
    max(1, text.split(separator: " ").count * 4 / 3)
}

/// Runs the conversation; every span inside inherits the session, user, metadata and tags.
func converse() async {
    var history: [Message] = [.system("You are a friendly librarian. Keep answers short.")]
    for (index, question) in questions.enumerated() {
        // Nested metadata merges with the outer scope's keys, so each turn also carries its number.
        let answer = await withAttributes(metadata: ["turn": .int(index + 1)]) {
            await tracer.chain("chat-turn", input: question) { question in
                history.append(.user(question))
                let reply = await tracer.llm(
                    "chat-completion", messages: history, model: "gpt-4o-mini", provider: .openai,
                    invocationParameters: ["temperature": 0.7, "max_tokens": 200]
                ) { messages in
                    let (text, prompt, completion) = await simulatedAssistant(messages)
                    Span.current?.setTokenCounts(prompt: prompt, completion: completion)
                    Span.current?.setLLM(finishReason: "stop")
                    return Message.assistant(text)
                }
                history.append(reply)
                return reply.content ?? ""
            }
        }
        print("user:      \(question)\nassistant: \(answer)")
    }
}

// Phoenix keeps one session per id across all projects, so every run gets a fresh one.
let sessionID = "chat-\(UUID().uuidString.prefix(8).lowercased())"
await withSession(sessionID, name: "Book recommendations") {
    await withAttributes(
        userID: "reader-42", metadata: ["plan": "pro", "locale": "en-GB", "app_version": "2.3.1"],
        tags: ["example": "", "chat": ""]
    ) {
        await converse()
    }
}
print("session \(sessionID): \(questions.count) turns")

// Delivers everything still queued before the process exits; a failure shows in the exit status.
let delivery = await SpanKitSystem.shutdown(deadline: .now + .seconds(10))
let undelivered = delivery.failed + delivery.dropped + delivery.pending
if undelivered > 0 {
    print("\(undelivered) spans could not be delivered")
    exit(1)
}
