import OpenInference
extension Tracer {
    /// Runs `operation` inside an EMBEDDING span, recording the model, the texts embedded and the
    /// vectors returned.
    ///
    /// ```swift
    /// let vectors = try await tracer.embedding(input: chunks, model: "text-embedding-3-small") { chunks in
    ///     try await client.embed(chunks)                // returns [[Float]]
    /// }
    /// ```
    ///
    /// An input of type `String` or `[String]` is recorded as `embedding.embeddings.{i}.embedding.text`;
    /// a result of type `[[Double]]`, `[[Float]]`, `[Double]` or `[Float]` (one vector) as
    /// `….embedding.vector`. Other inputs and results are recorded as `input.value` and
    /// `output.value`. Errors, status and the span's end are handled as
    /// ``chain(_:kind:input:isolation:_:)`` describes.
    ///
    /// - Parameters:
    ///   - name: the span name; OpenInference names embedding spans `CreateEmbeddings`.
    ///   - input: the text or texts to embed, passed to `operation`.
    ///   - model: the embedding model, `embedding.model_name`.
    ///   - invocationParameters: request parameters other than the input, such as dimensions.
    ///   - isolation: the actor `operation` runs on; the caller's, by default.
    ///   - operation: the embedding call, given `input`.
    public func embedding<Input, Result>(
        _ name: String = "CreateEmbeddings", input: Input, model: String? = nil,
        invocationParameters: [String: JSONValue]? = nil, isolation: isolated (any Actor)? = #isolation,
        _ operation: (Input) async throws -> Result
    ) async rethrows -> Result {
        try await traced(
            name, kind: .embedding, input: input, recorder: Self.embeddingRecorder(model, invocationParameters),
            isolation: isolation, operation)
    }

    private static func embeddingRecorder<Input, Result>(
        _ model: String?, _ invocationParameters: [String: JSONValue]?
    ) -> Recorder<Input, Result> {
        var recorder = Recorder<Input, Result>()
        recorder.input = { span, input in
            if let model { span.setEmbeddings(model: model, invocationParameters: invocationParameters) }
            switch input {
            case let text as String: span.setEmbeddings([Embedding(text: text)])
            case let texts as [String]: span.setEmbeddings(texts.map { Embedding(text: $0) })
            default: span.recordInput(input)
            }
        }
        recorder.output = { span, result in
            let vectors: [[Double]]? = switch result {
            case let vectors as [[Double]]: vectors
            case let vectors as [[Float]]: vectors.map { $0.map(Double.init) }
            case let vector as [Double]: [vector]
            case let vector as [Float]: [vector.map(Double.init)]
            default: nil
            }
            guard let vectors else { return span.recordOutputUnlessSet(result) }
            span.setEmbeddings(vectors.map { Embedding(vector: $0) })
        }
        return recorder
    }
}
