// SpanKit evaluations: signals on spans, traces and sessions, and how they reach Phoenix.
//
// A two-turn support conversation. Each turn is a CHAIN root "answer-question" with an LLM child
// "chat-completion" and an EVALUATOR child "grade-answer" that grades the answer against a
// reference. Three signals, one per target:
//
//   signal     type       attached to            in Phoenix
//   cost       numerical  the LLM span           span annotation "cost" (score = dollars)
//   accuracy   numerical  the trace              trace annotation "accuracy" (score 0...1)
//   thumbs_up  boolean    the session            session annotation "thumbs_up" (label "true", score 1)
//
// With OTLP export SpanKit posts signals to Phoenix's annotation API once their spans were
// accepted, as annotator kind CODE; they show on the span, the trace and the session and can be
// filtered on. Each signal also stays on its span as `annotations.{i}.annotation.*` attributes,
// and the console tree prints it. A value whose type cannot be told ("success") is refused with a
// diagnostic rather than guessed at; this example shows one on standard error.
//
//   swift run evaluations                                                 # console tree + spankit-spans.jsonl
//   PHOENIX_COLLECTOR_ENDPOINT=http://127.0.0.1:6006 swift run evaluations   # export to Phoenix
import Foundation
import SpanKit

SpanKitSystem.bootstrap(SpanKitSystem.Configuration(serviceName: "evaluations", onDiagnostic: { diagnostic in
    FileHandle.standardError.write(Data("diagnostic: \(diagnostic)\n".utf8))
}))

/// A question, the (simulated) model's answer, and the facts a correct answer mentions.
struct Turn {
    let question: String
    let answer: String
    let reference: [String]
}

let turns = [
    Turn(question: "How do I reset my password?",
         answer: "Open Settings, choose Account, then Reset password; we email you a link.",
         reference: ["settings", "account", "reset", "email"]),
    Turn(question: "And how do I turn on two-factor authentication?",
         answer: "Open Settings and choose Security.",
         reference: ["settings", "security", "authenticator", "code"]),
]

/// Dollars for a gpt-4o-mini call (list price per million tokens: $0.15 in, $0.60 out).
func cost(prompt: Int, completion: Int) -> Double {
    (Double(prompt) * 0.15 + Double(completion) * 0.60) / 1_000_000
}

/// The share of reference facts the answer mentions: a deliberately simple grader.
func accuracy(of answer: String, reference: [String]) -> Double {
    let text = answer.lowercased()
    return Double(reference.filter { text.contains($0) }.count) / Double(reference.count)
}

/// Answers one turn; returns the answer's cost and accuracy for the summary.
func answer(_ turn: Turn, isLast: Bool) async -> (cost: Double, accuracy: Double) {
    await tracer.chain("answer-question", input: turn.question) { question in
        var spent = 0.0
        let reply = await tracer.llm("chat-completion", messages: [.system("You are a support agent."), .user(question)],
                                     model: "gpt-4o-mini", provider: .openai) { _ in
            try? await Task.sleep(for: .milliseconds(12))
            let (prompt, completion) = (38, turn.answer.split(separator: " ").count * 4 / 3)
            Span.current?.setTokenCounts(prompt: prompt, completion: completion)
            spent = cost(prompt: prompt, completion: completion)
            Span.current?.addSignal("cost", spent)                                   // span signal
            return Message.assistant(turn.answer)
        }
        let score = await tracer.chain("grade-answer", kind: .evaluator, input: ["answer": reply.content ?? "", "reference": turn.reference.joined(separator: ", ")]) { graded in
            let score = accuracy(of: graded["answer"] ?? "", reference: turn.reference)
            Span.current?.addSignal("accuracy", score, target: .trace)               // trace signal
            return score
        }
        // Refused: "success" is neither a number nor true/false, so it is not labelled either way.
        Span.current?.addSignal("verdict", "success")
        if isLast {
            // The user's rating of the whole conversation, given under the last answer.
            Span.current?.addSignal("thumbs_up", true, target: .session)              // session signal
        }
        return (spent, score)
    }
}

// Phoenix keeps one session per id across all projects, so every run gets a fresh one.
let sessionID = "support-\(UUID().uuidString.prefix(8).lowercased())"
let results = await withSession(sessionID, name: "Account help") {
    await withAttributes(userID: "customer-7") {
        var results: [(cost: Double, accuracy: Double)] = []
        for (position, turn) in turns.enumerated() {
            results.append(await answer(turn, isLast: position == turns.count - 1))
        }
        return results
    }
}
for (position, result) in results.enumerated() {
    print("turn \(position + 1): cost $\(String(format: "%.8f", result.cost)) -> span annotation \"cost\" on chat-completion; "
        + "accuracy \(String(format: "%.2f", result.accuracy)) -> trace annotation \"accuracy\"")
}
print("session \(sessionID): thumbs_up true -> session annotation \"thumbs_up\" (label \"true\", score 1)")

// Delivers everything still queued before the process exits; a failure shows in the exit status.
let delivery = await SpanKitSystem.shutdown(deadline: .now + .seconds(10))
let undelivered = delivery.failed + delivery.dropped + delivery.pending
if undelivered > 0 {
    print("\(undelivered) spans could not be delivered")
    exit(1)
}
