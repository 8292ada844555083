/// The keys of one prompt sent to a completions API, `llm.prompts.{i}.prompt.*`.
///
/// Get one from ``OpenInferenceKey/prompt(_:)``.
public struct PromptKey: Sendable, Hashable {
    /// The zero-based position of the prompt in `llm.prompts`.
    public let index: Int

    /// The prompt at `index`.
    public init(_ index: Int) {
        self.index = index
    }

    /// The text of the prompt (`llm.prompts.{i}.prompt.text`).
    public var text: String { key(for: PromptAttributes.promptText) }

    /// The key of any ``PromptAttributes`` leaf of this prompt.
    public func key(for attribute: String) -> String {
        FlatKey.make(SpanAttributes.llmPrompts, index, attribute)
    }
}
