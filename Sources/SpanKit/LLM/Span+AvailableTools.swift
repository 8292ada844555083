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
        // Outside the span's lock: the cache takes its own.
        let cached = MessageKeyCache.toolKeys(count: tools.count)
        setAttributes(reserving: tools.count * 3) { list in
            // By index, reading each field: the loop variable of `enumerated()` is a copy of
            // the whole definition.
            for index in tools.indices {
                let key = MessageKeyCache.toolKeys(at: index, in: cached)
                list.append(key.jsonSchema, .string(tools[index].jsonSchema))
                // Empty names and descriptions say nothing; OpenInference's Python helper skips them too.
                if let name = tools[index].name, !name.isEmpty { list.append(key.name, .string(name)) }
                if let description = tools[index].description, !description.isEmpty { list.append(key.description, .string(description)) }
            }
        }
    }
}
