/// The OpenInference span kind, carried in the `openinference.span.kind` attribute.
///
/// Raw values are the uppercase strings Phoenix expects; Phoenix echoes a lowercase kind verbatim
/// and shows nothing typed for it, so SpanKit always emits these.
public enum SpanKind: String, Sendable, CaseIterable, Hashable {
    /// A call to a large language model.
    case llm = "LLM"
    /// A call that produces embeddings.
    case embedding = "EMBEDDING"
    /// Glue or orchestration, often the root of a request.
    case chain = "CHAIN"
    /// A lookup in a vector store, search engine or database.
    case retriever = "RETRIEVER"
    /// Reordering of documents by relevance.
    case reranker = "RERANKER"
    /// A tool or function invoked by a model or agent.
    case tool = "TOOL"
    /// A reasoning loop that spans model and tool calls.
    case agent = "AGENT"
    /// Input or output moderation.
    case guardrail = "GUARDRAIL"
    /// An evaluation of model output.
    case evaluator = "EVALUATOR"
    /// The rendering of a prompt template.
    case prompt = "PROMPT"
    /// A decision-model call that returns typed, probabilistic answers.
    case decision = "DECISION"
    /// An operation of no known kind.
    case unknown = "UNKNOWN"
}
