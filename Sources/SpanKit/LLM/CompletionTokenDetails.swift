/// The parts of the completion token count that are priced differently, recorded as
/// `llm.token_count.completion_details.*`.
///
/// Each is included in the completion count, not added to it.
public struct CompletionTokenDetails: Sendable, Hashable {
    /// Reasoning (thinking) tokens.
    var reasoning: Int?
    /// Audio tokens.
    var audio: Int?

    /// Completion token details; leave out what the provider does not report.
    public init(reasoning: Int? = nil, audio: Int? = nil) {
        self.reasoning = reasoning
        self.audio = audio
    }
}
