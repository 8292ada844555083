import Foundation
@testable import SpanKit
import TestSupport
import Testing

/// `rag` against a real Phoenix: an indexing trace, then per question an embedding, a
/// retrieval, a reranking and a generation, with documents and scores.
@Suite struct RAGExampleTests {
    @Test(.enabled(if: PhoenixPeer.shouldRun))
    func pipelineStepsCarryDocumentsAndScores() async throws {
        let project = PhoenixPeer.uniqueProject("example-rag")
        let run = try await ExampleProcess.run("rag", environment: try ExampleProcess.phoenixEnvironment(project: project))
        try #require(run.status == 0, "\(run)")

        let spans = try await PhoenixProject(project).spans(atLeast: 11)
        #expect(spans.count == 11)
        let roots = spans.roots
        try #require(roots.count == 3, "\(spans)")

        // Indexing: one batch embedding of the six passages, 16 numbers per vector.
        let index = roots[0]
        expectTree(spans.trace(of: index), root: SpanShape("CreateEmbeddings", "EMBEDDING"), children: [])
        #expect(index["embedding.model_name"] == "text-embedding-3-small")
        for position in 0..<6 {
            #expect(index["embedding.embeddings.\(position).embedding.text"]?.asString?.isEmpty == false)
            #expect(index["embedding.embeddings.\(position).embedding.vector"]?.asArray?.count == 16)
        }

        for root in roots.dropFirst() {
            let trace = spans.trace(of: root)
            expectTree(trace, root: SpanShape("answer-question", "CHAIN"), children: [
                SpanShape("CreateEmbeddings", "EMBEDDING"), SpanShape("vector-search", "RETRIEVER"),
                SpanShape("rerank", "RERANKER"), SpanShape("generate-answer", "LLM"),
            ])
            let question = try #require(root["input.value"]?.asString)
            let steps = spans.children(of: root)
            try #require(steps.count == 4)
            let (embedding, retriever, reranker, generation) = (steps[0], steps[1], steps[2], steps[3])

            #expect(embedding["embedding.embeddings.0.embedding.text"] == .string(question))
            #expect(embedding["embedding.embeddings.0.embedding.vector"]?.asArray?.count == 16)

            // Four documents, best first, with ids, text, scores and parsed metadata.
            let retrieved = (0..<4).map { retriever["retrieval.documents.\($0).document.score"]?.asDouble ?? -1 }
            #expect(retrieved == retrieved.sorted(by: >) && retrieved.allSatisfy { $0 >= 0 }, "\(retrieved)")
            #expect(retriever["retrieval.documents.4.document.id"] == nil)
            #expect(retriever["retrieval.documents.0.document.content"]?.asString?.isEmpty == false)
            #expect(retriever["retrieval.documents.0.document.metadata.source"] != nil)

            // The reranker keeps the best two of the four, rescored.
            #expect(reranker["reranker.query"] == .string(question))
            #expect(reranker["reranker.model_name"] == "rerank-english-v3.0")
            #expect(reranker["reranker.top_k"] == 2)
            #expect((0..<4).map { reranker["reranker.input_documents.\($0).document.id"] }
                == (0..<4).map { retriever["retrieval.documents.\($0).document.id"] })
            #expect(reranker["reranker.output_documents.1.document.id"] != nil && reranker["reranker.output_documents.2.document.id"] == nil)
            let reranked = (0..<2).compactMap { reranker["reranker.output_documents.\($0).document.score"]?.asDouble }
            #expect(reranked.count == 2 && reranked[0] >= reranked[1], "\(reranked)")

            // The answer cites the reranker's best passage.
            let best = try #require(reranker["reranker.output_documents.0.document.id"]?.asString)
            #expect(generation["llm.output_messages.0.message.content"]?.asString?.contains("[\(best)]") == true)
            #expect(generation["llm.input_messages.0.message.content"]?.asString?.contains(best) == true)
            #expect((generation["llm.token_count.prompt"]?.asInt ?? 0) > 0)
        }
        // The first question shows why reranking helps: the nearest vector is not the answer.
        let firstSteps = spans.children(of: roots[1])
        #expect(firstSteps[2]["reranker.output_documents.0.document.id"] == "sintra-palace")
        #expect(firstSteps[1]["retrieval.documents.0.document.id"] != "sintra-palace")

        let generation = try #require(spans.named("generate-answer").first)
        let cost = try await PhoenixProject.cost(ofSpan: generation.globalID)
        #expect((cost ?? 0) > 0, "Phoenix computed no cost for gpt-4o-mini")
    }
}
