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
}
