import OpenInference
extension Tracer {
    /// Runs `operation` inside a RETRIEVER span — a lookup in a vector store, search engine or
    /// database — recording the query and what was found.
    ///
    /// ```swift
    /// let documents = try await tracer.retriever("search-docs", input: question) { query in
    ///     try await index.search(query, limit: 5)       // returns [Document]
    /// }
    /// ```
    ///
    /// The input is recorded as `input.value`. A result of type `[Document]` is recorded as
    /// `retrieval.documents` — the documents are the retriever's output in OpenInference, and
    /// Phoenix shows them with their scores — instead of as a JSON `output.value`; any other
    /// result is recorded as `output.value`. Errors, status and the span's end are handled as
    /// ``chain(_:kind:input:isolation:_:)`` describes.
    public func retriever<Input, Result>(
        _ name: String, input: Input, isolation: isolated (any Actor)? = #isolation,
        _ operation: (Input) async throws -> Result
    ) async rethrows -> Result {
        try await traced(name, kind: .retriever, input: input, recorder: Self.retrieverRecorder(), isolation: isolation, operation)
    }

    private static func retrieverRecorder<Input, Result>() -> Recorder<Input, Result> {
        var recorder = Recorder<Input, Result>()
        recorder.output = { span, result in
            if let documents = result as? [Document] {
                span.setRetrievalDocuments(documents)
            } else {
                span.recordOutputUnlessSet(result)
            }
        }
        return recorder
    }
}
