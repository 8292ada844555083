import Foundation
import Instrumentation
@_spi(Integration) import SpanKit
import Tracing

/// A swift-distributed-tracing span recorded by SpanKit (see ``SpanKitTracer``).
///
/// ``spanKitSpan`` is the SpanKit span underneath, for SpanKit's typed helpers (`setLLM`,
/// `setIO`…) on a span an instrumented library started.
public struct SpanKitTracingSpan: Tracing.Span {
    /// The SpanKit span that records this span.
    public let spanKitSpan: SpanKit.Span
    /// The context holding this span, for children and propagation.
    public let context: ServiceContext

    init(_ span: SpanKit.Span, context: ServiceContext) {
        self.spanKitSpan = span
        self.context = context
    }

    /// The span's name.
    public var operationName: String {
        get { spanKitSpan.name }
        nonmutating set { spanKitSpan.updateName(newValue) }
    }

    /// The attributes recorded so far. Setting writes every attribute given (SpanKit does not
    /// remove attributes: one set to nil keeps its earlier value).
    public var attributes: Tracing.SpanAttributes {
        get {
            var attributes = Tracing.SpanAttributes()
            for (key, value) in spanKitSpan.attributes.dictionary { attributes[key] = Tracing.SpanAttribute(value) }
            return attributes
        }
        nonmutating set {
            guard spanKitSpan.isRecording else { return }
            newValue.forEach { key, value in
                if let value = AttributeValue(value) { spanKitSpan.setAttribute(key, value) }
            }
        }
    }

    /// Whether the span records: sampled and not ended.
    public var isRecording: Bool { spanKitSpan.isRecording }

    /// Sets the status (as OpenTelemetry: `ok` is final, an error keeps its message).
    public func setStatus(_ status: Tracing.SpanStatus) {
        switch status.code {
        case .ok: spanKitSpan.setStatus(.ok)
        case .error: spanKitSpan.setStatus(.error(description: status.message ?? ""))
        }
    }

    /// Adds an event at its own timestamp.
    public func addEvent(_ event: Tracing.SpanEvent) {
        spanKitSpan.addEvent(
            event.name, attributes: Self.values(of: event.attributes),
            at: Date(timeIntervalSince1970: Double(event.nanosecondsSinceEpoch) / 1_000_000_000))
    }

    /// Records an `exception` event with `exception.type` and `exception.message` and the
    /// given attributes; as in OpenTelemetry, the status is left to ``setStatus(_:)``.
    public func recordError<Instant: TracerInstant>(
        _ error: any Error, attributes: Tracing.SpanAttributes, at instant: @autoclosure () -> Instant
    ) {
        var values = Self.values(of: attributes)
        values["exception.type"] = .string(String(reflecting: type(of: error)))
        values["exception.message"] = .string(String(describing: error))
        spanKitSpan.addEvent("exception", attributes: values, at: Date(instant()))
    }

    /// Links to the span of `link.context` (a SpanKit span, or one an instrument can inject).
    public func addLink(_ link: Tracing.SpanLink) {
        guard let target = Self.spanContext(of: link.context) else { return }
        spanKitSpan.addLink(to: target, attributes: Self.values(of: link.attributes))
    }

    /// Ends the span at `instant`.
    public func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        spanKitSpan.end(at: Date(instant()))
    }

    static func values(of attributes: Tracing.SpanAttributes) -> [String: AttributeValue] {
        var values: [String: AttributeValue] = [:]
        attributes.forEach { key, value in values[key] = AttributeValue(value) }
        return values
    }

    /// The span a context holds: SpanKit's own, else what the bootstrapped instrument injects.
    static func spanContext(of context: ServiceContext) -> SpanKit.SpanContext? {
        if let span = context[SpanKitSpanKey.self] { return span.context }
        var carrier: [String: String] = [:]
        InstrumentationSystem.instrument.inject(context, into: &carrier, using: DictionaryPropagation())
        return W3CTraceContext.extract(from: carrier)
    }
}

extension AttributeValue {
    /// The SpanKit value of a swift-distributed-tracing attribute (strings for what SpanKit has
    /// no type for).
    init?(_ attribute: Tracing.SpanAttribute) {
        switch attribute {
        case .int32(let value): self = .int(Int(value))
        case .int64(let value): self = .int(Int(value))
        case .double(let value): self = .double(value)
        case .bool(let value): self = .bool(value)
        case .string(let value): self = .string(value)
        case .int32Array(let values): self = .intArray(values.map(Int.init))
        case .int64Array(let values): self = .intArray(values.map(Int.init))
        case .doubleArray(let values): self = .doubleArray(values)
        case .boolArray(let values): self = .boolArray(values)
        case .stringArray(let values): self = .stringArray(values)
        case .stringConvertible(let value): self = .string(value.description)
        case .stringConvertibleArray(let values): self = .stringArray(values.map(\.description))
        default: return nil
        }
    }
}

extension Tracing.SpanAttribute {
    init(_ value: AttributeValue) {
        switch value {
        case .string(let value): self = .string(value)
        case .bool(let value): self = .bool(value)
        case .int(let value): self = .int64(Int64(value))
        case .double(let value): self = .double(value)
        case .stringArray(let values): self = .stringArray(values)
        case .boolArray(let values): self = .boolArray(values)
        case .intArray(let values): self = .int64Array(values.map(Int64.init))
        case .doubleArray(let values): self = .doubleArray(values)
        }
    }
}
