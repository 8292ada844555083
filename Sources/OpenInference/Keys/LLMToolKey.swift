/// The keys of one tool advertised to the model, `llm.tools.{i}.tool.*`.
///
/// Get one from ``OpenInferenceKey/llmTool(_:)``.
public struct LLMToolKey: Sendable, Hashable {
    /// The zero-based position of the tool in `llm.tools`.
    public let index: Int

    /// The tool at `index`.
    public init(_ index: Int) {
        self.index = index
    }

    /// The full tool definition as a JSON string (`llm.tools.{i}.tool.json_schema`).
    public var jsonSchema: String { key(for: ToolAttributes.toolJSONSchema) }

    /// The name the model calls the tool by (`llm.tools.{i}.tool.name`).
    public var name: String { key(for: ToolAttributes.toolName) }

    /// The description the model reads to pick the tool (`llm.tools.{i}.tool.description`).
    public var description: String { key(for: ToolAttributes.toolDescription) }

    /// The key of any ``ToolAttributes`` leaf of this tool.
    public func key(for attribute: String) -> String {
        FlatKey.make(SpanAttributes.llmTools, index, attribute)
    }
}
