import OpenInference

extension SpanRecord {
    /// The attributes as exporters send them: the recorded attributes plus the OpenInference
    /// view of the span's fields — `openinference.span.kind` (uppercase), `session.id`,
    /// `user.id`, `tag.tags` and the signals as `annotations.*` attributes. Recorded attributes
    /// with the same keys win.
    ///
    /// Tags become the `tag.tags` string array: a tag with an empty value as its key alone,
    /// otherwise `key:value`, sorted.
    public var exportAttributes: Attributes {
        var result = attributes
        func add(_ key: String, _ value: AttributeValue) {
            if result[key] == nil { _ = result.set(key, value, countLimit: .max) }
        }
        add(SpanAttributes.openinferenceSpanKind, .string(kind.rawValue))
        if let sessionID { add(SpanAttributes.sessionID, .string(sessionID)) }
        if let userID { add(SpanAttributes.userID, .string(userID)) }
        if !tags.isEmpty { add(SpanAttributes.tagTags, .stringArray(tagList)) }
        var counters: [SignalTarget: Int] = [:]
        for signal in signals {
            let index = counters[signal.target, default: 0]
            counters[signal.target] = index + 1
            let scope: AnnotationScope
            switch signal.target {
            case .span: scope = .span
            case .trace: scope = .trace
            case .session: scope = .session
            }
            let key = OpenInferenceKey.annotation(index, scope: scope)
            add(key.name, .string(signal.name))
            switch signal.value {
            case .numerical(let value):
                add(key.score, .double(value))
            case .boolean(let value):
                add(key.label, .string(value ? "true" : "false"))
                add(key.score, .double(value ? 1 : 0))
            }
            add(key.annotatorKind, .string(AnnotatorKind.code.rawValue))
        }
        return result
    }

    /// The tags as OpenInference's `tag.tags` list (see ``exportAttributes``).
    public var tagList: [String] {
        tags.map { $0.value.isEmpty ? $0.key : "\($0.key):\($0.value)" }.sorted()
    }
}
