/// The value of `llm.system`: the AI product or API shape a client speaks — a well-known
/// `LLMSystem` or a name of your own.
///
/// OpenInference requires a well-known value when one applies and allows any lowercase name
/// otherwise, so the helpers take this type rather than the closed `LLMSystem` enum. When you
/// give a model name and no system, ``Span/setLLM(model:provider:system:requestModel:responseModel:invocationParameters:finishReason:baseURL:)``
/// infers the system from the model name as the Python instrumentors do.
///
/// Free-form names are lowercased, as OpenInference's Python helpers do.
public struct LLMSystemName: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral {
    /// The attribute value, always lowercase.
    public let rawValue: String

    /// A system by name; the name is lowercased.
    public init(rawValue: String) {
        self.rawValue = rawValue.lowercased()
    }

    /// A system by name, from a string literal; the name is lowercased.
    public init(stringLiteral value: String) {
        self.init(rawValue: value)
    }

    /// A well-known system.
    public init(_ system: LLMSystem) {
        self.rawValue = system.rawValue
    }

    /// The well-known system this name is, if it is one.
    public var wellKnown: LLMSystem? { LLMSystem(rawValue: rawValue) }

    /// The system whose models carry names like `modelName` (`gpt-…` is OpenAI, `claude-…`
    /// Anthropic), or nil for an unknown name (see `LLMSystem.inferred(fromModelName:)`).
    public static func inferred(fromModelName modelName: String) -> LLMSystemName? {
        LLMSystem.inferred(fromModelName: modelName).map(LLMSystemName.init)
    }
}

extension LLMSystemName {
    /// The OpenAI API, and clients that speak its shape.
    public static let openai = LLMSystemName(.openai)
    /// The Anthropic Messages API.
    public static let anthropic = LLMSystemName(.anthropic)
    /// The Cohere API.
    public static let cohere = LLMSystemName(.cohere)
    /// The Mistral AI API.
    public static let mistralai = LLMSystemName(.mistralai)
    /// Google's Gemini and Vertex AI APIs.
    public static let vertexai = LLMSystemName(.vertexai)
    /// The TypeSafe AI API.
    public static let typesafe = LLMSystemName(.typesafe)

    /// Every well-known system, in catalog order (a test checks it matches `LLMSystem`).
    public static let wellKnownNames: [LLMSystemName] = [.openai, .anthropic, .cohere, .mistralai, .vertexai, .typesafe]
}
