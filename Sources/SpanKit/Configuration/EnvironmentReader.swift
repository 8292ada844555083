/// Reads configuration from environment variables, reporting (never failing on) invalid values.
struct EnvironmentReader {
    let environment: [String: String]
    let report: (Diagnostic) -> Void

    /// The trimmed value, nil when unset or empty.
    func string(_ name: String) -> String? {
        guard let raw = environment[name] else { return nil }
        let trimmed = String(raw.trimmingWhitespace())
        return trimmed.isEmpty ? nil : trimmed
    }

    /// `true`/`false` in any case; anything else is reported and ignored.
    func bool(_ name: String) -> Bool? {
        guard let text = string(name) else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default:
            invalid(name, text, expected: "true or false")
            return nil
        }
    }

    /// A non-negative integer; anything else is reported and ignored.
    func nonNegativeInt(_ name: String) -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text), value >= 0 else {
            invalid(name, text, expected: "a non-negative integer")
            return nil
        }
        return value
    }

    /// A positive integer; anything else is reported and ignored.
    func positiveInt(_ name: String) -> Int? {
        guard let value = nonNegativeInt(name) else { return nil }
        guard value > 0 else {
            invalid(name, String(value), expected: "a positive integer")
            return nil
        }
        return value
    }

    /// A number in `range`; anything else is reported and ignored.
    func double(_ name: String, in range: ClosedRange<Double>) -> Double? {
        guard let text = string(name) else { return nil }
        guard let value = DecimalText.parse(Substring(text)), range.contains(value) else {
            invalid(name, text, expected: "a number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    /// Reports an invalid value without quoting it: a secret pasted into the wrong variable
    /// must not reach a log.
    func invalid(_ name: String, _ value: String, expected: String) {
        report(Diagnostic(.invalidConfiguration, "\(name) ignored: its value (\(value.count) characters) is not \(expected)"))
    }
}
