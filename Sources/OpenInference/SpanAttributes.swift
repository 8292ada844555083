// Bootstrap subset of the catalog; replaced by the generated catalog.
/// Span-level OpenInference attribute keys.
public enum SpanAttributes {
    /// `openinference.span.kind`
    public static let openinferenceSpanKind = "openinference.span.kind"
    /// `input.value`
    public static let inputValue = "input.value"
    /// `input.mime_type`
    public static let inputMIMEType = "input.mime_type"
    /// `output.value`
    public static let outputValue = "output.value"
    /// `output.mime_type`
    public static let outputMIMEType = "output.mime_type"
    /// `session.id`
    public static let sessionID = "session.id"
    /// `user.id`
    public static let userID = "user.id"
    /// `metadata`
    public static let metadata = "metadata"
    /// `tag.tags`
    public static let tagTags = "tag.tags"
    /// `llm.prompt_template.template`
    public static let llmPromptTemplate = "llm.prompt_template.template"
    /// `llm.prompt_template.variables`
    public static let llmPromptTemplateVariables = "llm.prompt_template.variables"
    /// `llm.prompt_template.version`
    public static let llmPromptTemplateVersion = "llm.prompt_template.version"
}
