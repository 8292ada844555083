import Foundation

/// The value of `llm.provider`: who hosts the model — a well-known `LLMProvider` or a name of
/// your own.
///
/// OpenInference lists well-known providers but allows any lowercase name, so the helpers take
/// this type rather than the closed `LLMProvider` enum:
///
/// ```swift
/// span.setLLM(model: "gpt-4o-mini", provider: .openai)
/// span.setLLM(model: "house-model-7b", provider: "acme-cloud")
/// ```
///
/// Free-form names are lowercased, as OpenInference's Python helpers do, so that one provider is
/// spelled the same way on every span (Phoenix matches prices by provider).
public struct LLMProviderName: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral {
    /// The attribute value, always lowercase.
    public let rawValue: String

    /// A provider by name; the name is lowercased.
    public init(rawValue: String) {
        self.rawValue = rawValue.lowercased()
    }

    /// A provider by name, from a string literal; the name is lowercased.
    public init(stringLiteral value: String) {
        self.init(rawValue: value)
    }

    /// A well-known provider.
    public init(_ provider: LLMProvider) {
        self.rawValue = provider.rawValue
    }

    /// The well-known provider this name is, if it is one.
    public var wellKnown: LLMProvider? { LLMProvider(rawValue: rawValue) }

    /// The provider serving the API at `baseURL` (such as `https://api.openai.com/v1`), or nil
    /// when the host is not a known provider endpoint (see `LLMProvider.inferred(fromBaseURL:)`).
    public static func inferred(fromBaseURL baseURL: URL) -> LLMProviderName? {
        LLMProvider.inferred(fromBaseURL: baseURL).map(LLMProviderName.init)
    }
}

extension LLMProviderName {
    /// OpenAI.
    public static let openai = LLMProviderName(.openai)
    /// Anthropic.
    public static let anthropic = LLMProviderName(.anthropic)
    /// Cohere.
    public static let cohere = LLMProviderName(.cohere)
    /// Mistral AI.
    public static let mistralai = LLMProviderName(.mistralai)
    /// Google (Gemini API, Vertex AI).
    public static let google = LLMProviderName(.google)
    /// Microsoft Azure (Azure OpenAI, Azure AI Foundry).
    public static let azure = LLMProviderName(.azure)
    /// Amazon Web Services (Bedrock, SageMaker).
    public static let aws = LLMProviderName(.aws)
    /// xAI.
    public static let xai = LLMProviderName(.xai)
    /// DeepSeek.
    public static let deepseek = LLMProviderName(.deepseek)
    /// Groq.
    public static let groq = LLMProviderName(.groq)
    /// Fireworks AI.
    public static let fireworks = LLMProviderName(.fireworks)
    /// Moonshot AI.
    public static let moonshot = LLMProviderName(.moonshot)
    /// Cerebras.
    public static let cerebras = LLMProviderName(.cerebras)
    /// Perplexity.
    public static let perplexity = LLMProviderName(.perplexity)
    /// Together AI.
    public static let together = LLMProviderName(.together)
    /// Ollama.
    public static let ollama = LLMProviderName(.ollama)
    /// Meta.
    public static let meta = LLMProviderName(.meta)
    /// Z.ai.
    public static let zai = LLMProviderName(.zai)
    /// MiniMax.
    public static let minimax = LLMProviderName(.minimax)
    /// Oracle Cloud Infrastructure.
    public static let oracle = LLMProviderName(.oracle)
    /// TypeSafe AI.
    public static let typesafe = LLMProviderName(.typesafe)

    /// Every well-known provider, in catalog order (a test checks it matches `LLMProvider`).
    public static let wellKnownNames: [LLMProviderName] = [
        .openai, .anthropic, .cohere, .mistralai, .google, .azure, .aws, .xai, .deepseek, .groq, .fireworks,
        .moonshot, .cerebras, .perplexity, .together, .ollama, .meta, .zai, .minimax, .oracle, .typesafe,
    ]
}
