import Foundation

/// Reads configuration from environment variables, reporting (never failing on) invalid values.
///
/// Only ``ConfigurationResolver`` creates one: the environment is read in one place, once.
struct EnvironmentReader {
    let environment: [String: String]
    let report: (Diagnostic) -> Void
    /// Values never quoted, wherever they appear: the values of variables that carry credentials
    /// (each header value separately) and those given in code, so that a key pasted into the
    /// wrong variable does not reach a log.
    let secrets: [String]

    init(environment: [String: String], secrets: [String] = [], report: @escaping (Diagnostic) -> Void) {
        self.environment = environment
        self.report = report
        var secrets = secrets
        for (name, value) in environment where Self.isSecret(name) {
            secrets.append(value)
            for entry in value.split(separator: ",") {
                guard let separator = entry.firstIndex(of: "=") else { continue }
                let fieldValue = entry[entry.index(after: separator)...].trimmingWhitespace()
                secrets.append(String(fieldValue))
                if let decoded = String(fieldValue).removingPercentEncoding { secrets.append(decoded) }
            }
        }
        // Very short values would hide ordinary text without protecting anything.
        self.secrets = secrets.map { String($0.trimmingWhitespace()) }.filter { $0.count >= 6 }
    }

    /// The trimmed value, nil when unset or empty.
    func string(_ name: String) -> String? {
        guard let raw = environment[name] else { return nil }
        let trimmed = String(raw.trimmingWhitespace())
        return trimmed.isEmpty ? nil : trimmed
    }

    /// `true`/`false` in any case; anything else is reported and ignored.
    func bool(_ name: String, otherwise fallback: String? = nil) -> Bool? {
        guard let text = string(name) else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default:
            invalid(name, text, expected: "true or false", otherwise: fallback)
            return nil
        }
    }

    /// A non-negative integer; anything else is reported and ignored.
    func nonNegativeInt(_ name: String, otherwise fallback: String? = nil) -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text), value >= 0 else {
            invalid(name, text, expected: "a whole number, 0 or more", otherwise: fallback)
            return nil
        }
        return value
    }

    /// A positive integer; anything else is reported and ignored.
    func positiveInt(_ name: String, otherwise fallback: String? = nil) -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text), value > 0 else {
            invalid(name, text, expected: "a whole number, 1 or more", otherwise: fallback)
            return nil
        }
        return value
    }

    /// A number in `range`; anything else is reported and ignored.
    func double(_ name: String, in range: ClosedRange<Double>, otherwise fallback: String? = nil) -> Double? {
        guard let text = string(name) else { return nil }
        guard let value = DecimalText.parse(Substring(text)), range.contains(value) else {
            invalid(name, text, expected: "a number from \(range.lowerBound) to \(range.upperBound)", otherwise: fallback)
            return nil
        }
        return value
    }

    /// Reports an invalid value: the variable, the value as ``quoted(_:of:)`` shows it, what is
    /// accepted and, when given, what is used instead.
    func invalid(_ name: String, _ value: String, expected: String, otherwise fallback: String? = nil) {
        let instead = fallback.map { "; using \($0)" } ?? ""
        report(Diagnostic(.invalidConfiguration, "\(name)=\(quoted(value, of: name)) ignored: expected \(expected)\(instead)"))
    }

    /// How a diagnostic shows the value of `name`: as ``quoted(_:of:)`` does, and not at all when
    /// it contains one of ``secrets``.
    func quoted(_ value: String, of name: String) -> String {
        guard !secrets.contains(where: { value.contains($0) }) else { return "<\(value.count) characters, not shown: they contain a credential>" }
        return Self.quoted(value, of: name)
    }
}

extension EnvironmentReader {
    /// The longest excerpt of a value a diagnostic quotes.
    static let maxQuotedLength = 64

    /// Whether `name` may carry credentials, so its value is never quoted: headers, keys,
    /// tokens, passwords and secrets.
    static func isSecret(_ name: String) -> Bool {
        let upper = name.uppercased()
        return ["HEADERS", "KEY", "TOKEN", "SECRET", "PASSWORD", "AUTH", "CREDENTIAL"].contains { upper.contains($0) }
    }

    /// How a diagnostic shows the value of `name`: quoted and cut to ``maxQuotedLength``
    /// characters with an ellipsis; a URL without its user name, password, query and fragment
    /// (which can carry tokens); for a variable that may carry credentials only its length.
    static func quoted(_ value: String, of name: String) -> String {
        guard !isSecret(name) else { return "<\(value.count) characters, not shown>" }
        var text = withoutCredentials(value)
        if text.count > maxQuotedLength { text = text.prefix(maxQuotedLength - 1) + "…" }
        return "'\(text)'"
    }

    /// `text` with a URL's `user:password@`, query and fragment removed (left alone when it is
    /// not URL-like). Works on the text, so it also cleans values that do not parse as URLs.
    static func withoutCredentials(_ text: String) -> String {
        var rest = Substring(text)
        var prefix = ""
        if let range = rest.range(of: "://") {
            prefix = String(rest[..<range.upperBound])
            rest = rest[range.upperBound...]
        }
        let authorityEnd = rest.firstIndex { "/?#".contains($0) } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        var tail = String(rest[authorityEnd...])
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if let cut = tail.firstIndex(where: { $0 == "?" || $0 == "#" }) { tail = tail[..<cut] + "?…" }
        return prefix + authority + tail
    }
}
