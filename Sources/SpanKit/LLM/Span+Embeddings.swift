import OpenInference
extension Span {
    /// Records an embedding call: the model as `embedding.model_name`, its request parameters
    /// as the JSON string `embedding.invocation_parameters`, and the embeddings as
    /// `embedding.embeddings.{i}.embedding.text` and `.vector`. Only what you pass is written, so
    /// you can record the model before the call and the vectors after it.
    ///
    /// ```swift
    /// span.setEmbeddings(model: "text-embedding-3-small")
    /// span.setEmbeddings(zip(texts, vectors).map { Embedding(text: $0, vector: $1) })
    /// ```
    ///
    /// OpenInference names embedding spans `CreateEmbeddings` and does not use `llm.system` or
    /// `llm.provider` on them.
    public func setEmbeddings(
        _ embeddings: [Embedding] = [], model: String? = nil, invocationParameters: [String: JSONValue]? = nil
    ) {
        guard storage != nil else { return }
        setAttributes(reserving: 2 + embeddings.count * 2) { list in
            list.append(SpanAttributes.embeddingModelName, model)
            if let invocationParameters {
                list.append(SpanAttributes.embeddingInvocationParameters, .string(JSONValue.object(invocationParameters).jsonString))
            }
            if embeddings.contains(where: { $0.text != nil }) { list.recordIOValueIfHidden(input: true) }
            if embeddings.contains(where: { $0.vector != nil }) { list.recordIOValueIfHidden(input: false) }
            for (index, embedding) in embeddings.enumerated() {
                let key = OpenInferenceKey.embedding(index)
                list.append(key.text, embedding.text)
                if let vector = embedding.vector { list.append(key.vector, .doubleArray(vector)) }
            }
        }
    }
}
