import OpenInference
extension Tracer {
    /// Runs `operation` inside a RERANKER span, which reorders `input` documents by relevance to
    /// `query`, recording the query, the model, `topK` and the documents before and after.
    ///
    /// ```swift
    /// let best = try await tracer.reranker("rerank", input: candidates, query: question,
    ///                                      model: "rerank-english-v3.0", topK: 3) { candidates in
    ///     try await reranker.rank(candidates, for: question, top: 3)
    /// }
    /// ```
    ///
    /// The documents become `reranker.input_documents` and `reranker.output_documents`; errors,
    /// status and the span's end are handled as ``chain(_:kind:input:isolation:_:)`` describes.
    public func reranker(
        _ name: String, input: [Document], query: String? = nil, model: String? = nil, topK: Int? = nil,
        isolation: isolated (any Actor)? = #isolation, _ operation: ([Document]) async throws -> [Document]
    ) async rethrows -> [Document] {
        try await traced(
            name, kind: .reranker, input: input, recorder: Self.rerankerRecorder(query, model, topK),
            isolation: isolation, operation)
    }

    private static func rerankerRecorder(_ query: String?, _ model: String?, _ topK: Int?) -> Recorder<[Document], [Document]> {
        Recorder(
            input: { span, documents in span.setReranker(query: query, model: model, topK: topK, inputDocuments: documents) },
            output: { span, documents in span.setReranker(outputDocuments: documents) })
    }
}
