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
        forEachDerivedAttribute { key, value in _ = result.set(key, value, countLimit: .max) }
        return result
    }

    /// The tags as OpenInference's `tag.tags` list (see ``exportAttributes``).
    public var tagList: [String] {
        tags.map { $0.value.isEmpty ? $0.key : "\($0.key):\($0.value)" }.sorted()
    }

    /// Calls `body` with each attribute ``exportAttributes`` adds to the recorded ones, in order,
    /// skipping keys the span recorded itself.
    ///
    /// Encoders use this instead of ``exportAttributes`` because building that set copies the
    /// recorded attributes (and their index), which costs more than encoding a whole span.
    /// The derived keys never collide with one another, so checking the recorded set suffices.
    func forEachDerivedAttribute(_ body: (_ key: String, _ value: AttributeValue) -> Void) {
        func add(_ key: String, _ value: AttributeValue) {
            if attributes[key] == nil { body(key, value) }
        }
        add(SpanAttributes.openinferenceSpanKind, .string(kind.rawValue))
        if let sessionID { add(SpanAttributes.sessionID, .string(sessionID)) }
        if let userID { add(SpanAttributes.userID, .string(userID)) }
        if !tags.isEmpty { add(SpanAttributes.tagTags, .stringArray(tagList)) }
        guard !signals.isEmpty else { return }
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
    }
}
