// The parts of the OpenAI chat-completions wire format this example uses, as Codable types. Any
// server that speaks the format works: OpenAI, Azure OpenAI, OpenRouter, Groq, Together, vLLM,
// llama.cpp, Ollama, LM Studio…
import SpanKit

/// The body of `POST {base}/chat/completions`.
struct ChatRequest: Encodable {
    var model: String
    var messages: [ChatMessage]
    var tools: [ChatTool]?
    var stream: Bool?
    var streamOptions: StreamOptions?

    /// Asks a streaming server to end with a chunk that holds the token usage.
    struct StreamOptions: Encodable {
        var includeUsage = true
        enum CodingKeys: String, CodingKey { case includeUsage = "include_usage" }
    }

    enum CodingKeys: String, CodingKey {
        case model, messages, tools, stream
        case streamOptions = "stream_options"
    }
}

/// A message, sent or received. In a streamed chunk's `delta` every field is a fragment.
struct ChatMessage: Codable {
    var role: String?
    var content: String?
    var toolCalls: [ChatToolCall]?
    var toolCallID: String?
    var name: String?

    enum CodingKeys: String, CodingKey {
        case role, content, name
        case toolCalls = "tool_calls"
        case toolCallID = "tool_call_id"
    }
}

/// A function call the model asks for. Streamed calls arrive in pieces keyed by `index`.
struct ChatToolCall: Codable {
    var index: Int?
    var id: String?
    var type: String?
    var function: Function

    struct Function: Codable {
        var name: String?
        var arguments: String?
    }
}

/// A tool offered to the model.
struct ChatTool: Encodable {
    var type = "function"
    var function: Function

    struct Function: Encodable {
        var name: String
        var description: String?
        var parameters: JSONValue
    }
}

/// A complete response, or one streamed chunk (`chat.completion.chunk`).
struct ChatCompletion: Decodable {
    var model: String?
    var choices: [Choice]
    var usage: Usage?

    struct Choice: Decodable {
        var message: ChatMessage?
        var delta: ChatMessage?
        var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case message, delta
            case finishReason = "finish_reason"
        }
    }
}

/// Token usage, with the details priced differently.
struct Usage: Decodable {
    var promptTokens: Int?
    var completionTokens: Int?
    var totalTokens: Int?
    var promptTokensDetails: PromptDetails?
    var completionTokensDetails: CompletionDetails?

    struct PromptDetails: Decodable {
        var cachedTokens: Int?
        enum CodingKeys: String, CodingKey { case cachedTokens = "cached_tokens" }
    }

    struct CompletionDetails: Decodable {
        var reasoningTokens: Int?
        enum CodingKeys: String, CodingKey { case reasoningTokens = "reasoning_tokens" }
    }

    enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case totalTokens = "total_tokens"
        case promptTokensDetails = "prompt_tokens_details"
        case completionTokensDetails = "completion_tokens_details"
    }
}
