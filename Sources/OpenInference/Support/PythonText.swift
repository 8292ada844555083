/// Python's reading of strings, where SpanKit must agree with the Python implementation exactly.
enum PythonText {
    /// The code points for which Python's `str.isspace()` is true (what `str.strip()` removes).
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F,
             0x205F, 0x3000:
            true
        default:
            false
        }
    }

    /// Python's `text.lower().strip()`.
    static func lowercasedAndStripped(_ text: String) -> String {
        let scalars = text.lowercased().unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(scalars[first...last])
    }

    /// Python's `text.lower() == "true"` / `"false"` test of `TraceConfig`; `nil` for anything else.
    static func boolean(_ text: String) -> Bool? {
        // Only ASCII letters lowercase to the ASCII letters of "true" and "false", so an ASCII
        // case-insensitive comparison of the bytes is exactly Python's answer.
        text.withKeyBytes { key in
            if asciiCaseInsensitiveEquals(key.bytes, "true") { return true }
            if asciiCaseInsensitiveEquals(key.bytes, "false") { return false }
            return nil
        }
    }

    /// Python's `int(text)` for base 10, or `nil` where Python raises `ValueError`.
    ///
    /// Accepts what Python accepts: surrounding whitespace, one sign, decimal digits of any script
    /// and single underscores between digits, at most 4300 digits (Python's default
    /// `int_max_str_digits`). Values beyond `Int` are clamped to `Int.min`/`Int.max`, which
    /// compare against string lengths exactly as Python's unbounded integers do.
    static func integer(_ text: String) -> Int? {
        // Python first maps non-ASCII whitespace to " " and decimal digits of any script to ASCII
        // digits; any other non-ASCII character makes the string invalid.
        var ascii: [UInt8] = []
        ascii.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                ascii.append(UInt8(scalar.value))
            } else if isSpace(scalar) {
                ascii.append(UInt8(ascii: " "))
            } else if scalar.properties.numericType == .decimal,
                      let digit = scalar.properties.numericValue, digit >= 0, digit <= 9 {
                ascii.append(UInt8(ascii: "0") + UInt8(digit))
            } else {
                return nil
            }
        }
        // Then it parses: ASCII whitespace, sign, digits with single underscores, ASCII whitespace.
        func isASCIISpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        var position = 0
        while position < ascii.count, isASCIISpace(ascii[position]) { position += 1 }
        var negative = false
        if position < ascii.count, ascii[position] == UInt8(ascii: "+") || ascii[position] == UInt8(ascii: "-") {
            negative = ascii[position] == UInt8(ascii: "-")
            position += 1
        }
        var magnitude: UInt64 = 0
        var overflow = false
        var digits = 0
        while position < ascii.count {
            let byte = ascii[position]
            if isDigit(byte) {
                digits += 1
                let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
                if o1 || o2 { overflow = true } else { magnitude = sum }
                position += 1
            } else if byte == UInt8(ascii: "_"), digits > 0, position + 1 < ascii.count,
                      isDigit(ascii[position + 1]) {
                position += 1
            } else {
                break
            }
        }
        while position < ascii.count, isASCIISpace(ascii[position]) { position += 1 }
        guard digits > 0, digits <= 4300, position == ascii.count else { return nil }
        if negative {
            return overflow || magnitude > UInt64(Int.max) + 1 ? .min : Int(truncatingIfNeeded: 0 &- magnitude)
        }
        return overflow || magnitude > UInt64(Int.max) ? .max : Int(magnitude)
    }

    private static func asciiCaseInsensitiveEquals(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        let letters = word.utf8Start
        for index in 0..<bytes.count {
            var byte = bytes[index]
            if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte += 32 }
            if byte != letters[index] { return false }
        }
        return true
    }
}
