/// One embedding: the text that was embedded and the vector the model returned, recorded as
/// `embedding.embeddings.{i}.embedding.*`.
public struct Embedding: Sendable, Hashable {
    /// The input text; nil when the input was token ids.
    var text: String?
    /// The vector.
    var vector: [Double]?

    /// An embedding; convert a vector of floats with `vector.map(Double.init)` (doubles are the
    /// attribute type OpenTelemetry has).
    public init(text: String? = nil, vector: [Double]? = nil) {
        self.text = text
        self.vector = vector
    }

    /// An embedding with a vector of floats, recorded as doubles. Internal: one public
    /// initializer is enough, and the `embedding` wrapper converts float vectors itself.
    init(text: String? = nil, vector: [Float]) {
        self.init(text: text, vector: vector.map(Double.init))
    }
}
