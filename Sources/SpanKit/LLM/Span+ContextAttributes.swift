import OpenInference
extension Span {
    /// Records metadata as the JSON object string `metadata`, replacing metadata inherited from a
    /// ``withAttributes(sessionID:sessionName:userID:metadata:tags:promptTemplate:isolation:_:)``
    /// scope. Phoenix parses it and lets you filter on its keys.
    ///
    /// ```swift
    /// span.setMetadata(["tier": "gold", "experiment": 3])
    /// ```
    public func setMetadata(_ metadata: [String: JSONValue]) {
        setAttribute(SpanAttributes.metadata, .string(JSONValue.object(metadata).jsonString))
    }

    /// Records the prompt template a model call was rendered from: `llm.prompt_template.template`,
    /// `.variables` (a JSON object string) and `.version`, and where a managed prompt came from:
    /// `prompt.vendor`, `prompt.id`, `prompt.url`. A span of kind PROMPT
    /// (`tracer.chain("render-prompt", kind: .prompt, input: …)`) records the rendering itself.
    ///
    /// ```swift
    /// span.setPromptTemplate(PromptTemplate("Answer {question} from {context}.",
    ///                                       variables: ["question": "…", "context": "…"], version: "v2"))
    /// ```
    public func setPromptTemplate(_ template: PromptTemplate) {
        write { state in
            var diagnostics: [Diagnostic] = []
            state.applyPromptTemplate(template, diagnostics: &diagnostics)
            return diagnostics.first
        }
    }
}
