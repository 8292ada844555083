import OpenInference
extension Span {
    /// Records the tools advertised to the model as `llm.tools.{i}.tool.*` (the definition as
    /// `json_schema`, plus `name` and `description` when known).
    ///
    /// ```swift
    /// span.setAvailableTools([
    ///     ToolDefinition(name: "get_weather", description: "Current weather for a city.",
    ///                    parameters: ["type": "object", "properties": ["city": ["type": "string"]]]),
    /// ])
    /// ```
    public func setAvailableTools(_ tools: [ToolDefinition]) {
        guard storage != nil, !tools.isEmpty else { return }
        setAttributes(reserving: tools.count * 3) { list in
            for (index, tool) in tools.enumerated() {
                let key = OpenInferenceKey.llmTool(index)
                list.append(key.jsonSchema, .string(tool.jsonSchema))
                // Empty names and descriptions say nothing; OpenInference's Python helper skips them too.
                if let name = tool.name, !name.isEmpty { list.append(key.name, .string(name)) }
                if let description = tool.description, !description.isEmpty { list.append(key.description, .string(description)) }
            }
        }
    }
}
