/// A tool advertised to the model, recorded as `llm.tools.{i}.tool.*`.
///
/// The usual form names the tool and gives its parameters as a JSON Schema; the definition is
/// recorded in OpenAI's function-tool format, which Phoenix shows and replays:
///
/// ```swift
/// ToolDefinition(
///     name: "get_weather",
///     description: "Current weather for a city.",
///     parameters: ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]])
/// ```
///
/// To record a definition exactly as you send it (another provider's format), use
/// ``init(jsonSchema:name:description:)``; JSON text goes in as
/// `ToolDefinition(jsonSchema: try JSONValue(parsing: text))`.
public struct ToolDefinition: Sendable, Hashable {
    /// The name the model calls the tool by.
    public var name: String?
    /// What the tool does, as the model reads it.
    public var description: String?
    /// The full definition as JSON text (`tool.json_schema`).
    var jsonSchema: String

    /// A function tool; the definition is recorded as
    /// `{"type": "function", "function": {"name", "description", "parameters"}}`.
    public init(name: String, description: String? = nil, parameters: JSONValue = ["type": "object", "properties": [:]]) {
        var function: [String: JSONValue] = ["name": .string(name), "parameters": parameters]
        if let description { function["description"] = .string(description) }
        let definition: JSONValue = ["type": "function", "function": .object(function)]
        self.init(jsonSchema: definition, name: name, description: description)
    }

    /// A tool whose whole definition is given, recorded as compact JSON with sorted keys.
    public init(jsonSchema: JSONValue, name: String? = nil, description: String? = nil) {
        self.init(jsonSchema: jsonSchema.jsonString, name: name, description: description)
    }

    /// A tool whose whole definition is given as JSON text, recorded verbatim.
    init(jsonSchema: String, name: String? = nil, description: String? = nil) {
        self.name = name
        self.description = description
        self.jsonSchema = jsonSchema
    }
}
