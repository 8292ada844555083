// The code of the DocC article `Signals.md` (see GettingStartedExample.swift for how the articles
// and these files are kept in step).
import Foundation
import SpanKit

// MARK: - Add signals

func recordSignals(on span: Span, costInDollars: Double) {
    span.addSignal("cost", costInDollars)                   // numerical
    span.addSignal("tool-calls", 3)                         // numerical: every integer type works
    span.addSignal("helpful", true)                         // boolean
    span.addSignal("grounded", "TRUE")                      // boolean: true or false in any case
    span.addSignal("rating", " 4.5 ")                       // numerical: white space is trimmed
    span.addSignal("passed", 1, type: .boolean)             // boolean: 0 and 1 convert
    span.addSignal("resolved", true, target: .trace)        // describes the whole trace
}

func refusedSignals(on span: Span) {
    span.addSignal("outcome", "success")                    // refused: neither true/false nor a number
    span.addSignal("ratio", Double.nan)                     // refused: not a finite number
    span.addSignal("flags", "0x10")                         // refused: not decimal text
    span.addSignal("score", 0.7, type: .boolean)            // refused: only 0 and 1 convert to boolean
}

// MARK: - Signals on the current span

func recordRating(helpful: Bool) {
    sendSignal("helpful", helpful)
    sendSignal("answered", true, target: .trace)
    sendSignal("satisfied", helpful, target: .session)
}

// MARK: - Feedback after the span ended

func answerKeepingItsTrace(_ question: String, client: some ChatClient) async throws -> (text: String, traceID: UUID?) {
    var traceID: UUID?
    let text = try await tracer.chain("answer-question", input: question) { question in
        traceID = Span.current?.traceID
        let reply = try await client.complete([.user(question)], tools: [])
        return reply.text ?? ""
    }
    return (text, traceID)
}

func recordFeedback(thumbsUp: Bool, onAnswer traceID: UUID, conversation: String) {
    sendSignal("thumbs-up", thumbsUp, target: .trace, id: traceID.uuidString)
    sendSignal("resolved", thumbsUp, target: .session, id: conversation)
}

// MARK: - Your own signal types

enum Verdict {
    case pass, fail
}

func recordVerdict(_ verdict: Verdict, on span: Span) {
    span.addSignal("verdict", verdict == .pass)             // boolean
}
