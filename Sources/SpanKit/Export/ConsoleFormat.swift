import Foundation
/// Text formatting for the console exporter. Hand-written rather than `String(format:)` or
/// formatters so the output is identical on every platform and locale, which the exact-text
/// tests rely on.
enum ConsoleFormat {
    /// A duration in human units with three significant digits, split into number and unit so
    /// the renderer can align both: `850 ns`, `12.3 µs`, `85.0 ms`, `1.24 s`, `2m 05s`.
    static func duration(nanoseconds: UInt64) -> (number: String, unit: String) {
        if nanoseconds < 1_000 { return (String(nanoseconds), "ns") }
        for (scale, unit) in [(UInt64(1_000), "µs"), (1_000_000, "ms")] {
            if let number = threeSignificantDigits(nanoseconds, scale: scale) { return (number, unit) }
        }
        // Below a minute seconds keep three digits; "59.96 s" would round up to "60.0 s", so the
        // minute form takes over from 59.95 s.
        if nanoseconds < 59_950_000_000, let number = threeSignificantDigits(nanoseconds, scale: 1_000_000_000) {
            return (number, "s")
        }
        let seconds = (nanoseconds + 500_000_000) / 1_000_000_000
        if seconds < 3_600 { return ("\(seconds / 60)m \(twoDigits(seconds % 60))s", "") }
        return ("\(seconds / 3_600)h \(twoDigits(seconds % 3_600 / 60))m", "")
    }

    /// `nanoseconds / scale` rounded to three significant digits, or nil when that reaches 1000
    /// and the next unit should be used.
    private static func threeSignificantDigits(_ nanoseconds: UInt64, scale: UInt64) -> String? {
        let hundredths = (nanoseconds * 100 + scale / 2) / scale
        if hundredths < 1_000 { return "\(hundredths / 100).\(twoDigits(hundredths % 100))" }
        let tenths = (nanoseconds * 10 + scale / 2) / scale
        if tenths < 1_000 { return "\(tenths / 10).\(tenths % 10)" }
        let whole = (nanoseconds + scale / 2) / scale
        return whole < 1_000 ? String(whole) : nil
    }

    private static func twoDigits(_ value: UInt64) -> String { value < 10 ? "0\(value)" : String(value) }

    /// A number as a person writes it: integers without a fraction, small values without an
    /// exponent (`0.000012`, where `String(describing:)` gives `1.2e-05`), the shortest digits
    /// that round-trip.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return String(describing: value) }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        // Six significant digits are plenty to read, and hide binary noise such as a sum of
        // costs printing as 0.000030149999999999998.
        let magnitude = Foundation.log10(abs(value)).rounded(.down)
        let scale = Foundation.pow(10, 5 - magnitude)
        let rounded = (value * scale).rounded() / scale
        let text = String(describing: rounded.isFinite ? rounded : value)
        guard let exponentStart = text.firstIndex(of: "e"), let exponent = Int(text[text.index(after: exponentStart)...]),
              exponent < 0, exponent >= -12 else { return text }
        var mantissa = text[..<exponentStart]
        let sign = mantissa.hasPrefix("-") ? "-" : ""
        if !sign.isEmpty { mantissa = mantissa.dropFirst() }
        let integerDigits = mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count
        var digits = mantissa.filter { $0 != "." }
        while digits.count > 1, digits.hasSuffix("0") { digits.removeLast() }
        let leadingZeros = -(integerDigits + exponent)
        return sign + "0." + String(repeating: "0", count: leadingZeros) + digits
    }

    /// `text` on one line and at most `limit` characters, ending in `…` when cut. Line breaks
    /// show as `⏎` and other control characters as `�`: a span name or attribute must not be
    /// able to break the tree or send escape sequences to the terminal.
    static func singleLine(_ text: String, limit: Int) -> String {
        guard limit > 0 else { return "" }
        var result = ""
        var count = 0
        for character in text {
            if count == limit {
                result.removeLast()
                result.append("…")
                return result
            }
            switch character {
            case "\n", "\r\n", "\r": result.append("⏎")
            case "\t": result.append(" ")
            default:
                let isControl = character.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
                result.append(isControl ? "\u{FFFD}" : character)
            }
            count += 1
        }
        return result
    }

    /// The first 8 hex digits of an id: enough to tell traces apart on a screen and to search
    /// for in a backend.
    static func shortID(_ hex: String) -> String { String(hex.prefix(8)) }
}
