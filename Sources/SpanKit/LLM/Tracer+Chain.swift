import OpenInference
extension Tracer {
    /// Runs `operation` inside a CHAIN span — a step that glues others together, often the root
    /// of a request — recording its input and result.
    ///
    /// ```swift
    /// let answer = try await tracer.chain("answer-question", input: question) { question in
    ///     let documents = try await tracer.retriever("search-docs", input: question) { try await index.search($0) }
    ///     return try await compose(question, documents)
    /// }
    /// ```
    ///
    /// This is the Swift counterpart of OpenInference's `@tracer.chain` decorator. The span is
    /// current while `operation` runs: spans started inside are its children, and
    /// `Span.current` is this span, for recording more on it. Then:
    ///
    /// - the input is recorded as `input.value` before the call: a `String` as `text/plain`,
    ///   any other `Encodable` value as JSON (`application/json`); other values are not recorded;
    /// - the result is recorded the same way as `output.value`, unless `operation` set
    ///   `output.value` itself;
    /// - on success the status becomes OK; a thrown error is recorded (status ERROR and an
    ///   `exception` event) and rethrown; the span always ends.
    ///
    /// - Parameters:
    ///   - name: a low-cardinality operation name.
    ///   - input: the value the operation works on; it is passed to `operation`.
    ///   - isolation: the actor `operation` runs on; the caller's, by default.
    ///   - operation: the work, given `input`.
    public func chain<Input, Result>(
        _ name: String, input: Input, isolation: isolated (any Actor)? = #isolation,
        _ operation: (Input) async throws -> Result
    ) async rethrows -> Result {
        try await traced(name, kind: .chain, input: input, recorder: Recorder(), isolation: isolation, operation)
    }

    /// Runs `operation` inside a GUARDRAIL span — input or output moderation, jailbreak
    /// detection — recording its input and verdict as ``chain(_:input:isolation:_:)`` does.
    public func guardrail<Input, Result>(
        _ name: String, input: Input, isolation: isolated (any Actor)? = #isolation,
        _ operation: (Input) async throws -> Result
    ) async rethrows -> Result {
        try await traced(name, kind: .guardrail, input: input, recorder: Recorder(), isolation: isolation, operation)
    }

    /// Runs `operation` inside an EVALUATOR span — a judgement of model output, such as
    /// LLM-as-judge — recording its input and result as ``chain(_:input:isolation:_:)`` does.
    public func evaluator<Input, Result>(
        _ name: String, input: Input, isolation: isolated (any Actor)? = #isolation,
        _ operation: (Input) async throws -> Result
    ) async rethrows -> Result {
        try await traced(name, kind: .evaluator, input: input, recorder: Recorder(), isolation: isolation, operation)
    }
}
