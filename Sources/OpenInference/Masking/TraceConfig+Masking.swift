extension TraceConfig {
    /// What to do with the attribute `key`, exactly as Python's `TraceConfig.mask` decides.
    ///
    /// `stringValue` is the attribute's value when it is a string, or `nil` for any other type.
    /// It is evaluated only for image URL keys (`…image.url` under input or output messages or
    /// `input.images`/`output.images`), where a `data:image/…base64…` URL longer than
    /// ``base64ImageMaxLength`` is redacted; for every other key the decision depends on the key
    /// alone.
    ///
    /// When no hide flag is set this costs one comparison plus, for keys ending in `image.url`, the
    /// image check.
    public func action(forKey key: String, stringValue: @autoclosure () -> String?) -> MaskAction {
        if flags.isEmpty, !key.withKeyBytes({ $0.hasSuffix("image.url") }) {
            return .keep
        }
        switch key.withKeyBytes({ decision(for: $0) }) {
        case .keep: return .keep
        case .drop: return .drop
        case .redact: return .redact
        case .imageURL: return imageAction(stringValue())
        }
    }

    /// The masked form of the string attribute `value` under `key`: `nil` when it is dropped,
    /// ``redactedValue`` when it is redacted, `value` otherwise.
    public func masked(_ value: String, forKey key: String) -> String? {
        switch action(forKey: key, stringValue: value) {
        case .keep: value
        case .drop: nil
        case .redact: Self.redactedValue
        }
    }

    /// Whether masking can change the attribute `key` for some value — or, given the UTF-8 length
    /// of a string value (nil for a value that is not a string), for that value. When this is
    /// `false`, ``action(forKey:stringValue:)`` returns ``MaskAction/keep``, so a caller can skip
    /// masking. Cheapest when no hide flag is set: then only a string longer than
    /// ``base64ImageMaxLength`` under an image URL key may be affected, so the key is not even
    /// read for the usual value.
    public func mayAffect(key: String, stringLength: Int? = .max) -> Bool {
        if flags.isEmpty, (stringLength ?? 0) <= base64ImageMaxLength { return false }
        return key.withKeyBytes { bytes in
            if flags.isEmpty, !bytes.hasSuffix("image.url") { return false }
            return decision(for: bytes) != .keep
        }
    }

    /// The longest string value (in UTF-8 bytes) that masking leaves alone under any key, or
    /// `nil` when a hide flag is set (then the key decides). Non-string values are never masked
    /// without a flag either. ``mayAffect(key:stringLength:)`` is `false` whenever a value is
    /// within this; a tracer reads it once instead of calling that per write.
    package var unmaskedStringLength: Int? {
        flags.isEmpty ? base64ImageMaxLength : nil
    }

    /// The outcome of the key-only part of the decision.
    enum Decision {
        case keep, drop, redact
        /// An image URL: redacted if the value is an over-long base64 data URL.
        case imageURL
    }

    /// Python's `mask` branches in Python's order; the first branch that applies decides.
    func decision(for key: KeyBytes) -> Decision {
        let f = flags
        if f.contains(.llmInvocationParameters), key.equals("llm.invocation_parameters") {
            return .drop
        }
        if f.containsAny([.inputs, .llmTools]), key.contains("llm.tools") { return .drop }
        if f.contains(.inputs) {
            if key.equals("input.value") { return .redact }
            if key.equals("input.mime_type") { return .drop }
            if key.equals("reranker.query") { return .redact }
            if key.isWithin("reranker.input_documents") { return .drop }
        }
        if f.contains(.outputs) {
            if key.equals("output.value") { return .redact }
            if key.equals("output.mime_type") { return .drop }
            if key.isWithin("reranker.output_documents") { return .drop }
        }
        if f.containsAny([.retrievalDocuments, .outputs]), key.isWithin("retrieval.documents"),
           key.hasSuffix("document.content") || key.hasSuffix("document.metadata") {
            return .redact
        }
        let inInputMessages = key.contains("llm.input_messages")
        let inOutputMessages = key.contains("llm.output_messages")
        if f.containsAny([.inputs, .inputMessages]), inInputMessages { return .drop }
        if f.containsAny([.inputs, .prompts]), key.contains("llm.prompts") { return .redact }
        if f.containsAny([.outputs, .outputMessages]), inOutputMessages { return .drop }
        if f.containsAny([.outputs, .choices]), key.contains("llm.choices") { return .redact }
        if f.containsAny([.inputText, .outputText]) {
            let isMessageText = key.contains("message.content") && !key.contains("message.contents")
            if f.contains(.inputText), inInputMessages, isMessageText { return .redact }
            if f.contains(.outputText), inOutputMessages, isMessageText { return .redact }
            let isPartText = key.contains("message_content.text")
            if f.contains(.inputText), inInputMessages, isPartText { return .redact }
            if f.contains(.outputText), inOutputMessages, isPartText { return .redact }
        }
        let isInputImage = (inInputMessages && key.contains("message_content.image"))
            || key.isWithin("input.images")
        let isOutputImage = (inOutputMessages && key.contains("message_content.image"))
            || key.isWithin("output.images")
        if f.containsAny([.inputs, .inputImages]), isInputImage { return .drop }
        if f.contains(.outputs), isOutputImage { return .drop }
        if key.hasSuffix("image.url"), isInputImage || isOutputImage { return .imageURL }
        if f.containsAny([.embeddingVectorsAlias, .embeddingsVectors]),
           key.contains("embedding.embeddings"), key.contains("embedding.vector") {
            return .redact
        }
        if f.contains(.embeddingsText), key.contains("embedding.embeddings"),
           key.contains("embedding.text") {
            return .redact
        }
        return .keep
    }

    /// Python's base64 rule: a string starting with `data:image/` and containing `base64` whose
    /// length in code points exceeds the limit is redacted.
    private func imageAction(_ value: String?) -> MaskAction {
        guard let value else { return .keep }
        let limit = base64ImageMaxLength
        return value.withKeyBytes { bytes in
            guard bytes.hasPrefix("data:image/"), bytes.contains("base64") else { return .keep }
            // A string has at most as many code points as UTF-8 bytes, so short ones skip the count.
            if bytes.bytes.count <= limit { return .keep }
            return bytes.codePointCount > limit ? .redact : .keep
        }
    }
}
