/// The approximate memory an ended span holds, which the batch processor's byte budget counts
/// (see ``BatchSpanProcessor/Options/maxQueueBytes``).
///
/// It is the UTF-8 bytes of every string the span recorded (name, attribute keys and string
/// values, events, links, grouping, tags, signals, error) plus fixed overheads for the span and
/// for each attribute, event, link and signal. Swift strings know their UTF-8 length, so the
/// walk costs a few nanoseconds per attribute, once per span, inside the lock `end()` takes
/// anyway — never a walk per write, nor a second lock. It is an estimate of what the queue
/// keeps alive, not an exact heap figure: it only has to grow with the data so that a queue of
/// large spans stays bounded in memory.
extension Span {
    /// The approximate bytes this ended span holds, as `end()` measured it; zero before the
    /// span ends and for a non-recording span.
    ///
    /// `end()` hands the size to a batch processor itself, from under the lock it takes anyway;
    /// this reads it under the lock again, for a processor that gets the span through `onEnd`.
    var queuedByteCount: Int {
        read { $0.endedByteCount } ?? 0
    }
}

extension SpanState {
    /// The span's storage, ids, times and the empty containers of a typical span.
    static let spanOverhead = 256
    /// An attribute's slot: key and value headers and its index entry.
    static let attributeOverhead = 48
    /// An event, link or signal beside its strings and attributes.
    static let entryOverhead = 64

    /// See ``Span/queuedByteCount``. Inlined into `end()`: most spans have a few attributes and
    /// no grouping or extras, and a call per span was a measurable share of ending one.
    ///
    /// A mutating getter, though it writes nothing: `end()` reads it on the state it holds
    /// `inout` under the lock, and a plain getter copied the whole state (256 bytes) out first.
    @inline(__always)
    var approximateByteCount: Int {
        mutating get {
            let total = Self.spanOverhead &+ name.utf8.count &+ attributes.approximateByteCount
            // `case .none` tests the tags in place; `!= nil` copied each optional first.
            if case .none = grouping, case .none = extras { return total }
            return total &+ groupingAndExtrasByteCount
        }
    }

    /// The grouping's and the extras' part of ``approximateByteCount``.
    @inline(never)
    private var groupingAndExtrasByteCount: Int {
        var total = 0
        if let grouping {
            total &+= (grouping.sessionID?.utf8.count ?? 0) &+ (grouping.sessionName?.utf8.count ?? 0) &+ (grouping.userID?.utf8.count ?? 0)
            for (key, value) in grouping.tags { total &+= Self.attributeOverhead &+ key.utf8.count &+ value.utf8.count }
        }
        guard let extras else { return total }
        for event in extras.events { total &+= Self.entryOverhead &+ event.name.utf8.count &+ event.attributes.approximateByteCount }
        for link in extras.links { total &+= Self.entryOverhead &+ link.attributes.approximateByteCount }
        for signal in extras.signals { total &+= Self.entryOverhead &+ signal.name.utf8.count }
        if let error = extras.error {
            total &+= error.code.utf8.count &+ error.message.utf8.count &+ (error.stack?.utf8.count ?? 0)
        }
        return total
    }
}

extension Attributes {
    /// The attributes' keys and values with ``SpanState/attributeOverhead`` each; read in place
    /// (see ``withUnsafeBufferPointer(_:)``), so no reference count changes.
    @inline(__always)
    var approximateByteCount: Int {
        withUnsafeBufferPointer { attributes in
            var total = 0
            var index = 0
            while index < attributes.count {
                // A long key may be shared with other spans (the typed helpers cache them) or
                // the span's own: counted as its own, so the estimate errs high.
                total &+= SpanState.attributeOverhead &+ attributes[index].key.heapByteCount &+ attributes[index].value.approximateByteCount
                index &+= 1
            }
            return total
        }
    }
}

extension AttributeValue {
    /// Bytes beyond the value's slot: a string's UTF-8, an array's elements. Strings and
    /// scalars, the common cases, are read inline; arrays out of line, to keep `end()` short.
    @inline(__always)
    var approximateByteCount: Int {
        switch self {
        case .string(let value): return value.heapByteCount
        case .bool, .int, .double: return 0
        default: return nonStringByteCount
        }
    }

    @inline(never)
    private var nonStringByteCount: Int {
        switch self {
        case .string(let value): return value.heapByteCount
        case .bool, .int, .double: return 0
        case .stringArray(let values): return values.reduce(16 &* values.count) { $0 &+ $1.utf8.count }
        case .boolArray(let values): return values.count
        case .intArray(let values): return 8 &* values.count
        case .doubleArray(let values): return 8 &* values.count
        }
    }
}

extension String {
    /// The bytes a string value keeps allocated: a native string of more than 15 UTF-8 bytes
    /// lives in a heap object (a 32-byte header, the bytes, a terminating NUL) that `malloc`
    /// rounds up and prefixes with its own header; shorter ones are stored inline.
    @inline(__always)
    var heapByteCount: Int {
        let count = utf8.count
        return count > 15 ? count &+ 48 : count
    }
}
