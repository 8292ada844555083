import Foundation

/// Where a plain-HTTP request goes, taken from its URL: the host and port to connect to, the
/// `Host` field, and the request target (path and query, percent-encoding kept).
struct HTTPTarget: Sendable, Equatable {
    /// The host to resolve, without IPv6 brackets.
    let host: String
    /// The TCP port (80 when the URL has none).
    let port: Int
    /// The `Host` header value: the host as written (IPv6 in brackets), with the port unless 80.
    let hostField: String
    /// The origin-form request target, e.g. `/v1/traces?tenant=a`; `/` for an empty path.
    let requestTarget: String

    /// The key idle connections are pooled under.
    var endpoint: String { "\(host) \(port)" }

    /// `host:port` for messages (the URL's user info, path and query can hold secrets; these cannot).
    var displayName: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Parses `url`; throws ``HTTPClientError/Kind/invalidRequest`` for anything but a usable
    /// `http://` URL.
    init(url: URL) throws(HTTPClientError) {
        guard let scheme = url.scheme?.lowercased() else {
            throw HTTPClientError(.invalidRequest, "the URL has no scheme; the socket HTTP client sends http:// requests")
        }
        guard scheme == "http" else {
            if scheme == "https" {
                throw HTTPClientError(.invalidRequest, "the socket HTTP client cannot send https:// (no TLS)")
            }
            throw HTTPClientError(.invalidRequest, "unsupported URL scheme \"\(scheme)\"; the socket HTTP client sends http:// requests")
        }
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: true),
              let rawHost = url.host, !rawHost.isEmpty else {
            throw HTTPClientError(.invalidRequest, "the URL has no host")
        }
        var host = rawHost
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, host.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F && $0 != UInt8(ascii: "/") }) else {
            throw HTTPClientError(.invalidRequest, "the URL's host is not valid")
        }
        let port = url.port ?? 80
        guard (1...65_535).contains(port) else { throw HTTPClientError(.invalidRequest, "the URL's port \(port) is out of range") }

        var field = components.percentEncodedHost ?? host
        if field.contains(":"), !field.hasPrefix("[") { field = "[\(field)]" }
        if port != 80 { field += ":\(port)" }

        var target = components.percentEncodedPath
        if target.isEmpty { target = "/" }
        if !target.hasPrefix("/") { target = "/" + target }
        if let query = components.percentEncodedQuery { target += "?" + query }
        guard target.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw HTTPClientError(.invalidRequest, "the URL's path or query contains characters that are not allowed in a request")
        }

        self.host = host
        self.port = port
        self.hostField = field
        self.requestTarget = target
    }
}
