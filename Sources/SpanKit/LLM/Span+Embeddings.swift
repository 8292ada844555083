import OpenInference
extension Span {
    /// Records the embedding model as `embedding.model_name` and, when given, its request
    /// parameters as the JSON string `embedding.invocation_parameters`.
    ///
    /// OpenInference names embedding spans `CreateEmbeddings` and does not use `llm.system` or
    /// `llm.provider` on them.
    public func setEmbeddingModel(_ name: String, invocationParameters: [String: JSONValue]? = nil) {
        guard storage != nil else { return }
        var list = AttributeList(capacity: 2)
        list.append(SpanAttributes.embeddingModelName, .string(name))
        if let invocationParameters {
            list.append(SpanAttributes.embeddingInvocationParameters, .string(JSONValue.object(invocationParameters).jsonString))
        }
        setAttributes(list)
    }

    /// Records embeddings as `embedding.embeddings.{i}.embedding.text` and `.vector`.
    ///
    /// ```swift
    /// span.setEmbeddings(zip(texts, vectors).map { Embedding(text: $0, vector: $1) })
    /// ```
    public func setEmbeddings(_ embeddings: [Embedding]) {
        guard storage != nil, !embeddings.isEmpty else { return }
        var list = AttributeList(capacity: embeddings.count * 2)
        for (index, embedding) in embeddings.enumerated() {
            let key = OpenInferenceKey.embedding(index)
            list.append(key.text, embedding.text)
            if let vector = embedding.vector { list.append(key.vector, .doubleArray(vector)) }
        }
        setAttributes(list)
    }
}
