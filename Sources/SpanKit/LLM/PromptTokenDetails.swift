/// The parts of the prompt token count that are priced differently, recorded as
/// `llm.token_count.prompt_details.*`.
///
/// Each is included in the prompt count, not added to it; Phoenix prices every detail at its own
/// rate and the rest of the prompt at the input rate.
public struct PromptTokenDetails: Sendable, Hashable {
    /// Tokens served from the provider's prompt cache (OpenAI `cached_tokens`, Anthropic
    /// `cache_read_input_tokens`).
    var cacheRead: Int?
    /// Tokens written to the prompt cache (Anthropic `cache_creation_input_tokens`).
    var cacheWrite: Int?
    /// Cached input tokens, for providers that report them under this name.
    var cacheInput: Int?
    /// Audio tokens.
    var audio: Int?

    /// Prompt token details; leave out what the provider does not report.
    public init(cacheRead: Int? = nil, cacheWrite: Int? = nil, cacheInput: Int? = nil, audio: Int? = nil) {
        self.cacheRead = cacheRead
        self.cacheWrite = cacheWrite
        self.cacheInput = cacheInput
        self.audio = audio
    }
}
