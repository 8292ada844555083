import Foundation

/// The one rule for which request values are secrets that must never reach a diagnostic, an
/// error or a spool file: the values of `Authorization`, `Proxy-Authorization` and `Cookie`, of
/// every header whose name contains `key`, `token`, `secret`, `password` or `auth`
/// (case-insensitive), and the user and password of the endpoint URL.
///
/// Other header values stay readable: an `x-mlflow-experiment-id` or `x-project-name` that a
/// server quotes back in its refusal is what the user needs to see to fix the request.
enum SecretHeaders {
    private static let exactNames: Set<String> = ["authorization", "proxy-authorization", "cookie"]
    private static let nameParts = ["key", "token", "secret", "password", "auth"]
    /// Values shorter than this are not searched for: replacing every `1` or `ab` in a server's
    /// text would garble it and protect nothing a guess would not find.
    private static let shortestSearched = 4

    /// Whether the value of the header `name` is a secret.
    static func isSecret(_ name: String) -> Bool {
        let name = name.lowercased()
        return exactNames.contains(name) || nameParts.contains { name.contains($0) }
    }

    /// The secret values among `headers` and in `url`'s user info, longest first (so a secret
    /// that contains another is replaced whole).
    static func secrets(in headers: [(name: String, value: String)], url: URL?) -> [String] {
        var values = headers.filter { isSecret($0.name) }.map(\.value)
        // `Bearer abc…`: the token alone may be echoed too.
        values += values.compactMap { value in value.split(separator: " ", maxSplits: 1).dropFirst().first.map(String.init) }
        if let url {
            values += [url.user, url.password, url.user(percentEncoded: true), url.password(percentEncoded: true)].compactMap { $0 }
        }
        return Set(values.filter { $0.count >= shortestSearched }).sorted { $0.count > $1.count }
    }

    /// `text` with every secret of `headers` and `url` replaced by `[redacted]`.
    static func scrub(_ text: String, headers: [(name: String, value: String)], url: URL?) -> String {
        secrets(in: headers, url: url).reduce(text) { $0.replacingOccurrences(of: $1, with: "[redacted]") }
    }
}
