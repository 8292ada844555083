// The code of the DocC article `StreamingResponses.md` (see GettingStartedExample.swift for how
// the articles are checked).
import Foundation
import SpanKit

/// One chunk of a streamed reply, as a chat API sends it.
struct ReplyChunk: Sendable {
    var text: String?
    var toolCall: ToolCall?
    var usage: (prompt: Int, completion: Int)?
}

protocol StreamingChatClient: Sendable {
    func stream(_ messages: [Message]) -> AsyncThrowingStream<ReplyChunk, any Error>
}

func streamAnswer(to question: String, client: some StreamingChatClient) async throws -> String {
    let messages: [Message] = [.system("Answer in one sentence."), .user(question)]
    let chunks = tracer.llmStream(
        "chat-completion", messages: messages, model: "gpt-4o-mini", provider: .openai,
        chunks: client.stream(messages)
    ) { chunk, span in
        if let usage = chunk.usage {
            span.setTokenCounts(prompt: usage.prompt, completion: usage.completion)
        }
        return Message.assistant(chunk.text, toolCalls: chunk.toolCall.map { [$0] } ?? [])
    }
    var answer = ""
    for try await chunk in chunks {
        answer += chunk.text ?? ""
        print(chunk.text ?? "", terminator: "")
    }
    return answer
}
