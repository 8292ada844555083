import Foundation

/// The identity of a span as it travels between processes: trace id, span id, sampling flag
/// and vendor trace state (the content of W3C `traceparent` and `tracestate`).
public struct SpanContext: Sendable, Hashable {
    /// The trace id; on the OpenTelemetry wire its 16 bytes are the trace id.
    public let traceID: UUID
    /// The span id; on the OpenTelemetry wire its first 8 bytes are the span id.
    public let spanID: UUID
    /// W3C trace flags; bit 0 is "sampled".
    public let traceFlags: UInt8
    /// The W3C `tracestate` value, empty when there is none.
    public let traceState: String
    /// Whether this context came from another process.
    public let isRemote: Bool

    /// Creates a span context.
    public init(traceID: UUID, spanID: UUID, traceFlags: UInt8 = 1, traceState: String = "", isRemote: Bool = false) {
        self.traceID = traceID
        self.spanID = spanID
        self.traceFlags = traceFlags
        self.traceState = traceState
        self.isRemote = isRemote
    }

    /// Whether the trace is sampled (recorded and exported).
    public var isSampled: Bool { traceFlags & 1 == 1 }
}
