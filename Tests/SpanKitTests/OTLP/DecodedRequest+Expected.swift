import Foundation
@_spi(Integration) @testable import SpanKit

// What the decoder must report for a span record, stated from the OTLP specification and the
// record's public fields, independently of the encoder's code.

extension DecodedRequest {
    /// The request that `spans` with `resource` and `scope` must decode to.
    init(expecting spans: [SpanRecord], resource: Resource, scope: InstrumentationScope) {
        resourceSpans = spans.isEmpty ? [] : [
            DecodedResourceSpans(
                hasResource: true,
                resourceAttributes: resource.attributes.list.map(DecodedAttribute.init(expecting:)),
                scopeSpans: [DecodedScopeSpans(
                    hasScope: true, scopeName: scope.name, scopeVersion: scope.version,
                    spans: spans.map(DecodedSpan.init(expecting:)))])
        ]
        reserializesIdentically = true
    }
}

extension DecodedSpan {
    init(expecting record: SpanRecord) {
        traceID = record.traceID.otelTraceIDHex
        spanID = record.spanID.otelSpanIDHex
        traceState = record.context.traceState
        parentSpanID = record.parentID?.otelSpanIDHex ?? ""
        // W3C flags, "is-remote known" (bit 8) and "parent is remote" (bit 9).
        flags = UInt32(record.context.traceFlags) | 0x100 | (record.hasRemoteParent ? 0x200 : 0)
        name = record.name
        kind = record.otelKind.rawValue
        startTimeUnixNano = String(record.startTimeUnixNanoseconds)
        endTimeUnixNano = String(record.endTimeUnixNanoseconds ?? record.startTimeUnixNanoseconds)
        attributes = record.exportAttributes.list.map(DecodedAttribute.init(expecting:))
        droppedAttributesCount = UInt32(record.droppedAttributesCount)
        events = record.events.map(DecodedEvent.init(expecting:))
        droppedEventsCount = UInt32(record.droppedEventsCount)
        links = record.links.map(DecodedLink.init(expecting:))
        droppedLinksCount = UInt32(record.droppedLinksCount)
        switch record.status {
        case .unset: status = DecodedStatus(code: 0, message: "", present: false)
        case .ok: status = DecodedStatus(code: 1, message: "", present: true)
        case .error(let description): status = DecodedStatus(code: 2, message: description, present: true)
        }
    }
}

extension DecodedEvent {
    init(expecting event: Span.Event) {
        timeUnixNano = String(event.timeUnixNanoseconds)
        name = event.name
        attributes = event.attributes.list.map(DecodedAttribute.init(expecting:))
        droppedAttributesCount = UInt32(event.droppedAttributesCount)
    }
}

extension DecodedLink {
    init(expecting link: Span.Link) {
        traceID = link.context.traceID.otelTraceIDHex
        spanID = link.context.spanID.otelSpanIDHex
        traceState = link.context.traceState
        attributes = link.attributes.list.map(DecodedAttribute.init(expecting:))
        droppedAttributesCount = UInt32(link.droppedAttributesCount)
        flags = UInt32(link.context.traceFlags) | 0x100 | (link.context.isRemote ? 0x200 : 0)
    }
}

extension DecodedAttribute {
    init(expecting attribute: Attribute) {
        key = attribute.key
        value = DecodedValue(expecting: attribute.value)
        hasValue = true
    }
}

extension DecodedValue {
    init(expecting value: AttributeValue) {
        switch value {
        case .string(let string): self = .string(string)
        case .bool(let bool): self = .bool(bool)
        case .int(let int): self = .int(String(int))
        case .double(let double): self = .double(Self.hex(double))
        case .stringArray(let strings): self = .array(strings.map { .string($0) })
        case .boolArray(let bools): self = .array(bools.map { .bool($0) })
        case .intArray(let ints): self = .array(ints.map { .int(String($0)) })
        case .doubleArray(let doubles): self = .array(doubles.map { .double(Self.hex($0)) })
        }
    }

    private static func hex(_ double: Double) -> String {
        let digits = String(double.bitPattern, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

extension DecodedSpan {
    /// The names of the fields that differ from `other`, with short excerpts: a full dump of a
    /// span holding megabyte strings would drown the failure.
    func differences(from other: DecodedSpan) -> String {
        var lines: [String] = []
        func compare<Value: Equatable>(_ name: String, _ mine: Value, _ theirs: Value) {
            guard mine != theirs else { return }
            lines.append("\(name): \(String(describing: mine).prefix(300)) ≠ \(String(describing: theirs).prefix(300))")
        }
        compare("trace_id", traceID, other.traceID)
        compare("span_id", spanID, other.spanID)
        compare("trace_state", traceState, other.traceState)
        compare("parent_span_id", parentSpanID, other.parentSpanID)
        compare("flags", flags, other.flags)
        compare("name", name, other.name)
        compare("kind", kind, other.kind)
        compare("start", startTimeUnixNano, other.startTimeUnixNano)
        compare("end", endTimeUnixNano, other.endTimeUnixNano)
        compare("attribute keys", attributes.map(\.key), other.attributes.map(\.key))
        for (mine, theirs) in zip(attributes, other.attributes) where mine != theirs {
            compare("attribute \(mine.key)", mine, theirs)
        }
        compare("dropped_attributes_count", droppedAttributesCount, other.droppedAttributesCount)
        compare("events", events, other.events)
        compare("dropped_events_count", droppedEventsCount, other.droppedEventsCount)
        compare("links", links, other.links)
        compare("dropped_links_count", droppedLinksCount, other.droppedLinksCount)
        compare("status", status, other.status)
        return lines.joined(separator: "\n")
    }
}
