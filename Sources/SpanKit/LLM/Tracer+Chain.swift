import OpenInference
extension Tracer {
    /// Runs `operation` inside a CHAIN span — a step that glues others together, often the root
    /// of a request — or another kind of span whose input and result are plain values, such as a
    /// GUARDRAIL (moderation, jailbreak detection) or an EVALUATOR (LLM-as-judge), recording its
    /// input and result.
    ///
    /// ```swift
    /// let answer = try await tracer.chain("answer-question", input: question) { question in
    ///     let documents = try await tracer.retriever("search-docs", input: question) { try await index.search($0) }
    ///     return try await compose(question, documents)
    /// }
    /// let verdict = try await tracer.chain("grade-answer", kind: .evaluator, input: answer) { answer in
    ///     try await judge.grade(answer)
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
    ///   - kind: the OpenInference kind, CHAIN by default. The kinds with their own wrapper
    ///     (``llm(_:messages:model:provider:system:invocationParameters:tools:isolation:_:)``,
    ///     ``tool(_:input:description:parameters:callID:isolation:_:)``, ``agent(_:input:isolation:_:)``…)
    ///     record more with it.
    ///   - input: the value the operation works on; it is passed to `operation`.
    ///   - isolation: the actor `operation` runs on; the caller's, by default.
    ///   - operation: the work, given `input`.
    public func chain<Input, Result>(
        _ name: String, kind: SpanKind = .chain, input: Input, isolation: isolated (any Actor)? = #isolation,
        _ operation: (Input) async throws -> Result
    ) async rethrows -> Result {
        try await traced(name, kind: kind, input: input, recorder: Recorder(), isolation: isolation, operation)
    }
}
