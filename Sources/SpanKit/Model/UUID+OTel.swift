import Foundation

extension UUID {
    /// Builds a UUID from its 16 bytes read as two big-endian 64-bit halves.
    @inline(__always)
    init(high: UInt64, low: UInt64) {
        self.init(uuid: unsafeBitCast((high.bigEndian, low.bigEndian), to: uuid_t.self))
    }

    /// The first 8 bytes as a big-endian integer.
    @inline(__always)
    var high: UInt64 {
        let halves = unsafeBitCast(uuid, to: (UInt64, UInt64).self)
        return UInt64(bigEndian: halves.0)
    }

    /// The last 8 bytes as a big-endian integer.
    @inline(__always)
    var low: UInt64 {
        let halves = unsafeBitCast(uuid, to: (UInt64, UInt64).self)
        return UInt64(bigEndian: halves.1)
    }

    /// The lowercase, dashed text form used by SpanKit's API and JSON format,
    /// for example `3f1c2a9e-8d4b-4c1e-9a57-2b6d0e4f7a11`.
    var lowercasedString: String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            var position = 0
            Hex.write(high, digits: 16, into: buffer, at: &position, dashesAfter: [8, 12])
            buffer[position] = UInt8(ascii: "-"); position += 1
            Hex.write(low, digits: 16, into: buffer, at: &position, dashesAfter: [4])
            return position
        }
    }

    /// The OpenTelemetry trace id form: all 16 bytes as 32 lowercase hex digits.
    var otelTraceIDHex: String {
        String(unsafeUninitializedCapacity: 32) { buffer in
            var position = 0
            Hex.write(high, digits: 16, into: buffer, at: &position)
            Hex.write(low, digits: 16, into: buffer, at: &position)
            return position
        }
    }

    /// The OpenTelemetry span id form: the first 8 bytes as 16 lowercase hex digits.
    var otelSpanIDHex: String {
        String(unsafeUninitializedCapacity: 16) { buffer in
            var position = 0
            Hex.write(high, digits: 16, into: buffer, at: &position)
            return position
        }
    }

    /// The 8-byte OpenTelemetry span id: the first 8 bytes of this UUID.
    var otelSpanID: UInt64 { high }

    /// Reads a 32-digit hex OpenTelemetry trace id (either case); nil when malformed.
    init?(otelTraceIDHex text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 32,
              let high = Hex.parse(utf8[0..<16]), let low = Hex.parse(utf8[16..<32]) else { return nil }
        self.init(high: high, low: low)
    }

    /// Reads a 16-digit hex OpenTelemetry span id as the span's whole UUID (see
    /// ``init(otelSpanID:)``). Nil when malformed.
    init?(otelSpanIDHex text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 16, let high = Hex.parse(utf8[0..<16]) else { return nil }
        self.init(otelSpanID: high)
    }

    /// The UUID that stands for an 8-byte OpenTelemetry span id: those bytes, then the 8 that
    /// SpanKit derives from them (``ID128/init(otelSpanID:)``). For a span SpanKit made, that is
    /// its id; the OpenTelemetry form maps back exactly either way.
    init(otelSpanID: UInt64) {
        self = ID128(otelSpanID: otelSpanID).uuid
    }
}
