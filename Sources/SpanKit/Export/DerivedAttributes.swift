import OpenInference

/// The OpenInference attributes ``SpanRecord/exportAttributes`` adds to the recorded ones —
/// `openinference.span.kind`, `session.id`, `user.id`, `tag.tags` and the signals'
/// `annotations.*` — each unless the span recorded that key itself.
///
/// Encoders build this once per span and enumerate it in both of their passes, instead of
/// building ``SpanRecord/exportAttributes``, which copies the recorded attributes (and their
/// index) and costs more than encoding the whole span.
struct DerivedAttributes {
    private let kind: SpanKind?
    private let sessionID: String?
    private let userID: String?
    private let tags: [String]?
    /// Signal attributes are few and rare; they are built (and checked) up front.
    private let signalAttributes: [Attribute]
    /// The OpenTelemetry GenAI attributes, when they are emitted (see ``GenAIAttributes``).
    private let genAIAttributes: [Attribute]
    /// `input.value` / `output.value` built from the flattened keys (see ``DerivedIOAttributes``),
    /// their JSON in the scratch buffer the initializer was given.
    private let io: DerivedIO

    /// The derived attributes of a span with these fields and `recorded` attributes; derived JSON
    /// goes into `scratch`, whose bytes ``forEach(json:_:)`` then needs.
    init(
        kind: SpanKind, sessionID: String?, userID: String?, tags: [String: String], signals: [Signal], recorded: Attributes,
        emitsGenAI: Bool = false, emitsOpenInference: Bool = true, scratch: inout DerivedIOAttributes.Scratch
    ) {
        var hasKind = false, hasSession = false, hasUser = false, hasTags = false
        // One pass comparing lengths first: cheaper than a hashed lookup per key.
        let kindKey = SpanAttributes.openinferenceSpanKind, sessionKey = SpanAttributes.sessionID
        let userKey = SpanAttributes.userID, tagsKey = SpanAttributes.tagTags
        let kindLength = kindKey.utf8.count, sessionLength = sessionKey.utf8.count
        let userLength = userKey.utf8.count, tagsLength = tagsKey.utf8.count
        recorded.withUnsafeBufferPointer { attributes in
            for position in attributes.indices {
                let key = attributes[position].key
                switch key.utf8.count {
                case kindLength where key == kindKey: hasKind = true
                case sessionLength where key == sessionKey: hasSession = true
                case userLength where key == userKey: hasUser = true
                case tagsLength where key == tagsKey: hasTags = true
                default: break
                }
            }
        }
        self.kind = hasKind || !emitsOpenInference ? nil : kind
        self.sessionID = hasSession || !emitsOpenInference ? nil : sessionID
        self.userID = hasUser || !emitsOpenInference ? nil : userID
        self.tags = hasTags || tags.isEmpty || !emitsOpenInference ? nil : SpanRecord.tagList(tags)
        self.signalAttributes = signals.isEmpty || !emitsOpenInference ? [] : Self.signalAttributes(signals, recorded: recorded)
        self.genAIAttributes = emitsGenAI ? GenAIAttributes.derive(kind: kind, sessionID: sessionID, recorded: recorded) : []
        self.io = emitsOpenInference ? DerivedIOAttributes.derive(kind: kind, recorded: recorded, into: &scratch) : DerivedIO()
    }

    /// The derived attributes of `record`, derived JSON in `scratch`.
    init(of record: SpanRecord, scratch: inout DerivedIOAttributes.Scratch) {
        self.init(
            kind: record.kind, sessionID: record.sessionID, userID: record.userID, tags: record.tags,
            signals: record.signals, recorded: record.attributes, scratch: &scratch)
    }

    /// Calls `body` with each attribute, in ``SpanRecord/exportAttributes`` order; `json` gets
    /// the derived JSON values as UTF-8 in `buffer`, the bytes of the scratch buffer this was
    /// built with.
    @inline(__always)
    func forEach(
        json buffer: UnsafeBufferPointer<UInt8>, _ body: (_ key: String, _ value: AttributeValue) -> Void,
        json: (_ key: String, _ utf8: UnsafeBufferPointer<UInt8>) -> Void
    ) {
        if let kind { body(SpanAttributes.openinferenceSpanKind, .string(kind.rawValue)) }
        if let sessionID { body(SpanAttributes.sessionID, .string(sessionID)) }
        if let userID { body(SpanAttributes.userID, .string(userID)) }
        if let tags { body(SpanAttributes.tagTags, .stringArray(tags)) }
        for attribute in signalAttributes { body(attribute.key, attribute.value) }
        for attribute in genAIAttributes { body(attribute.key, attribute.value) }
        io.forEach(json: buffer, body, json: json)
    }

    /// Signals as OpenInference annotation attributes, numbered per target. Their keys never
    /// collide with one another or with the keys above, so checking the recorded set suffices.
    private static func signalAttributes(_ signals: [Signal], recorded: Attributes) -> [Attribute] {
        var result: [Attribute] = []
        func add(_ key: String, _ value: AttributeValue) {
            if recorded[key] == nil { result.append(Attribute(key: key, value: value)) }
        }
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
}
