import OpenInference
extension Span {
    /// Records a model call's token usage as `llm.token_count.*`.
    ///
    /// ```swift
    /// span.setTokenCounts(prompt: 1_000, completion: 500,
    ///                     promptDetails: PromptTokenDetails(cacheRead: 200),
    ///                     completionDetails: CompletionTokenDetails(reasoning: 100))
    /// ```
    ///
    /// - Parameters:
    ///   - prompt: prompt tokens, including cached and audio tokens.
    ///   - completion: completion tokens, including reasoning tokens.
    ///   - total: all tokens; defaults to `prompt + completion` when both are given.
    ///   - promptDetails: prompt tokens priced differently (`prompt_details.*`).
    ///   - completionDetails: completion tokens priced differently (`completion_details.*`).
    public func setTokenCounts(
        prompt: Int? = nil, completion: Int? = nil, total: Int? = nil,
        promptDetails: PromptTokenDetails? = nil, completionDetails: CompletionTokenDetails? = nil
    ) {
        setTokenCounts(TokenCounts(
            prompt: prompt, completion: completion, total: total,
            promptDetails: promptDetails, completionDetails: completionDetails))
    }

    /// Records a model call's token usage (see ``setTokenCounts(prompt:completion:total:promptDetails:completionDetails:)``).
    func setTokenCounts(_ counts: TokenCounts) {
        guard storage != nil else { return }
        var list = AttributeList(capacity: 9)
        list.append(SpanAttributes.llmTokenCountPrompt, counts.prompt)
        list.append(SpanAttributes.llmTokenCountCompletion, counts.completion)
        list.append(SpanAttributes.llmTokenCountTotal, counts.resolvedTotal)
        if let details = counts.promptDetails {
            list.append(SpanAttributes.llmTokenCountPromptDetailsCacheRead, details.cacheRead)
            list.append(SpanAttributes.llmTokenCountPromptDetailsCacheWrite, details.cacheWrite)
            list.append(SpanAttributes.llmTokenCountPromptDetailsCacheInput, details.cacheInput)
            list.append(SpanAttributes.llmTokenCountPromptDetailsAudio, details.audio)
        }
        if let details = counts.completionDetails {
            list.append(SpanAttributes.llmTokenCountCompletionDetailsReasoning, details.reasoning)
            list.append(SpanAttributes.llmTokenCountCompletionDetailsAudio, details.audio)
        }
        setAttributes(list)
    }
}
