/// One embedding: the text that was embedded and the vector the model returned, recorded as
/// `embedding.embeddings.{i}.embedding.*`.
public struct Embedding: Sendable, Hashable {
    /// The input text; nil when the input was token ids.
    var text: String?
    /// The vector.
    var vector: [Double]?

    /// An embedding with a vector of doubles.
    public init(text: String? = nil, vector: [Double]? = nil) {
        self.text = text
        self.vector = vector
    }

    /// An embedding with a vector of floats, as most embedding APIs and on-device models return
    /// (recorded as doubles, the attribute type OpenTelemetry has).
    public init(text: String? = nil, vector: [Float]) {
        self.init(text: text, vector: vector.map(Double.init))
    }
}
