/// The token usage of a model call, recorded as `llm.token_count.*`.
///
/// Phoenix computes a call's cost from these counts and the model name, so they should be the
/// provider's own numbers. The detail counts are included in the prompt or completion count, not
/// added to it; Phoenix prices each at its own rate.
struct TokenCounts: Sendable, Hashable {
    /// Prompt (input) tokens, including cached and audio tokens.
    var prompt: Int?
    /// Completion (output) tokens, including reasoning tokens.
    var completion: Int?
    /// All tokens; when nil and both other counts are known, their sum is recorded.
    var total: Int?
    /// `llm.token_count.prompt_details.cache_read`.
    var cacheRead: Int?
    /// `llm.token_count.prompt_details.cache_write`.
    var cacheWrite: Int?
    /// `llm.token_count.prompt_details.cache_input`.
    var cacheInput: Int?
    /// `llm.token_count.prompt_details.audio`.
    var promptAudio: Int?
    /// `llm.token_count.completion_details.reasoning`.
    var reasoning: Int?
    /// `llm.token_count.completion_details.audio`.
    var completionAudio: Int?

    /// Token counts; leave out what the provider does not report.
    init(
        prompt: Int? = nil, completion: Int? = nil, total: Int? = nil,
        cacheRead: Int? = nil, cacheWrite: Int? = nil, cacheInput: Int? = nil, promptAudio: Int? = nil,
        reasoning: Int? = nil, completionAudio: Int? = nil
    ) {
        self.prompt = prompt
        self.completion = completion
        self.total = total
        self.cacheRead = cacheRead
        self.cacheWrite = cacheWrite
        self.cacheInput = cacheInput
        self.promptAudio = promptAudio
        self.reasoning = reasoning
        self.completionAudio = completionAudio
    }

    /// How many counts will be recorded (the total as ``resolvedTotal`` gives it).
    var givenCount: Int {
        var count = resolvedTotal == nil ? 0 : 1
        for value in [prompt, completion, cacheRead, cacheWrite, cacheInput, promptAudio, reasoning, completionAudio] where value != nil {
            count += 1
        }
        return count
    }

    /// The total to record: the given one, else prompt plus completion when both are known and
    /// their sum fits in an `Int` (absurd counts must not trap).
    var resolvedTotal: Int? {
        if let total { return total }
        guard let prompt, let completion else { return nil }
        let (sum, overflow) = prompt.addingReportingOverflow(completion)
        return overflow ? nil : sum
    }
}
