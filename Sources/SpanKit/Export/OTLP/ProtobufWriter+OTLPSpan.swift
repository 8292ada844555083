/// OTLP `Span` encoding of a ``SpanRecord``, with its events, links and status.
extension ProtobufWriter {
    private typealias SpanField = OTLPSchema.Span

    // The record comes by pointer and is read field by field: using a whole `SpanRecord`
    // loaded from the batch copies it, retaining and releasing each of its strings and arrays,
    // which costs as much as encoding its attributes.

    /// Writes the content of the record's `Span` message (``spanSize(_:derived:json:)`` bytes);
    /// `derived` holds the record's derived attributes, their JSON in `json`.
    mutating func writeSpan(_ record: UnsafePointer<SpanRecord>, derived: DerivedAttributes, json: UnsafeBufferPointer<UInt8>) {
        let context = record.pointee.context
        writeID128Field(SpanField.traceID, high: context.traceIDValue.high, low: context.traceIDValue.low)
        writeID64Field(SpanField.spanID, context.spanIDValue.high)
        writeStringField(SpanField.traceState, context.traceState)
        if let parentID = record.pointee.parentID { writeID64Field(SpanField.parentSpanID, parentID.otelSpanID) }
        writeStringField(SpanField.name, record.pointee.name)
        writeVarintField(SpanField.kind, UInt64(record.pointee.otelKind.rawValue))
        writeFixed64Field(SpanField.startTimeUnixNano, record.pointee.startTimeUnixNanoseconds)
        writeFixed64Field(SpanField.endTimeUnixNano, Self.endTime(of: record))
        writeAttributeFields(SpanField.attributes, record.pointee.attributes)
        derived.forEach(json: json) { key, value in writeKeyValueField(SpanField.attributes, key: key, value: value) } json: { key, utf8 in
            writeKeyValueField(SpanField.attributes, key: key, utf8: utf8)
        }
        writeVarintField(SpanField.droppedAttributesCount, Self.count(record.pointee.droppedAttributesCount))
        for event in record.pointee.events {
            writeLengthDelimitedHeader(SpanField.events, length: Self.eventSize(event))
            writeEvent(event)
        }
        writeVarintField(SpanField.droppedEventsCount, Self.count(record.pointee.droppedEventsCount))
        for link in record.pointee.links {
            writeLengthDelimitedHeader(SpanField.links, length: Self.linkSize(link))
            writeLink(link)
        }
        writeVarintField(SpanField.droppedLinksCount, Self.count(record.pointee.droppedLinksCount))
        if let statusSize = Self.statusSize(record.pointee.status) {
            writeLengthDelimitedHeader(SpanField.status, length: statusSize)
            writeStatus(record.pointee.status)
        }
        writeFixed32Field(SpanField.flags, Self.flags(of: record))
    }

    /// The size of the content of the record's `Span` message.
    static func spanSize(_ record: UnsafePointer<SpanRecord>, derived: DerivedAttributes, json: UnsafeBufferPointer<UInt8>) -> Int {
        let context = record.pointee.context
        var size = lengthDelimitedFieldSize(SpanField.traceID, length: 16)
        size &+= lengthDelimitedFieldSize(SpanField.spanID, length: 8)
        size &+= stringFieldSize(SpanField.traceState, context.traceState)
        if record.pointee.parentID != nil { size &+= lengthDelimitedFieldSize(SpanField.parentSpanID, length: 8) }
        size &+= stringFieldSize(SpanField.name, record.pointee.name)
        size &+= varintFieldSize(SpanField.kind, UInt64(record.pointee.otelKind.rawValue))
        size &+= fixed64FieldSize(SpanField.startTimeUnixNano, record.pointee.startTimeUnixNanoseconds)
        size &+= fixed64FieldSize(SpanField.endTimeUnixNano, endTime(of: record))
        size &+= attributeFieldsSize(SpanField.attributes, record.pointee.attributes)
        derived.forEach(json: json) { key, value in size &+= keyValueFieldSize(SpanField.attributes, key: key, value: value) } json: { key, utf8 in
            size &+= keyValueFieldSize(SpanField.attributes, key: key, stringLength: utf8.count)
        }
        size &+= varintFieldSize(SpanField.droppedAttributesCount, count(record.pointee.droppedAttributesCount))
        for event in record.pointee.events { size &+= lengthDelimitedFieldSize(SpanField.events, length: eventSize(event)) }
        size &+= varintFieldSize(SpanField.droppedEventsCount, count(record.pointee.droppedEventsCount))
        for link in record.pointee.links { size &+= lengthDelimitedFieldSize(SpanField.links, length: linkSize(link)) }
        size &+= varintFieldSize(SpanField.droppedLinksCount, count(record.pointee.droppedLinksCount))
        if let statusSize = statusSize(record.pointee.status) { size &+= lengthDelimitedFieldSize(SpanField.status, length: statusSize) }
        size &+= fixed32FieldSize(SpanField.flags, flags(of: record))
        return size
    }

    /// The end time on the wire. OTLP has no open spans, so a span exported before it ended
    /// (a snapshot taken at shutdown) ends where it started: a zero duration is visibly
    /// unfinished, where any other guess would invent a duration.
    @inline(__always)
    private static func endTime(of record: UnsafePointer<SpanRecord>) -> UInt64 {
        record.pointee.endTimeUnixNanoseconds ?? record.pointee.startTimeUnixNanoseconds
    }

    /// The span's `flags`: the W3C trace flags, plus whether its parent is remote, which is
    /// always known here (a root span's absent parent counts as not remote, as the
    /// OpenTelemetry SDKs encode it).
    @inline(__always)
    private static func flags(of record: UnsafePointer<SpanRecord>) -> UInt32 {
        UInt32(record.pointee.context.traceFlags) | OTLPSchema.SpanFlags.contextHasIsRemote
            | (record.pointee.hasRemoteParent ? OTLPSchema.SpanFlags.contextIsRemote : 0)
    }

    /// A count as a `uint32` field value; counts beyond its range saturate.
    @inline(__always)
    private static func count(_ value: Int) -> UInt64 {
        UInt64(UInt32(clamping: value))
    }

    private mutating func writeEvent(_ event: Span.Event) {
        typealias Field = OTLPSchema.Event
        writeFixed64Field(Field.timeUnixNano, event.timeUnixNanoseconds)
        writeStringField(Field.name, event.name)
        writeAttributeFields(Field.attributes, event.attributes)
        writeVarintField(Field.droppedAttributesCount, Self.count(event.droppedAttributesCount))
    }

    private static func eventSize(_ event: Span.Event) -> Int {
        typealias Field = OTLPSchema.Event
        return fixed64FieldSize(Field.timeUnixNano, event.timeUnixNanoseconds)
            &+ stringFieldSize(Field.name, event.name)
            &+ attributeFieldsSize(Field.attributes, event.attributes)
            &+ varintFieldSize(Field.droppedAttributesCount, count(event.droppedAttributesCount))
    }

    private mutating func writeLink(_ link: Span.Link) {
        typealias Field = OTLPSchema.Link
        let context = link.context
        writeID128Field(Field.traceID, high: context.traceIDValue.high, low: context.traceIDValue.low)
        writeID64Field(Field.spanID, context.spanIDValue.high)
        writeStringField(Field.traceState, context.traceState)
        writeAttributeFields(Field.attributes, link.attributes)
        writeVarintField(Field.droppedAttributesCount, Self.count(link.droppedAttributesCount))
        writeFixed32Field(Field.flags, Self.flags(of: link))
    }

    private static func linkSize(_ link: Span.Link) -> Int {
        typealias Field = OTLPSchema.Link
        return lengthDelimitedFieldSize(Field.traceID, length: 16)
            &+ lengthDelimitedFieldSize(Field.spanID, length: 8)
            &+ stringFieldSize(Field.traceState, link.context.traceState)
            &+ attributeFieldsSize(Field.attributes, link.attributes)
            &+ varintFieldSize(Field.droppedAttributesCount, count(link.droppedAttributesCount))
            &+ fixed32FieldSize(Field.flags, flags(of: link))
    }

    /// A link's `flags`: the linked context's W3C trace flags and whether it is remote.
    @inline(__always)
    private static func flags(of link: Span.Link) -> UInt32 {
        UInt32(link.context.traceFlags) | OTLPSchema.SpanFlags.contextHasIsRemote
            | (link.context.isRemote ? OTLPSchema.SpanFlags.contextIsRemote : 0)
    }

    private mutating func writeStatus(_ status: Span.Status) {
        typealias Field = OTLPSchema.Status
        switch status {
        case .unset:
            break
        case .ok:
            writeVarintField(Field.code, Field.codeOK)
        case .error(let description):
            writeStringField(Field.message, description)
            writeVarintField(Field.code, Field.codeError)
        }
    }

    /// The size of the `Status` message's content; nil for an unset status, which is left out
    /// because an absent status already means `STATUS_CODE_UNSET`.
    private static func statusSize(_ status: Span.Status) -> Int? {
        typealias Field = OTLPSchema.Status
        switch status {
        case .unset:
            return nil
        case .ok:
            return varintFieldSize(Field.code, Field.codeOK)
        case .error(let description):
            return stringFieldSize(Field.message, description) &+ varintFieldSize(Field.code, Field.codeError)
        }
    }
}
