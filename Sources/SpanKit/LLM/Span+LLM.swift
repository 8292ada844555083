import Foundation
import OpenInference

extension Span {
    /// Records which model served an LLM call and how it was asked: `llm.model_name`,
    /// `llm.provider`, `llm.system`, `llm.request.model_name`, `llm.response.model_name`,
    /// `llm.invocation_parameters` and `llm.finish_reason`. Only the arguments you pass are
    /// written, so you can call it before the request and again with what the response says.
    ///
    /// ```swift
    /// span.setLLM(model: "gpt-4o-mini", provider: .openai, invocationParameters: ["temperature": 0.2])
    /// // … after the call:
    /// span.setLLM(responseModel: reply.model, finishReason: "stop")
    /// ```
    ///
    /// Phoenix prices a call by `llm.model_name` and `llm.provider`, so pass the exact model name,
    /// ideally the one the API returns. On a DECISION span (a model choosing a route) the model,
    /// provider and system go under `decision.*` instead, as OpenInference's decision helpers
    /// write them.
    ///
    /// - Parameters:
    ///   - model: the model name. When nil, `llm.model_name` is the response model, else the
    ///     request model (OpenInference's rule), so a later call with only `responseModel` makes
    ///     the answering model the span's model name, as the spec recommends.
    ///   - provider: who hosts the model. When nil and `baseURL` is a known endpoint, the
    ///     provider is inferred from its host. For a host the catalog does not list, set
    ///     `llm.provider` yourself: `span.setAttribute(SpanAttributes.llmProvider, "acme-cloud")`
    ///     (a lowercase name, so that one provider is spelled one way on every span).
    ///   - system: the API shape. When nil, it is inferred from the model name (`gpt-…` is
    ///     `LLMSystem.openai`, `claude-…` `LLMSystem.anthropic`); unknown names leave it unset.
    ///   - requestModel: the model the caller asked for, when routing may pick another.
    ///   - responseModel: the model that answered.
    ///   - invocationParameters: request parameters other than the messages (temperature,
    ///     max tokens…), recorded as a JSON object string.
    ///   - finishReason: why generation stopped, such as `stop` or `length`.
    ///   - baseURL: the API's base URL, used only to infer a missing provider.
    public func setLLM(
        model: String? = nil, provider: LLMProvider? = nil, system: LLMSystem? = nil,
        requestModel: String? = nil, responseModel: String? = nil,
        invocationParameters: [String: JSONValue]? = nil, finishReason: String? = nil, baseURL: URL? = nil
    ) {
        guard storage != nil else { return }
        let modelName = model ?? responseModel ?? requestModel
        // Worked out before taking the span's lock, which the writes alone hold.
        let providerName = (provider ?? baseURL.flatMap(LLMProvider.inferred(fromBaseURL:)))?.rawValue
        let systemName = (system ?? modelName.flatMap(Self.inferredSystem(fromModelName:)))?.rawValue
        let parameters = invocationParameters.map(Self.invocationParametersJSON)
        setAttributes(reserving: 7) { list in
            // OpenInference's decision helpers record a DECISION span's model under `decision.*`.
            let keys = list.spanKind == .decision ? ModelKeys.decision : ModelKeys.llm
            list.append(keys.modelName, modelName)
            list.append(keys.requestModelName, requestModel)
            list.append(keys.responseModelName, responseModel)
            list.append(keys.provider, providerName)
            list.append(keys.system, systemName)
            list.append(SpanAttributes.llmInvocationParameters, parameters)
            list.append(SpanAttributes.llmFinishReason, finishReason)
        }
    }

    /// The keys of the model that served a call: `llm.*`, or `decision.*` on a DECISION span.
    /// A class, so that picking one costs one retain rather than one per key.
    private final class ModelKeys: Sendable {
        let modelName, requestModelName, responseModelName, provider, system: String

        init(modelName: String, requestModelName: String, responseModelName: String, provider: String, system: String) {
            self.modelName = modelName
            self.requestModelName = requestModelName
            self.responseModelName = responseModelName
            self.provider = provider
            self.system = system
        }

        static let llm = ModelKeys(
            modelName: SpanAttributes.llmModelName, requestModelName: SpanAttributes.llmRequestModelName,
            responseModelName: SpanAttributes.llmResponseModelName, provider: SpanAttributes.llmProvider, system: SpanAttributes.llmSystem)
        static let decision = ModelKeys(
            modelName: SpanAttributes.decisionModelName, requestModelName: SpanAttributes.decisionRequestModelName,
            responseModelName: SpanAttributes.decisionResponseModelName, provider: SpanAttributes.decisionProvider,
            system: SpanAttributes.decisionSystem)
    }

    /// The JSON text of `parameters`, remembered per thread for the last parameters written
    /// (only when the text is short, so that a thread holds little).
    private static func invocationParametersJSON(_ parameters: [String: JSONValue]) -> String {
        let local = ThreadLocalState.current()
        if let last = local.pointee.lastInvocationParameters, JSONValue.membersAreIdentical(last, parameters) {
            return local.pointee.lastInvocationParametersJSON
        }
        let json = JSONValue.object(parameters).jsonString
        let isShort = json.utf8.count <= 1024
        local.pointee.lastInvocationParameters = isShort ? parameters : nil
        local.pointee.lastInvocationParametersJSON = isShort ? json : ""
        return json
    }

    /// `LLMSystem.inferred(fromModelName:)`, remembered per thread for the last model name.
    private static func inferredSystem(fromModelName modelName: String) -> LLMSystem? {
        let local = ThreadLocalState.current()
        if let last = local.pointee.lastModelName, last == modelName { return local.pointee.lastModelSystem }
        let system = LLMSystem.inferred(fromModelName: modelName)
        local.pointee.lastModelName = modelName
        local.pointee.lastModelSystem = system
        return system
    }
}
