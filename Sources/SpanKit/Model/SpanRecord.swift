import Foundation
import OpenInference

/// Everything a span recorded, as an immutable value: what exporters receive and what
/// ``Span/record`` returns.
public struct SpanRecord: Sendable, Equatable {
    /// Trace id, span id, flags and trace state.
    public internal(set) var context: SpanContext
    /// The parent's span id, nil for a root span. A remote parent is known by its 8-byte
    /// OpenTelemetry id; its last 8 bytes are rebuilt as SpanKit derives them, so a parent made
    /// by SpanKit in another process has its own id here.
    public internal(set) var parentID: UUID?
    /// Whether the parent came from another process (a `SpanContext` with `isRemote` set, as
    /// `traceparent` extraction makes). False for a root span. OTLP carries it in the span flags.
    var hasRemoteParent: Bool
    /// The operation name.
    public internal(set) var name: String
    /// The OpenInference kind.
    public internal(set) var kind: SpanKind
    /// The OpenTelemetry kind.
    public internal(set) var otelKind: OTelSpanKind
    /// Start, in nanoseconds since the Unix epoch (wall clock).
    var startTimeUnixNanoseconds: UInt64
    /// End, in nanoseconds since the Unix epoch: the start plus the monotonic duration.
    var endTimeUnixNanoseconds: UInt64?
    /// Session id, grouping traces into a conversation.
    public internal(set) var sessionID: String?
    /// Human-readable session name.
    public internal(set) var sessionName: String?
    /// End-user id.
    public internal(set) var userID: String?
    /// Typed attributes.
    public internal(set) var attributes: Attributes
    /// Filtering tags.
    public internal(set) var tags: [String: String]
    /// Events, including `exception` events.
    public internal(set) var events: [Span.Event]
    /// Links to other spans.
    public internal(set) var links: [Span.Link]
    /// The outcome.
    public internal(set) var status: Span.Status
    /// The error recorded by `setError` or `recordError`, if any.
    public internal(set) var error: SpanError?
    /// Signals in the order they were added.
    public internal(set) var signals: [Signal]
    /// Attributes not recorded because of the count limit.
    var droppedAttributesCount: Int
    /// Events not recorded because of the count limit.
    var droppedEventsCount: Int
    /// Links not recorded because of the count limit.
    var droppedLinksCount: Int
    /// String values shortened to the length limit.
    var truncatedValuesCount: Int
    /// Writes attempted after the span ended, all ignored.
    var ignoredWritesCount: Int

    /// The parent's span id in OpenTelemetry form, if there is a parent.
    var parentSpanID: UInt64? { parentID?.otelSpanID }
    /// The start time.
    public var startTime: Date { Date(unixNanoseconds: startTimeUnixNanoseconds) }
    /// The end time, nil while the span is open.
    public var endTime: Date? { endTimeUnixNanoseconds.map(Date.init(unixNanoseconds:)) }
    /// The duration, nil while the span is open. Never negative.
    var duration: Duration? {
        guard let end = endTimeUnixNanoseconds else { return nil }
        return .nanoseconds(Int64(clamping: end &- startTimeUnixNanoseconds))
    }
    /// The span id.
    var spanID: UUID { context.spanID }
    /// The trace id.
    var traceID: UUID { context.traceID }
    /// `input.value`, if set.
    var input: String? { attributes[SpanAttributes.inputValue]?.stringValue }
    /// `output.value`, if set.
    var output: String? { attributes[SpanAttributes.outputValue]?.stringValue }
}

/// Error details of a failed span, as the JSON format's `error_code`, `error_message` and
/// `error_stack` carry them.
public struct SpanError: Sendable, Hashable {
    /// A short code or the error's type name.
    public let code: String
    /// The error message.
    public let message: String
    /// A stack trace, when known.
    public let stack: String?

    init(code: String, message: String, stack: String? = nil) {
        self.code = code
        self.message = message
        self.stack = stack
    }
}

extension AttributeValue {
    /// The string, when this is a string value.
    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}
