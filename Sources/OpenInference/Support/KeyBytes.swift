/// Read-only byte-level view of an attribute key, used by masking on the hot path.
///
/// Python's `TraceConfig.mask` compares keys by code points with `==`, `in`, `startswith` and
/// `endswith`. All the needles are ASCII, and an ASCII byte in UTF-8 always encodes that ASCII
/// character, so comparing UTF-8 bytes gives exactly Python's answers, without Swift's Unicode
/// canonical equivalence and without allocating.
struct KeyBytes {
    let bytes: UnsafeBufferPointer<UInt8>

    /// Whether the key is exactly `needle`.
    func equals(_ needle: StaticString) -> Bool {
        bytes.count == needle.utf8CodeUnitCount && matches(needle, at: 0)
    }

    /// Python's `needle in key`.
    func contains(_ needle: StaticString) -> Bool {
        let length = needle.utf8CodeUnitCount
        guard length <= bytes.count else { return false }
        guard length > 0 else { return true }
        let first = needle.utf8Start.pointee
        var start = 0
        while start <= bytes.count - length {
            if bytes[start] == first, matches(needle, at: start) { return true }
            start += 1
        }
        return false
    }

    /// Python's `key.startswith(needle)`.
    func hasPrefix(_ needle: StaticString) -> Bool {
        needle.utf8CodeUnitCount <= bytes.count && matches(needle, at: 0)
    }

    /// Python's `key.endswith(needle)`.
    func hasSuffix(_ needle: StaticString) -> Bool {
        let length = needle.utf8CodeUnitCount
        return length <= bytes.count && matches(needle, at: bytes.count - length)
    }

    /// Python's `key == namespace or key.startswith(namespace + ".")`.
    func isWithin(_ namespace: StaticString) -> Bool {
        let length = namespace.utf8CodeUnitCount
        guard hasPrefix(namespace) else { return false }
        return bytes.count == length || bytes[length] == UInt8(ascii: ".")
    }

    /// The number of Unicode code points (Python's `len`): every byte that is not a UTF-8
    /// continuation byte (`0b10xxxxxx`) starts one. Swift strings always hold valid UTF-8.
    ///
    /// Counts eight bytes at a time, since it runs over whole base64 images.
    var codePointCount: Int {
        guard let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let high: UInt64 = 0x8080_8080_8080_8080
        var continuations = 0
        var offset = 0
        while offset + 8 <= bytes.count {
            // Per-byte counters in one word; each byte lane can take 255 additions.
            var lanes: UInt64 = 0
            var rounds = 0
            while rounds < 255, offset + 8 <= bytes.count {
                let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                // Bit 7 set and bit 6 clear marks a continuation byte.
                lanes &+= (word & ~(word << 1) & high) >> 7
                offset += 8
                rounds += 1
            }
            // Sum the eight byte lanes: pairwise into four 16-bit lanes, then those four.
            let pairs = (lanes & 0x00FF_00FF_00FF_00FF) &+ ((lanes >> 8) & 0x00FF_00FF_00FF_00FF)
            continuations += Int((pairs &* 0x0001_0001_0001_0001) >> 48)
        }
        while offset < bytes.count {
            if bytes[offset] & 0xC0 == 0x80 { continuations += 1 }
            offset += 1
        }
        return bytes.count - continuations
    }

    private func matches(_ needle: StaticString, at offset: Int) -> Bool {
        let length = needle.utf8CodeUnitCount
        let pointer = needle.utf8Start
        for position in 0..<length where bytes[offset + position] != pointer[position] {
            return false
        }
        return true
    }
}

extension String {
    /// Runs `body` on the UTF-8 bytes of the string, copying only when the string is not stored
    /// contiguously (a bridged string on Apple platforms).
    func withKeyBytes<Result>(_ body: (KeyBytes) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable({ body(KeyBytes(bytes: $0)) }) {
            return result
        }
        let copy = Array(utf8)
        return copy.withUnsafeBufferPointer { body(KeyBytes(bytes: $0)) }
    }
}
