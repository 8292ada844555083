/// Builders for the flattened keys of OpenInference lists, such as
/// `llm.input_messages.0.message.role`.
///
/// OpenInference flattens lists of objects into one attribute per leaf, with zero-based indices:
///
/// ```swift
/// OpenInferenceKey.inputMessage(0).role                       // "llm.input_messages.0.message.role"
/// OpenInferenceKey.inputMessage(1).contentPart(0).imageURL
/// // "llm.input_messages.1.message.contents.0.message_content.image.image.url"
/// OpenInferenceKey.outputMessage(0).toolCall(2).functionArguments
/// // "llm.output_messages.0.message.tool_calls.2.tool_call.function.arguments"
/// OpenInferenceKey.retrievalDocument(3).content               // "retrieval.documents.3.document.content"
/// OpenInferenceKey.annotation(0, scope: .trace).score         // "trace.annotations.0.annotation.score"
/// ```
///
/// The functions here return small value types that only remember the list and the indices; the
/// key string is built when you ask for a leaf, with one allocation. Every piece of every key comes
/// from the generated catalog constants, so the builders cannot drift from ``SpanAttributes`` and
/// the other catalog types.
///
/// Negative indices are not meaningful in OpenInference but are accepted and written as they are
/// (`-1`), never trapped on.
public enum OpenInferenceKey {
    /// The message at `index` in the chat messages sent to the model (`llm.input_messages.{index}`).
    public static func inputMessage(_ index: Int) -> MessageKey {
        MessageKey(.input, index)
    }

    /// The message at `index` in the chat messages the model returned (`llm.output_messages.{index}`).
    public static func outputMessage(_ index: Int) -> MessageKey {
        MessageKey(.output, index)
    }

    /// The tool at `index` among the tools advertised to the model (`llm.tools.{index}`).
    public static func llmTool(_ index: Int) -> LLMToolKey {
        LLMToolKey(index)
    }

    /// The prompt at `index` sent to a completions API (`llm.prompts.{index}`).
    public static func prompt(_ index: Int) -> PromptKey {
        PromptKey(index)
    }

    /// The choice at `index` returned by a completions API (`llm.choices.{index}`).
    public static func choice(_ index: Int) -> ChoiceKey {
        ChoiceKey(index)
    }

    /// The document at `index` returned by a retriever (`retrieval.documents.{index}`).
    public static func retrievalDocument(_ index: Int) -> DocumentKey {
        DocumentKey(list: SpanAttributes.retrievalDocuments, index: index)
    }

    /// The document at `index` given to a reranker (`reranker.input_documents.{index}`).
    public static func rerankerInputDocument(_ index: Int) -> DocumentKey {
        DocumentKey(list: RerankerAttributes.rerankerInputDocuments, index: index)
    }

    /// The document at `index` returned by a reranker (`reranker.output_documents.{index}`).
    public static func rerankerOutputDocument(_ index: Int) -> DocumentKey {
        DocumentKey(list: RerankerAttributes.rerankerOutputDocuments, index: index)
    }

    /// The file at `index` an operation received (`input.documents.{index}`).
    public static func inputDocument(_ index: Int) -> DocumentKey {
        DocumentKey(list: SpanAttributes.inputDocuments, index: index)
    }

    /// The file at `index` an operation produced (`output.documents.{index}`).
    public static func outputDocument(_ index: Int) -> DocumentKey {
        DocumentKey(list: SpanAttributes.outputDocuments, index: index)
    }

    /// The image at `index` an operation received (`input.images.{index}`).
    public static func inputImage(_ index: Int) -> ImageKey {
        ImageKey(list: SpanAttributes.inputImages, index: index)
    }

    /// The image at `index` an operation produced (`output.images.{index}`).
    public static func outputImage(_ index: Int) -> ImageKey {
        ImageKey(list: SpanAttributes.outputImages, index: index)
    }

    /// The embedding at `index` produced by an embedding call (`embedding.embeddings.{index}`).
    public static func embedding(_ index: Int) -> EmbeddingKey {
        EmbeddingKey(index)
    }

    /// The feedback entry at `index`, in annotation terminology, about the span, its trace or its
    /// session (`annotations.{index}`, `trace.annotations.{index}`, `session.annotations.{index}`).
    public static func annotation(_ index: Int, scope: AnnotationScope = .span) -> FeedbackKey {
        FeedbackKey(terminology: .annotation, scope: scope, index: index)
    }

    /// The feedback entry at `index`, in evaluation terminology, about the span, its trace or its
    /// session (`evaluations.{index}`, `trace.evaluations.{index}`, `session.evaluations.{index}`).
    public static func evaluation(_ index: Int, scope: AnnotationScope = .span) -> FeedbackKey {
        FeedbackKey(terminology: .evaluation, scope: scope, index: index)
    }

    /// A detail of the prompt token count, such as `cache_read`
    /// (`llm.token_count.prompt_details.{name}`). Phoenix prices each detail as its own token type.
    public static func promptTokenCountDetail(_ name: String) -> String {
        FlatKey.make(SpanAttributes.llmTokenCountPromptDetails, name)
    }

    /// A detail of the completion token count, such as `reasoning`
    /// (`llm.token_count.completion_details.{name}`).
    ///
    /// The Python package has no constant for this prefix; it is the open prefix of the spec, the
    /// parent of ``SpanAttributes/llmTokenCountCompletionDetailsReasoning`` and
    /// ``SpanAttributes/llmTokenCountCompletionDetailsAudio``.
    public static func completionTokenCountDetail(_ name: String) -> String {
        FlatKey.make(completionTokenCountDetails, name)
    }

    /// A detail of the prompt cost in US dollars, such as `cache_read`
    /// (`llm.cost.prompt_details.{name}`).
    public static func promptCostDetail(_ name: String) -> String {
        FlatKey.make(SpanAttributes.llmCostPromptDetails, name)
    }

    /// A detail of the completion cost in US dollars, such as `reasoning`
    /// (`llm.cost.completion_details.{name}`).
    public static func completionCostDetail(_ name: String) -> String {
        FlatKey.make(SpanAttributes.llmCostCompletionDetails, name)
    }

    /// The open prefix of the completion token details (see ``completionTokenCountDetail(_:)``).
    static let completionTokenCountDetails = "llm.token_count.completion_details"
}
