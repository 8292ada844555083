/// The keys of one embedding, `embedding.embeddings.{i}.embedding.*`.
///
/// Get one from ``OpenInferenceKey/embedding(_:)``.
public struct EmbeddingKey: Sendable, Hashable {
    /// The zero-based position of the embedding in `embedding.embeddings`.
    public let index: Int

    /// The embedding at `index`.
    public init(_ index: Int) {
        self.index = index
    }

    /// The text that was embedded (`embedding.embeddings.{i}.embedding.text`).
    public var text: String { key(for: EmbeddingAttributes.embeddingText) }

    /// The vector, an array of doubles (`embedding.embeddings.{i}.embedding.vector`).
    public var vector: String { key(for: EmbeddingAttributes.embeddingVector) }

    /// The key of any ``EmbeddingAttributes`` leaf of this embedding.
    public func key(for attribute: String) -> String {
        FlatKey.make(SpanAttributes.embeddingEmbeddings, index, attribute)
    }
}
