import OpenInference
extension Span {
    /// Records the documents a retriever returned as `retrieval.documents.{i}.document.*`, in
    /// rank order.
    ///
    /// ```swift
    /// span.setRetrievalDocuments(hits.map { Document(id: $0.id, content: $0.text, score: $0.score) })
    /// ```
    public func setRetrievalDocuments(_ documents: [Document]) {
        guard storage != nil, !documents.isEmpty else { return }
        setAttributes(reserving: documents.count * Document.attributeCapacity) { list in
            list.recordIOValueIfHidden(input: false)
            documents.appendAttributes(to: &list, key: OpenInferenceKey.retrievalDocument)
        }
    }
}
