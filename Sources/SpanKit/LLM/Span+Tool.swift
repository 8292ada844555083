import OpenInference
extension Span {
    /// Describes the tool a TOOL span runs: `tool.name`, `tool.description`, `tool.parameters`
    /// (its JSON Schema, as a JSON string) and `tool.id` (the id of the call it answers).
    ///
    /// ```swift
    /// span.setTool(name: "get_weather", description: "Current weather for a city.",
    ///              parameters: ["type": "object", "properties": ["city": ["type": "string"]]],
    ///              callID: call.id)
    /// ```
    ///
    /// - Parameters:
    ///   - name: the tool's name, as the model calls it.
    ///   - description: what the tool does.
    ///   - parameters: the JSON Schema of the tool's parameters.
    ///   - callID: the ``ToolCall/id`` of the model's request, so Phoenix can link the result to
    ///     the call.
    public func setTool(name: String, description: String? = nil, parameters: JSONValue? = nil, callID: String? = nil) {
        guard storage != nil else { return }
        setAttributes(reserving: 4) { list in
            list.append(SpanAttributes.toolName, .string(name))
            list.append(SpanAttributes.toolDescription, description)
            if let parameters { list.append(SpanAttributes.toolParameters, .string(parameters.jsonString)) }
            list.append(SpanAttributes.toolID, callID)
        }
    }
}
