/// Lowercase hexadecimal encoding and decoding without intermediate strings.
enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Writes the low `count * 4` bits of `value` as `count` hex digits, inserting a dash after
    /// the digit positions listed in `dashesAfter`.
    @inline(__always)
    static func write(
        _ value: UInt64, digits count: Int, into buffer: UnsafeMutableBufferPointer<UInt8>,
        at position: inout Int, dashesAfter: [Int] = []
    ) {
        var shift = (count - 1) * 4
        var written = 0
        while shift >= 0 {
            buffer[position] = digits[Int((value >> UInt64(shift)) & 0xF)]
            position += 1
            written += 1
            if !dashesAfter.isEmpty, dashesAfter.contains(written) {
                buffer[position] = UInt8(ascii: "-")
                position += 1
            }
            shift -= 4
        }
    }

    /// Parses up to 16 hex digits (either case); nil on any other character or an empty input.
    static func parse(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        guard !bytes.isEmpty, bytes.count <= 16 else { return nil }
        var value: UInt64 = 0
        for byte in bytes {
            guard let nibble = nibble(byte) else { return nil }
            value = value << 4 | UInt64(nibble)
        }
        return value
    }

    /// Parses lowercase-only hex, as W3C Trace Context requires.
    static func parseLowercase(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        for byte in bytes where byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F") { return nil }
        return parse(bytes)
    }

    @inline(__always)
    static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
