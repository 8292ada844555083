import OpenInference
extension Span {
    /// Records metadata as the JSON object string `metadata`, replacing metadata inherited from a
    /// `withMetadata` scope. Phoenix parses it and lets you filter on its keys.
    ///
    /// ```swift
    /// span.setMetadata(["tier": "gold", "experiment": 3])
    /// ```
    public func setMetadata(_ metadata: [String: JSONValue]) {
        setAttribute(SpanAttributes.metadata, .string(JSONValue.object(metadata).jsonString))
    }

    /// Adds plain tags, exported as the `tag.tags` string array. Children started later inherit
    /// them.
    ///
    /// Tags are a set: the list is exported sorted and without duplicates. Each tag is stored as
    /// a key with an empty value in ``Span/tags``, so `setTags(["beta"])` and
    /// `setTag("beta", "")` are the same.
    public func setTags(_ tags: [String]) {
        guard !tags.isEmpty else { return }
        write { state in
            for tag in tags { state.groups.tags[tag] = "" }
            return nil
        }
    }

    /// Records the prompt template a model call was rendered from: `llm.prompt_template.template`,
    /// `.variables` (a JSON object string) and `.version`.
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
