import OpenInference

/// The OpenTelemetry GenAI attributes (`gen_ai.*`) that OTLP export adds beside the
/// OpenInference ones when `OPENINFERENCE_ENABLE_GENAI_SEMCONV=true`, so that backends reading
/// the GenAI conventions (Datadog, Sentry, Grafana, Langfuse…) show LLM, embedding, tool and agent
/// spans too. Derived at export from what the span recorded; nothing is added to the span
/// itself, and a `gen_ai.*` key the span recorded wins. The key names are checked against the
/// Python `opentelemetry-semantic-conventions` package in the tests.
enum GenAIAttributes {
    /// The environment variable OpenInference's own tracers read for the same switch.
    static let variable = "OPENINFERENCE_ENABLE_GENAI_SEMCONV"

    enum Key {
        static let operationName = "gen_ai.operation.name"
        /// Recorded on every streamed span (``Tracer/llmStream(_:messages:model:provider:system:invocationParameters:tools:chunks:_:)``).
        static let timeToFirstChunk = "gen_ai.response.time_to_first_chunk"
        static let providerName = "gen_ai.provider.name"
        /// Deprecated by `gen_ai.provider.name`; still what many backends read.
        static let system = "gen_ai.system"
        static let requestModel = "gen_ai.request.model"
        static let responseModel = "gen_ai.response.model"
        static let inputTokens = "gen_ai.usage.input_tokens"
        static let outputTokens = "gen_ai.usage.output_tokens"
        static let cacheReadInputTokens = "gen_ai.usage.cache_read.input_tokens"
        static let cacheCreationInputTokens = "gen_ai.usage.cache_creation.input_tokens"
        static let reasoningOutputTokens = "gen_ai.usage.reasoning.output_tokens"
        static let conversationID = "gen_ai.conversation.id"
        static let finishReasons = "gen_ai.response.finish_reasons"
        static let toolName = "gen_ai.tool.name"
        static let toolCallID = "gen_ai.tool.call.id"
        static let toolDescription = "gen_ai.tool.description"
        static let agentName = "gen_ai.agent.name"
        static let temperature = "gen_ai.request.temperature"
        static let maxTokens = "gen_ai.request.max_tokens"
        static let topP = "gen_ai.request.top_p"

        /// Every key, for the test that checks them against the convention's own package.
        static let all = [
            operationName, providerName, system, requestModel, responseModel, inputTokens, outputTokens, cacheReadInputTokens,
            cacheCreationInputTokens, reasoningOutputTokens, conversationID, finishReasons, toolName, toolCallID, toolDescription,
            agentName, temperature, maxTokens, topP, timeToFirstChunk,
        ]
    }

    /// The GenAI attributes of a span of `kind` with these recorded attributes; none for the
    /// kinds GenAI has no operation for (chains, retrievers…).
    static func derive(kind: SpanKind, sessionID: String?, recorded: Attributes) -> [Attribute] {
        let operation: String
        switch kind {
        case .llm: operation = "chat"
        case .embedding: operation = "embeddings"
        case .tool: operation = "execute_tool"
        case .agent: operation = "invoke_agent"
        default: return []
        }
        var result: [Attribute] = []
        func add(_ key: String, _ value: AttributeValue?) {
            guard let value, recorded[key] == nil else { return }
            result.append(Attribute(key: key, value: value))
        }
        add(Key.operationName, .string(operation))
        add(Key.conversationID, sessionID.map { .string($0) })
        switch kind {
        case .llm, .embedding:
            let provider = (recorded[SpanAttributes.llmProvider]?.stringValue).map(providerName)
                ?? recorded[SpanAttributes.llmSystem]?.stringValue
            add(Key.providerName, provider.map { .string($0) })
            add(Key.system, provider.map { .string($0) })
            let modelKey = kind == .embedding ? SpanAttributes.embeddingModelName : SpanAttributes.llmModelName
            add(Key.requestModel, recorded[SpanAttributes.llmRequestModelName] ?? recorded[modelKey])
            add(Key.responseModel, recorded[SpanAttributes.llmResponseModelName])
            add(Key.inputTokens, recorded[SpanAttributes.llmTokenCountPrompt])
            add(Key.outputTokens, recorded[SpanAttributes.llmTokenCountCompletion])
            add(Key.cacheReadInputTokens, recorded[SpanAttributes.llmTokenCountPromptDetailsCacheRead])
            add(Key.cacheCreationInputTokens, recorded[SpanAttributes.llmTokenCountPromptDetailsCacheWrite])
            add(Key.reasoningOutputTokens, recorded[SpanAttributes.llmTokenCountCompletionDetailsReasoning])
            add(Key.finishReasons, recorded[SpanAttributes.llmFinishReason]?.stringValue.map { .stringArray([$0]) })
            if let parameters = recorded[SpanAttributes.llmInvocationParameters]?.stringValue,
               case .object(let object)? = try? JSONValue(parsing: parameters) {
                add(Key.temperature, number(object["temperature"]).map { .double($0) })
                add(Key.maxTokens, (object["max_tokens"] ?? object["max_completion_tokens"]).flatMap(integer).map { .int($0) })
                add(Key.topP, number(object["top_p"]).map { .double($0) })
            }
        case .tool:
            add(Key.toolName, recorded[SpanAttributes.toolName])
            add(Key.toolCallID, recorded[SpanAttributes.toolID])
            add(Key.toolDescription, recorded[SpanAttributes.toolDescription])
        case .agent:
            add(Key.agentName, recorded[SpanAttributes.agentName])
        default:
            break
        }
        return result
    }

    private static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .double(let number)?: number
        case .int(let number)?: Double(number)
        default: nil
        }
    }

    private static func integer(_ value: JSONValue) -> Int? {
        if case .int(let number) = value { return number }
        return nil
    }

    /// The GenAI provider name for an OpenInference `llm.provider` value; other names pass
    /// through (the convention allows them).
    static func providerName(_ provider: String) -> String {
        switch provider {
        case LLMProvider.mistralai.rawValue: "mistral_ai"
        case LLMProvider.google.rawValue: "gcp.gemini"
        case LLMProvider.azure.rawValue: "azure.ai.openai"
        case LLMProvider.aws.rawValue: "aws.bedrock"
        case LLMProvider.xai.rawValue: "x_ai"
        default: provider
        }
    }
}
