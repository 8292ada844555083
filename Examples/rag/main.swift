// SpanKit rag: retrieval-augmented generation, traced step by step.
//
// The corpus is embedded once: an EMBEDDING trace with one text and vector per passage. Then
// each question is a CHAIN root "answer-question" with four children, in order:
//   EMBEDDING  "CreateEmbeddings"  the question's vector
//   RETRIEVER  "vector-search"     the four nearest passages, scored by cosine similarity
//   RERANKER   "rerank"            the best two of those, rescored by a cross-encoder
//   LLM        "generate-answer"   the answer, written from the two passages
// Phoenix shows the documents with their scores on the retriever and reranker spans. The models
// and the vector store are simulated (see TextModels.swift), so no network is needed.
//
//   swift run rag                                                 # console tree + spankit-spans.jsonl
//   PHOENIX_COLLECTOR_ENDPOINT=http://127.0.0.1:6006 swift run rag   # export to Phoenix
import Foundation
import SpanKit

SpanKitSystem.bootstrap(SpanKitSystem.Configuration(serviceName: "rag"))

let embeddingModel = "text-embedding-3-small"

/// Roughly four tokens for every three words, the usual rule of thumb for English.
func estimatedTokens(_ text: String) -> Int {
    max(1, text.split(separator: " ").count * 4 / 3)
}

/// `documents` with new scores, best first, keeping `limit`.
func ranked(_ documents: [Document], limit: Int, by score: (Document) -> Double) -> [Document] {
    let rescored = documents.map { document in
        var document = document
        document.score = score(document)
        return document
    }
    return Array(rescored.sorted { ($0.score ?? 0) > ($1.score ?? 0) }.prefix(limit))
}

/// Answers one question from the index.
func answer(_ question: String, index: [(document: Document, vector: [Float])]) async -> String {
    await tracer.chain("answer-question", input: question) { question in
        let queryVector: [Float] = await tracer.embedding(input: question, model: embeddingModel) { text in
            try? await Task.sleep(for: .milliseconds(3))
            return embed(text)
        }
        let candidates = await tracer.retriever("vector-search", input: question) { _ in
            try? await Task.sleep(for: .milliseconds(4))
            let scores = Dictionary(uniqueKeysWithValues: index.map { ($0.document.id ?? "", similarity(queryVector, $0.vector)) })
            return ranked(index.map(\.document), limit: 4) { scores[$0.id ?? ""] ?? 0 }
        }
        let best = await tracer.reranker("rerank", input: candidates, query: question, model: "rerank-english-v3.0", topK: 2) { candidates in
            try? await Task.sleep(for: .milliseconds(6))
            return ranked(candidates, limit: 2) { relevance(of: $0.content ?? "", to: question) }
        }
        let passages = best.map { "[\($0.id ?? "")] \($0.content ?? "")" }.joined(separator: "\n")
        let reply = await tracer.llm(
            "generate-answer", messages: [.system("Answer from these passages and cite their ids:\n\(passages)"), .user(question)],
            model: "gpt-4o-mini", provider: .openai, invocationParameters: ["temperature": 0]
        ) { messages in
            try? await Task.sleep(for: .milliseconds(10))
            let text = best.first.map { "\($0.content ?? "") [\($0.id ?? "")]" } ?? "The guide does not say."
            Span.current?.setTokenCounts(
                prompt: messages.reduce(0) { $0 + estimatedTokens($1.content ?? "") + 4 }, completion: estimatedTokens(text))
            Span.current?.setLLM(finishReason: "stop")
            return Message.assistant(text)
        }
        print("  retrieved: \(candidates.map(describe).joined(separator: ", "))")
        print("  reranked:  \(best.map(describe).joined(separator: ", "))")
        return reply.content ?? ""
    }
}

/// "id (score)" for printing.
func describe(_ document: Document) -> String {
    "\(document.id ?? "?") (\(String(format: "%.2f", document.score ?? 0)))"
}

// Indexing is a trace of its own: one batch embedding call over every passage.
let vectors: [[Float]] = await tracer.embedding(input: corpus.map { $0.content ?? "" }, model: embeddingModel) { texts in
    try? await Task.sleep(for: .milliseconds(5))
    return texts.map { embed($0) }
}
let index = Array(zip(corpus, vectors)).map { (document: $0.0, vector: $0.1) }
print("indexed \(index.count) passages")

for question in ["How do I get from Lisbon to Sintra?", "Where can I taste port wine near Porto?"] {
    print("question:  \(question)")
    print("answer:    \(await answer(question, index: index))")
}

// Delivers everything still queued before the process exits; a failure shows in the exit status.
let delivery = await SpanKitSystem.shutdown(deadline: .now + .seconds(10))
let undelivered = delivery.failed + delivery.dropped + delivery.pending
if undelivered > 0 {
    print("\(undelivered) spans could not be delivered")
    exit(1)
}
