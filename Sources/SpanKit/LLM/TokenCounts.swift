/// The token usage of a model call, recorded as `llm.token_count.*`.
///
/// Phoenix computes a call's cost from these counts and the model name, so they should be the
/// provider's own numbers.
struct TokenCounts: Sendable, Hashable {
    /// Prompt (input) tokens, including cached and audio tokens.
    var prompt: Int?
    /// Completion (output) tokens, including reasoning tokens.
    var completion: Int?
    /// All tokens; when nil and both other counts are known, their sum is recorded.
    var total: Int?
    /// Prompt tokens priced differently.
    var promptDetails: PromptTokenDetails?
    /// Completion tokens priced differently.
    var completionDetails: CompletionTokenDetails?

    /// Token counts; leave out what the provider does not report.
    init(
        prompt: Int? = nil, completion: Int? = nil, total: Int? = nil,
        promptDetails: PromptTokenDetails? = nil, completionDetails: CompletionTokenDetails? = nil
    ) {
        self.prompt = prompt
        self.completion = completion
        self.total = total
        self.promptDetails = promptDetails
        self.completionDetails = completionDetails
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
