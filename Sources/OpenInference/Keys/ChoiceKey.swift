/// The keys of one choice returned by a completions API, `llm.choices.{i}.completion.*`.
///
/// Get one from ``OpenInferenceKey/choice(_:)``.
public struct ChoiceKey: Sendable, Hashable {
    /// The zero-based position of the choice in `llm.choices`.
    public let index: Int

    /// The choice at `index`.
    public init(_ index: Int) {
        self.index = index
    }

    /// The text of the choice (`llm.choices.{i}.completion.text`).
    public var text: String { key(for: ChoiceAttributes.completionText) }

    /// The key of any ``ChoiceAttributes`` leaf of this choice.
    public func key(for attribute: String) -> String {
        FlatKey.make(SpanAttributes.llmChoices, index, attribute)
    }
}
