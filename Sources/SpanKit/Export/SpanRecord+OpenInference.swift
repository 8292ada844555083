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
            let prefix: String
            switch signal.target {
            case .span: prefix = "annotations.\(index).annotation."
            case .trace: prefix = "trace.annotations.\(index).annotation."
            case .session: prefix = "session.annotations.\(index).annotation."
            }
            add(prefix + "name", .string(signal.name))
            switch signal.value {
            case .numerical(let value):
                add(prefix + "score", .double(value))
            case .boolean(let value):
                add(prefix + "label", .string(value ? "true" : "false"))
                add(prefix + "score", .double(value ? 1 : 0))
            }
            add(prefix + "annotator_kind", .string("CODE"))
        }
        return result
    }

    /// The tags as OpenInference's `tag.tags` list (see ``exportAttributes``).
    public var tagList: [String] {
        tags.map { $0.value.isEmpty ? $0.key : "\($0.key):\($0.value)" }.sorted()
    }
}
