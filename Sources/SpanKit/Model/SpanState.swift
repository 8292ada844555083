import OpenInference

/// A recording span's mutable state, guarded by the span's lock.
///
/// The fields every span touches are stored inline; rarely used ones sit in optional groups so
/// that creating, copying and destroying the state of a typical span stays cheap (an absent
/// group costs a tag check instead of a dozen reference-count operations).
@usableFromInline
struct SpanState: Sendable {
    /// The tracer that started the span. Nil only in a storage kept for reuse (see
    /// `SpanStorage+Reuse.swift`), so that a kept storage holds nothing of a pipeline that may
    /// have shut down meanwhile; every span reads it through ``tracer``.
    private(set) var startingTracer: Tracer?
    /// The tracer that started the span.
    var tracer: Tracer {
        @inline(__always) get { startingTracer.unsafelyUnwrapped }
    }
    // The span's start: set by the initialiser, or by `restart` when a reused storage starts
    // another span, and never written while the span runs.
    /// The span's context and its parent's span id, also here so that a queue can hold an
    /// ended span by its storage alone (see ``EndedSpan``).
    private(set) var context = SpanContext(traceID: ID128(high: 0, low: 0), spanID: ID128(high: 0, low: 0), traceFlags: 0, traceStateBox: nil)
    private(set) var parentID: ID128?
    /// The monotonic clock reading at start; the end time is derived from it.
    private(set) var monotonicStart: UInt64 = 0
    /// Wall-clock start, nanoseconds since the Unix epoch.
    private(set) var startTime: UInt64 = 0
    /// Whether the parent context came from another process.
    private(set) var hasRemoteParent = false
    /// Wall-clock end (start plus the monotonic duration); meaningful once `isEnded`.
    var endTime: UInt64 = 0
    var isEnded = false
    /// ``approximateByteCount`` when the span ended, set once by `end()` (see
    /// ``Span/queuedByteCount``).
    var endedByteCount = 0
    var name = ""
    var kind = SpanKind.chain
    var otelKind = OTelSpanKind.internal
    var status: Span.Status = .unset
    var attributes = Attributes()
    var grouping: Grouping?
    var extras: Extras?

    /// Session, user and tags: inherited by children.
    struct Grouping: Sendable, Equatable {
        var sessionID: String?
        var sessionName: String?
        var userID: String?
        var tags: [String: String] = [:]
    }

    /// What most spans never have: events, links, errors, signals and limit bookkeeping.
    ///
    /// A class, so that a span without any costs one nil reference instead of a 114-byte
    /// optional in every span's storage (each line of which the export thread reads back).
    /// Unchecked `Sendable`: an instance belongs to one span's state and is only read or
    /// written under that span's lock, or by the exporter after the span is taken (see
    /// ``EndedSpan/takeRecord(sharingAttributes:)``), like the rest of the state.
    final class Extras: @unchecked Sendable {
        var events: [Span.Event] = []
        var links: [Span.Link] = []
        var error: SpanError?
        var signals: [Signal] = []
        var droppedAttributesCount = 0
        var droppedEventsCount = 0
        var droppedLinksCount = 0
        var truncatedValuesCount = 0
        var ignoredWritesCount = 0
        /// Limit diagnostics are reported once per span, not once per write.
        var hasReportedAttributeLimit = false
        var hasReportedTruncation = false
    }

    init(
        tracer: Tracer, context: SpanContext, parentID: ID128?, name: String, kind: SpanKind, otelKind: OTelSpanKind,
        startTime: UInt64, monotonicStart: UInt64, hasRemoteParent: Bool = false
    ) {
        restart(
            tracer: tracer, context: context, parentID: parentID, name: name, kind: kind, otelKind: otelKind,
            startTime: startTime, monotonicStart: monotonicStart, hasRemoteParent: hasRemoteParent)
    }

    /// Starts a span in this state: a new one, or another one in a state that
    /// ``clearForReuse()`` emptied, written in place (see `SpanStorage+Reuse.swift`).
    @inline(__always)
    mutating func restart(
        tracer: Tracer, context: SpanContext, parentID: ID128?, name: String, kind: SpanKind, otelKind: OTelSpanKind,
        startTime: UInt64, monotonicStart: UInt64, hasRemoteParent: Bool
    ) {
        startingTracer = tracer
        self.context = context
        self.parentID = parentID
        self.hasRemoteParent = hasRemoteParent
        self.name = name
        self.kind = kind
        self.otelKind = otelKind
        self.startTime = startTime
        self.monotonicStart = monotonicStart
        endTime = 0
        isEnded = false
        endedByteCount = 0
        status = .unset
    }

    /// The extras, created on first use.
    var details: Extras {
        mutating get {
            if let extras { return extras }
            let created = Extras()
            extras = created
            return created
        }
    }

    /// The grouping, created on first write.
    var groups: Grouping {
        get { grouping ?? Grouping() }
        _modify {
            if grouping == nil { grouping = Grouping() }
            yield &grouping!
        }
    }

    /// Sets an attribute under the span's limits; returns a diagnostic to report, if any.
    ///
    /// The tracer's ``TraceConfig`` decides first: a dropped key is not recorded, a redacted one
    /// is recorded as `__REDACTED__`, whatever its type (as OpenInference's Python `mask` does).
    @inline(__always)
    mutating func setAttribute(_ key: consuming String, _ value: consuming AttributeValue) -> Diagnostic? {
        let unmaskedLength = tracer.unmaskedStringLength
        if unmaskedLength < 0 || value.stringByteCount > unmaskedLength,
           tracer.traceConfig.mayAffect(key: key, stringLength: value.stringValue?.utf8.count) {
            switch tracer.traceConfig.action(forKey: key, stringValue: value.stringValue) {
            case .keep: break
            case .drop: return nil
            case .redact: return setUnmaskedAttribute(key, .string(TraceConfig.redactedValue))
            }
        }
        return setUnmaskedAttribute(key, value)
    }

    @inline(__always)
    private mutating func setUnmaskedAttribute(_ key: consuming String, _ value: consuming AttributeValue) -> Diagnostic? {
        // Below the count limit no write is dropped, so the key and value can move in.
        if attributes.count < tracer.unlimitedAttributeCount {
            _ = attributes.set(key, value, countLimit: .max)
            return nil
        }
        return setLimitedAttribute(key, value, limits: tracer.limits)
    }

    @inline(never)
    private mutating func setLimitedAttribute(_ key: String, _ value: AttributeValue, limits: SpanLimits) -> Diagnostic? {
        var value = value
        var diagnostic: Diagnostic?
        if limits.attributeValueLength < .max {
            if value.truncate(toLength: limits.attributeValueLength) {
                details.truncatedValuesCount += 1
                if !details.hasReportedTruncation {
                    details.hasReportedTruncation = true
                    diagnostic = Diagnostic(.valueTruncated, "span '\(name)': value of '\(key)' shortened to \(limits.attributeValueLength) characters")
                }
            }
            if attributes.set(key, value, countLimit: limits.attributeCount) != .droppedByLimit { return diagnostic }
        }
        details.droppedAttributesCount += 1
        if !details.hasReportedAttributeLimit {
            details.hasReportedAttributeLimit = true
            return diagnostic ?? Diagnostic(.limitReached, "span '\(name)': attribute '\(key)' dropped, limit of \(limits.attributeCount) attributes reached")
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

    /// The immutable snapshot exporters receive, copied: the state is left as it is.
    func makeRecord() -> SpanRecord {
        // A copy shares the extras, so taking the record from it copies their lists.
        var copy = self
        return copy.takeRecord()
    }
}

extension SpanState {
    /// The snapshot exporters receive, with the recorded values moved into it instead of
    /// copied, leaving empty values behind. Copying costs an atomic retain now and a release
    /// later for every string, array and dictionary of the span; the batch processor's worker
    /// paid that for each exported span.
    ///
    /// Only for a span no one else can observe any more: see ``EndedSpan/takeRecord(sharingAttributes:)``.
    /// With `sharingAttributes`, the attribute array is shared with the record rather than moved:
    /// for a storage that will be reused once the record is encoded and gone, the state's
    /// reference is then the only one again and the array's room stays (``clearForReuse()``).
    mutating func takeRecord(sharingAttributes: Bool = false) -> SpanRecord {
        var name = ""
        swap(&name, &self.name)
        var attributes = Attributes()
        if sharingAttributes {
            attributes = self.attributes
        } else {
            swap(&attributes, &self.attributes)
        }
        var grouping: Grouping? = nil
        swap(&grouping, &self.grouping)
        var events: [Span.Event] = [], links: [Span.Link] = [], signals: [Signal] = []
        if isKnownUniquelyReferenced(&extras), let extras {
            // Moved out of the extras, which this state owns alone.
            swap(&events, &extras.events)
            swap(&links, &extras.links)
            swap(&signals, &extras.signals)
        } else if let extras {
            // Shared with another copy of the state (``makeRecord()``): copied.
            (events, links, signals) = (extras.events, extras.links, extras.signals)
        }
        var groups = grouping ?? Grouping()
        var sessionID: String? = nil, sessionName: String? = nil, userID: String? = nil, tags: [String: String] = [:]
        swap(&sessionID, &groups.sessionID)
        swap(&sessionName, &groups.sessionName)
        swap(&userID, &groups.userID)
        swap(&tags, &groups.tags)
        return SpanRecord(
            context: context, parentID: parentID?.uuid, hasRemoteParent: hasRemoteParent, name: name, kind: kind, otelKind: otelKind,
            startTimeUnixNanoseconds: startTime, endTimeUnixNanoseconds: isEnded ? endTime : nil,
            sessionID: sessionID, sessionName: sessionName, userID: userID,
            attributes: attributes, tags: tags, events: events, links: links,
            status: status, error: extras?.error, signals: signals,
            droppedAttributesCount: extras?.droppedAttributesCount ?? 0, droppedEventsCount: extras?.droppedEventsCount ?? 0,
            droppedLinksCount: extras?.droppedLinksCount ?? 0, truncatedValuesCount: extras?.truncatedValuesCount ?? 0,
            ignoredWritesCount: extras?.ignoredWritesCount ?? 0)
    }
}

extension SpanState {
    /// Empties the state of an exported span whose storage a new span will reuse (see
    /// ``SpanStorage/start(reusing:tracer:context:parentID:name:kind:otelKind:startTime:monotonicStart:hasRemoteParent:)``): what it recorded is released here, on the
    /// export thread, and the attribute storage keeps its room. The other fields are
    /// overwritten when the storage is reused.
    mutating func clearForReuse() {
        startingTracer = nil
        attributes.removeAllForReuse()
        name = ""
        grouping = nil
        extras = nil
    }
}

/// A recording span's storage: the state and its lock (``SpanLock``) in one allocation.
@usableFromInline
typealias SpanStorage = LockedWith<SpanState, SpanLock>

extension AttributeValue {
    /// The UTF-8 length of a string value, 0 for any other value.
    @inline(__always)
    var stringByteCount: Int {
        if case .string(let text) = self { return text.utf8.count }
        return 0
    }

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
