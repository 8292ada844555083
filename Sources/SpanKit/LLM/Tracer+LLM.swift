import OpenInference
extension Tracer {
    /// Runs `operation` inside an LLM span — one call to a chat model — recording the model, the
    /// tools offered to it, the messages sent and the reply.
    ///
    /// ```swift
    /// let reply = try await tracer.llm(
    ///     "chat-completion", messages: [.system("Answer briefly."), .user(question)],
    ///     model: "gpt-4o-mini", provider: .openai
    /// ) { messages in
    ///     let response = try await client.complete(messages)
    ///     Span.current?.setTokenCounts(prompt: response.promptTokens, completion: response.completionTokens)
    ///     return Message.assistant(response.text)
    /// }
    /// ```
    ///
    /// The counterpart of OpenInference's `@tracer.llm`. The model arguments are recorded as
    /// ``Span/setLLM(model:provider:system:requestModel:responseModel:invocationParameters:finishReason:baseURL:)``
    /// records them (the system is inferred from the model name when not given), `tools` as
    /// ``Span/setAvailableTools(_:)`` and `messages` as `llm.input_messages`. A result of type
    /// `Message` or `[Message]` is recorded as `llm.output_messages` (unless `operation` recorded
    /// output messages itself); any other result as `output.value`, unless `operation` set it.
    /// Errors, status and the span's end are handled as ``chain(_:kind:input:isolation:_:)``
    /// describes.
    ///
    /// Inside `operation`, `Span.current` is this span: record token counts, the response model
    /// and the finish reason on it.
    public func llm<Result>(
        _ name: String, messages: [Message], model: String? = nil, provider: LLMProvider? = nil,
        system: LLMSystem? = nil, invocationParameters: [String: JSONValue]? = nil, tools: [ToolDefinition] = [],
        isolation: isolated (any Actor)? = #isolation, _ operation: ([Message]) async throws -> Result
    ) async rethrows -> Result {
        let recorder: Recorder<[Message], Result> = Self.llmRecorder(model, provider, system, invocationParameters, tools)
        return try await traced(name, kind: .llm, input: messages, recorder: recorder, isolation: isolation, operation)
    }

    /// Runs `operation` inside an LLM span whose input is not a list of chat messages — a prompt
    /// for a completions API, a request value — recording it as `input.value` (text for a
    /// `String`, JSON for other `Encodable` values; an input of type `[Message]` is recorded as
    /// messages).
    ///
    /// ```swift
    /// let text = try await tracer.llm("complete", input: prompt, model: "gpt-3.5-turbo-instruct") { prompt in
    ///     try await client.complete(prompt: prompt)
    /// }
    /// ```
    ///
    /// Everything else is recorded as
    /// ``llm(_:messages:model:provider:system:invocationParameters:tools:isolation:_:)``
    /// records it.
    public func llm<Input, Result>(
        _ name: String, input: Input, model: String? = nil, provider: LLMProvider? = nil,
        system: LLMSystem? = nil, invocationParameters: [String: JSONValue]? = nil, tools: [ToolDefinition] = [],
        isolation: isolated (any Actor)? = #isolation, _ operation: (Input) async throws -> Result
    ) async rethrows -> Result {
        let recorder: Recorder<Input, Result> = Self.llmRecorder(model, provider, system, invocationParameters, tools)
        return try await traced(name, kind: .llm, input: input, recorder: recorder, isolation: isolation, operation)
    }

    static func llmRecorder<Input, Result>(
        _ model: String?, _ provider: LLMProvider?, _ system: LLMSystem?,
        _ invocationParameters: [String: JSONValue]?, _ tools: [ToolDefinition]
    ) -> Recorder<Input, Result> {
        var recorder = Recorder<Input, Result>()
        recorder.input = { span, input in
            if model != nil || provider != nil || system != nil || invocationParameters != nil {
                span.setLLM(model: model, provider: provider, system: system, invocationParameters: invocationParameters)
            }
            span.setAvailableTools(tools)
            if let messages = input as? [Message] {
                span.setInputMessages(messages)
            } else {
                span.recordInput(input)
            }
        }
        recorder.output = { span, result in
            let messages: [Message]? = switch result {
            case let message as Message: [message]
            case let messages as [Message]: messages
            default: nil
            }
            guard let messages else { return span.recordOutputUnlessSet(result) }
            if !span.hasAttribute(OpenInferenceKey.outputMessage(0).role) { span.setOutputMessages(messages) }
        }
        return recorder
    }
}
