import OpenInference
extension Span {
    /// Records a model call's token usage as `llm.token_count.*` (on a DECISION span, the prompt
    /// and completion counts as `decision.token_count.input` and `.output`).
    ///
    /// ```swift
    /// span.setTokenCounts(prompt: 1_000, completion: 500, cacheRead: 200, reasoning: 100)
    /// ```
    ///
    /// The detail counts are parts of the prompt or completion count, not added to it; Phoenix
    /// prices each at its own rate and the rest at the input or output rate. Leave out what the
    /// provider does not report.
    ///
    /// - Parameters:
    ///   - prompt: prompt tokens, including cached and audio tokens.
    ///   - completion: completion tokens, including reasoning tokens.
    ///   - total: all tokens; defaults to `prompt + completion` when both are given.
    ///   - cacheRead: prompt tokens served from the provider's prompt cache (OpenAI
    ///     `cached_tokens`, Anthropic `cache_read_input_tokens`), `prompt_details.cache_read`.
    ///   - cacheWrite: prompt tokens written to the prompt cache (Anthropic
    ///     `cache_creation_input_tokens`), `prompt_details.cache_write`.
    ///   - cacheInput: cached input tokens, for providers that report them under this name,
    ///     `prompt_details.cache_input`.
    ///   - promptAudio: audio prompt tokens, `prompt_details.audio`.
    ///   - reasoning: reasoning (thinking) completion tokens, `completion_details.reasoning`.
    ///   - completionAudio: audio completion tokens, `completion_details.audio`.
    public func setTokenCounts(
        prompt: Int? = nil, completion: Int? = nil, total: Int? = nil,
        cacheRead: Int? = nil, cacheWrite: Int? = nil, cacheInput: Int? = nil, promptAudio: Int? = nil,
        reasoning: Int? = nil, completionAudio: Int? = nil
    ) {
        setTokenCounts(TokenCounts(
            prompt: prompt, completion: completion, total: total,
            cacheRead: cacheRead, cacheWrite: cacheWrite, cacheInput: cacheInput, promptAudio: promptAudio,
            reasoning: reasoning, completionAudio: completionAudio))
    }

    /// Records a model call's token usage (see
    /// ``setTokenCounts(prompt:completion:total:cacheRead:cacheWrite:cacheInput:promptAudio:reasoning:completionAudio:)``).
    func setTokenCounts(_ counts: TokenCounts) {
        guard storage != nil else { return }
        let total = counts.resolvedTotal
        // The exact count, not the 9 possible: reserving room that is never used can make the
        // attribute array grow (a copy) for nothing.
        setAttributes(reserving: counts.givenCount) { list in
            if list.spanKind == .decision {
                // A decision has only input and output counts (`decision.token_count.*`).
                list.append(SpanAttributes.decisionTokenCountInput, counts.prompt)
                list.append(SpanAttributes.decisionTokenCountOutput, counts.completion)
                return
            }
            list.append(SpanAttributes.llmTokenCountPrompt, counts.prompt)
            list.append(SpanAttributes.llmTokenCountCompletion, counts.completion)
            list.append(SpanAttributes.llmTokenCountTotal, total)
            list.append(SpanAttributes.llmTokenCountPromptDetailsCacheRead, counts.cacheRead)
            list.append(SpanAttributes.llmTokenCountPromptDetailsCacheWrite, counts.cacheWrite)
            list.append(SpanAttributes.llmTokenCountPromptDetailsCacheInput, counts.cacheInput)
            list.append(SpanAttributes.llmTokenCountPromptDetailsAudio, counts.promptAudio)
            list.append(SpanAttributes.llmTokenCountCompletionDetailsReasoning, counts.reasoning)
            list.append(SpanAttributes.llmTokenCountCompletionDetailsAudio, counts.completionAudio)
        }
    }
}
