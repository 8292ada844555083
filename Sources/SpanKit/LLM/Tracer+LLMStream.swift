import OpenInference

extension Tracer {
    /// Traces a streamed model response: returns the chunks of `chunks` as they arrive, inside an
    /// LLM span that records them and ends exactly once, however the stream ends.
    ///
    /// The span starts now (its parent, session and user come from the current context), with
    /// the same model, messages and tools as
    /// ``llm(_:messages:model:provider:system:invocationParameters:tools:isolation:_:)`` records.
    /// `record` is called with each chunk and the span (which is current during the call, so code
    /// that records on ``Span/current`` works unchanged): return the part of the reply the chunk
    /// carries — text in `content`, a tool call in `toolCalls` (a call with an `id` starts a new
    /// call; one without continues the last call's name and arguments) — and record what only
    /// some chunks carry, such as the final usage, on the span:
    ///
    /// ```swift
    /// let chunks = tracer.llmStream("chat", messages: messages, model: "gpt-4o-mini", provider: .openai,
    ///                               chunks: client.stream(request)) { chunk, span in
    ///     if let usage = chunk.usage {
    ///         span.setTokenCounts(prompt: usage.promptTokens, completion: usage.completionTokens)
    ///     }
    ///     return chunk.delta.map { Message.assistant($0.text) }
    /// }
    /// for try await chunk in chunks { print(chunk.delta?.text ?? "", terminator: "") }
    /// ```
    ///
    /// The span records a `first_token` event at the first chunk that carries text or a tool
    /// call, the time to it in seconds as `gen_ai.response.time_to_first_chunk`, the number of
    /// chunks as `spankit.stream.chunk_count`, and the accumulated reply as its output message.
    /// It ends when the stream finishes (status ok), throws (the error is recorded and rethrown),
    /// is cancelled (status error `cancelled`), or when the consumer stops early or lets go of
    /// the stream (a `stream_stopped` event; the reply so far is recorded). A stream that is never
    /// iterated ends its span when it is released, with status error and a diagnostic, so no span
    /// is ever left open. While a chunk is awaited the span is the current span, so work the
    /// sequence does on demand (a lazily started request) nests under it.
    public func llmStream<Chunks: AsyncSequence & SendableMetatype>(
        _ name: String, messages: [Message], model: String? = nil, provider: LLMProvider? = nil,
        system: LLMSystem? = nil, invocationParameters: [String: JSONValue]? = nil, tools: [ToolDefinition] = [],
        chunks: Chunks, _ record: @escaping @Sendable (Chunks.Element, Span) -> Message?
    ) -> AsyncThrowingStream<Chunks.Element, any Error> {
        var binding = ActiveContext.current
        let span = scopedSpan(
            name, kind: .llm, otelKind: .client, parent: .current, sessionID: nil, sessionName: nil, userID: nil, tags: .init(),
            attributes: .init(), links: .init(), binding: &binding)
        if span.storage != nil {
            let recorder: Recorder<[Message], Message> = Self.llmRecorder(model, provider, system, invocationParameters, tools)
            recorder.input(span, messages)
        }
        let stream = LLMStreamRecorder<Chunks>(span: span, binding: binding, iterator: chunks.makeAsyncIterator(), record: record, tracer: self)
        return AsyncThrowingStream(unfolding: { try await stream.next() })
    }
}
