import Foundation
@testable import SpanKit
import SpanKitTesting
import Testing

/// Runs the code of the DocC article `StreamingResponses.md` and checks what the article says.
@Suite struct StreamingDocumentationTests {
    struct CannedStream: StreamingChatClient {
        func stream(_ messages: [Message]) -> AsyncThrowingStream<ReplyChunk, any Error> {
            AsyncThrowingStream { continuation in
                for piece in ["Paris ", "is the ", "capital."] { continuation.yield(ReplyChunk(text: piece)) }
                continuation.yield(ReplyChunk(usage: (prompt: 14, completion: 5)))
                continuation.finish()
            }
        }
    }

    @Test func theStreamedAnswerIsOneLLMSpanWithTheAssembledReply() async throws {
        let test = TestTracer()
        let answer = try await withTracer(test.tracer) {
            try await test.tracer.withSpan("answer-question") { _ in
                try await streamAnswer(to: "Capital of France?", client: CannedStream())
            }
        }
        #expect(answer == "Paris is the capital.")
        let llm = try #require(test.exporter.spans(named: "chat-completion").first)
        let root = try #require(test.exporter.spans(named: "answer-question").first)
        #expect(llm.kind == .llm && llm.parentID == root.spanID && llm.status == .ok)
        #expect(llm.attributes["llm.output_messages.0.message.content"] == .string("Paris is the capital."))
        #expect(llm.attributes["llm.output_messages.0.message.role"] == .string("assistant"))
        #expect(llm.attributes["llm.token_count.total"] == .int(19))
        #expect(llm.attributes["spankit.stream.chunk_count"] == .int(4))
        #expect(llm.events.map(\.name) == ["first_token"])
        #expect(llm.attributes["gen_ai.response.time_to_first_chunk"] != nil)
    }
}
