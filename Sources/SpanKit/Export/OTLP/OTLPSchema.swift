/// Field numbers of the OTLP trace messages SpanKit encodes, from the official
/// `opentelemetry-proto` definitions (`Schemas/otlp-trace-subset.md` lists them with types).
enum OTLPSchema {
    /// `opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest`
    enum Request {
        static let resourceSpans = 1
    }

    /// `opentelemetry.proto.trace.v1.ResourceSpans`
    enum ResourceSpans {
        static let resource = 1
        static let scopeSpans = 2
    }

    /// `opentelemetry.proto.resource.v1.Resource`
    enum Resource {
        static let attributes = 1
    }

    /// `opentelemetry.proto.trace.v1.ScopeSpans`
    enum ScopeSpans {
        static let scope = 1
        static let spans = 2
    }

    /// `opentelemetry.proto.common.v1.InstrumentationScope`
    enum Scope {
        static let name = 1
        static let version = 2
    }

    /// `opentelemetry.proto.trace.v1.Span`
    enum Span {
        static let traceID = 1
        static let spanID = 2
        static let traceState = 3
        static let parentSpanID = 4
        static let name = 5
        static let kind = 6
        static let startTimeUnixNano = 7
        static let endTimeUnixNano = 8
        static let attributes = 9
        static let droppedAttributesCount = 10
        static let events = 11
        static let droppedEventsCount = 12
        static let links = 13
        static let droppedLinksCount = 14
        static let status = 15
        static let flags = 16
    }

    /// `opentelemetry.proto.trace.v1.Span.Event`
    enum Event {
        static let timeUnixNano = 1
        static let name = 2
        static let attributes = 3
        static let droppedAttributesCount = 4
    }

    /// `opentelemetry.proto.trace.v1.Span.Link`
    enum Link {
        static let traceID = 1
        static let spanID = 2
        static let traceState = 3
        static let attributes = 4
        static let droppedAttributesCount = 5
        static let flags = 6
    }

    /// `opentelemetry.proto.trace.v1.Status`
    enum Status {
        static let message = 2
        static let code = 3
        /// `STATUS_CODE_OK`; `STATUS_CODE_UNSET` (0) is the default and never written.
        static let codeOK: UInt64 = 1
        /// `STATUS_CODE_ERROR`.
        static let codeError: UInt64 = 2
    }

    /// `opentelemetry.proto.common.v1.KeyValue`
    enum KeyValue {
        static let key = 1
        static let value = 2
    }

    /// `opentelemetry.proto.common.v1.AnyValue` (a oneof: exactly one is written, even when it
    /// holds a default such as `false` or `""`, because the oneof records which one is set).
    enum AnyValue {
        static let stringValue = 1
        static let boolValue = 2
        static let intValue = 3
        static let doubleValue = 4
        static let arrayValue = 5
    }

    /// `opentelemetry.proto.common.v1.ArrayValue`
    enum ArrayValue {
        static let values = 1
    }

    /// `opentelemetry.proto.trace.v1.SpanFlags` bits beyond the W3C trace flags (bits 0–7).
    enum SpanFlags {
        /// Bit 8: whether bit 9 is known.
        static let contextHasIsRemote: UInt32 = 0x100
        /// Bit 9: the parent (for a span) or the linked span (for a link) is remote.
        static let contextIsRemote: UInt32 = 0x200
    }
}
