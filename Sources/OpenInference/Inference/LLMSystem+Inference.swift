extension LLMSystem {
    /// The system whose models carry names like `modelName`, as Python's
    /// `infer_llm_system_from_model_name` infers it, or `nil` for an unknown name.
    ///
    /// The name is lowercased and stripped of surrounding whitespace; the first known prefix it
    /// starts with decides, so `gpt-4o` and `o3-mini` are ``openai``, `claude-sonnet-4` is
    /// ``anthropic`` and `gemini-2.5-pro` is ``vertexai``. The prefix table is generated from the
    /// installed Python package.
    public static func inferred(fromModelName modelName: String) -> LLMSystem? {
        let normalized = Array(PythonText.lowercasedAndStripped(modelName).utf8)
        for (prefix, system) in modelNamePrefixes where normalized.starts(with: prefix.utf8) {
            return system
        }
        return nil
    }
}
