import Foundation

/// The identity of a span as it travels between processes: trace id, span id, sampling flag
/// and vendor trace state (the content of W3C `traceparent` and `tracestate`).
public struct SpanContext: Sendable, Hashable {
    let traceIDValue: ID128
    let spanIDValue: ID128
    /// W3C trace flags; bit 0 is "sampled". (SPI, like the next two: integrations rebuild a
    /// context from another context system's.)
    @_spi(Integration) public let traceFlags: UInt8
    /// The W3C `tracestate` value, empty when there is none.
    @_spi(Integration) public let traceState: String
    /// Whether this context came from another process.
    @_spi(Integration) public let isRemote: Bool

    /// Creates a span context.
    public init(traceID: UUID, spanID: UUID, traceFlags: UInt8 = 1, traceState: String = "", isRemote: Bool = false) {
        self.init(traceID: ID128(traceID), spanID: ID128(spanID), traceFlags: traceFlags, traceState: traceState, isRemote: isRemote)
    }

    @inline(__always)
    init(traceID: ID128, spanID: ID128, traceFlags: UInt8, traceState: String, isRemote: Bool = false) {
        self.traceIDValue = traceID
        self.spanIDValue = spanID
        self.traceFlags = traceFlags
        self.traceState = traceState
        self.isRemote = isRemote
    }

    /// The trace id; on the OpenTelemetry wire its 16 bytes are the trace id.
    public var traceID: UUID { traceIDValue.uuid }
    /// The span id; on the OpenTelemetry wire its first 8 bytes are the span id.
    public var spanID: UUID { spanIDValue.uuid }

    /// Whether the trace is sampled (recorded and exported).
    var isSampled: Bool { traceFlags & 1 == 1 }
}
