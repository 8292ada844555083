import OpenInference

/// A recording span's mutable state, guarded by the span's lock.
struct SpanState: Sendable {
    var record: SpanRecord
    /// The monotonic clock reading at start; the end time is derived from it.
    let monotonicStart: UInt64
    let tracer: Tracer
    var isEnded = false
    /// Limit diagnostics are reported once per span, not once per write.
    var hasReportedAttributeLimit = false
    var hasReportedTruncation = false

    /// Sets an attribute under the span's limits; returns a diagnostic to report, if any.
    mutating func setAttribute(_ key: String, _ value: AttributeValue) -> Diagnostic? {
        let limits = tracer.limits
        var value = value
        var diagnostic: Diagnostic?
        if limits.attributeValueLength < .max, value.truncate(toLength: limits.attributeValueLength) {
            record.truncatedValuesCount += 1
            if !hasReportedTruncation {
                hasReportedTruncation = true
                diagnostic = Diagnostic(.valueTruncated, "span '\(record.name)': value of '\(key)' shortened to \(limits.attributeValueLength) characters")
            }
        }
        if record.attributes.set(key, value, countLimit: limits.attributeCount) == .droppedByLimit {
            record.droppedAttributesCount += 1
            if !hasReportedAttributeLimit {
                hasReportedAttributeLimit = true
                return Diagnostic(.attributeLimitReached, "span '\(record.name)': attribute '\(key)' dropped, limit of \(limits.attributeCount) attributes reached")
            }
        }
        return diagnostic
    }

    /// Builds a limited attribute set for an event or link; returns it with its dropped count.
    func limitedAttributes(_ dictionary: [String: AttributeValue]) -> (Attributes, Int) {
        guard !dictionary.isEmpty else { return (Attributes(), 0) }
        let limits = tracer.limits
        var attributes = Attributes()
        var dropped = 0
        for key in dictionary.keys.sorted() {
            var value = dictionary[key]!
            if limits.attributeValueLength < .max { _ = value.truncate(toLength: limits.attributeValueLength) }
            if attributes.set(key, value, countLimit: limits.attributePerEventCount) == .droppedByLimit { dropped += 1 }
        }
        return (attributes, dropped)
    }
}

/// A recording span's storage: the state and its lock in one allocation.
typealias SpanStorage = Locked<SpanState>

extension AttributeValue {
    /// Shortens strings (and string array elements) longer than `length` Unicode scalars;
    /// returns whether anything changed.
    mutating func truncate(toLength length: Int) -> Bool {
        switch self {
        case .string(let text):
            guard let shortened = text.truncated(toScalars: length) else { return false }
            self = .string(shortened)
            return true
        case .stringArray(var texts):
            var changed = false
            for position in texts.indices {
                if let shortened = texts[position].truncated(toScalars: length) {
                    texts[position] = shortened
                    changed = true
                }
            }
            if changed { self = .stringArray(texts) }
            return changed
        default:
            return false
        }
    }
}

extension String {
    /// The first `length` Unicode scalars, or nil when the string is not longer than that.
    func truncated(toScalars length: Int) -> String? {
        guard utf8.count > length else { return nil }  // scalars never outnumber UTF-8 bytes
        let scalars = unicodeScalars
        guard let end = scalars.index(scalars.startIndex, offsetBy: length, limitedBy: scalars.endIndex),
              end != scalars.endIndex else { return nil }
        return String(scalars[..<end])
    }
}
