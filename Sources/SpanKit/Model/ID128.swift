import Foundation

/// A 16-byte id held as two integers: cheap to create, copy, compare and hash, unlike
/// Foundation's `UUID`, whose initialiser is not inlinable across modules.
struct ID128: Sendable, Hashable {
    /// Bytes 0–7, big-endian.
    var high: UInt64
    /// Bytes 8–15, big-endian.
    var low: UInt64

    @inline(__always)
    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    init(_ uuid: UUID) {
        self.init(high: uuid.high, low: uuid.low)
    }

    var uuid: UUID { UUID(high: high, low: low) }

    /// The span id whose first 8 bytes — its OpenTelemetry form, all that `traceparent`
    /// carries — are `otelSpanID`, and whose last 8 are derived from them.
    ///
    /// SpanKit makes every span id this way, so another process that continues the trace
    /// rebuilds the parent's whole UUID from the wire id: in the JSON span format its
    /// `parent_span_id` is the parent's `id`, and the two processes' spans form one tree.
    @inline(__always)
    init(otelSpanID: UInt64) {
        self.init(high: otelSpanID, low: Self.derivedLow(otelSpanID))
    }

    /// The last 8 bytes of a span id: a keyed mix of the first 8 (the SplitMix64 finalizer, a
    /// bijection, so distinct inputs stay distinct) with the RFC 4122 variant bits set. The key
    /// is fixed: every process must derive the same bytes.
    @inline(__always)
    static func derivedLow(_ high: UInt64) -> UInt64 {
        var x = high ^ 0x5370_616E_4B69_7421  // "SpanKit!"
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        x ^= x >> 31
        return (x & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
    }
}
