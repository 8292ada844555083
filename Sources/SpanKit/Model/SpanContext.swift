import Foundation

/// The identity of a span as it travels between processes: trace id, span id, sampling flag
/// and vendor trace state (the content of W3C `traceparent` and `tracestate`).
public struct SpanContext: Sendable, Hashable {
    let traceIDValue: ID128
    let spanIDValue: ID128
    /// W3C trace flags; bit 0 is "sampled". (SPI, like the next two: integrations rebuild a
    /// context from another context system's.)
    @_spi(Integration) public let traceFlags: UInt8
    /// Whether this context came from another process.
    @_spi(Integration) public let isRemote: Bool
    /// The trace state, nil for none (almost every context).
    ///
    /// Boxed so that a context is plain data plus one reference that is usually nil: every span
    /// start copies its parent's context, and with the string inline each copy went through
    /// the generic value witnesses of an optional string.
    let traceStateBox: TraceStateBox?

    /// The W3C `tracestate` value, empty when there is none.
    @_spi(Integration) public var traceState: String { traceStateBox?.value ?? "" }

    /// Creates a span context.
    public init(traceID: UUID, spanID: UUID, traceFlags: UInt8 = 1, traceState: String = "", isRemote: Bool = false) {
        self.init(traceID: ID128(traceID), spanID: ID128(spanID), traceFlags: traceFlags, traceState: traceState, isRemote: isRemote)
    }

    init(traceID: ID128, spanID: ID128, traceFlags: UInt8, traceState: String, isRemote: Bool = false) {
        self.init(
            traceID: traceID, spanID: spanID, traceFlags: traceFlags,
            traceStateBox: traceState.isEmpty ? nil : TraceStateBox(traceState), isRemote: isRemote)
    }

    @inline(__always)
    init(traceID: ID128, spanID: ID128, traceFlags: UInt8, traceStateBox: TraceStateBox?, isRemote: Bool = false) {
        self.traceIDValue = traceID
        self.spanIDValue = spanID
        self.traceFlags = traceFlags
        self.traceStateBox = traceStateBox
        self.isRemote = isRemote
    }

    /// The trace id; on the OpenTelemetry wire its 16 bytes are the trace id.
    public var traceID: UUID { traceIDValue.uuid }
    /// The span id; on the OpenTelemetry wire its first 8 bytes are the span id.
    public var spanID: UUID { spanIDValue.uuid }

    /// Whether the trace is sampled (recorded and exported).
    var isSampled: Bool { traceFlags & 1 == 1 }
}

/// A W3C `tracestate` value, shared by the contexts of a trace's spans; never empty (no trace
/// state is no box), so contexts compare and hash by value through it.
final class TraceStateBox: Sendable, Hashable {
    let value: String

    init(_ value: String) {
        self.value = value
    }

    static func == (lhs: TraceStateBox, rhs: TraceStateBox) -> Bool { lhs.value == rhs.value }

    func hash(into hasher: inout Hasher) { hasher.combine(value) }
}
