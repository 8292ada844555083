import OpenInference
extension Span {
    /// Records a reranking: the query, the reranker model, the number of documents kept, and
    /// the documents before (`reranker.input_documents`) and after (`reranker.output_documents`).
    /// Only what you pass is written, so the output can be recorded in a second call.
    ///
    /// ```swift
    /// span.setReranker(query: question, model: "rerank-english-v3.0", topK: 3, inputDocuments: candidates)
    /// span.setReranker(outputDocuments: best)
    /// ```
    public func setReranker(
        query: String? = nil, model: String? = nil, topK: Int? = nil,
        inputDocuments: [Document] = [], outputDocuments: [Document] = []
    ) {
        guard storage != nil else { return }
        setAttributes(reserving: 3 + (inputDocuments.count + outputDocuments.count) * Document.attributeCapacity) { list in
            if query != nil || !inputDocuments.isEmpty { list.recordIOValueIfHidden(input: true) }
            if !outputDocuments.isEmpty { list.recordIOValueIfHidden(input: false) }
            list.append(RerankerAttributes.rerankerQuery, query)
            list.append(RerankerAttributes.rerankerModelName, model)
            list.append(RerankerAttributes.rerankerTopK, topK)
            inputDocuments.appendAttributes(to: &list, key: OpenInferenceKey.rerankerInputDocument)
            outputDocuments.appendAttributes(to: &list, key: OpenInferenceKey.rerankerOutputDocument)
        }
    }
}
