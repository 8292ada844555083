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

    /// Parses `url`; throws ``ExportError/Kind/transport`` for anything but a usable `http://` URL.
    init(url: URL) throws(ExportError) {
        guard let scheme = url.scheme?.lowercased() else {
            throw ExportError(.transport, "the URL has no scheme; SocketHTTPTransport sends http:// requests")
        }
        guard scheme == "http" else {
            if scheme == "https" {
                throw ExportError(.transport, "SocketHTTPTransport cannot send https:// (no TLS); use URLSessionTransport or DefaultHTTPTransport for https")
            }
            throw ExportError(.transport, "unsupported URL scheme \"\(scheme)\"; SocketHTTPTransport sends http:// requests")
        }
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: true),
              let rawHost = url.host, !rawHost.isEmpty else {
            throw ExportError(.transport, "the URL has no host")
        }
        var host = rawHost
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, host.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F && $0 != UInt8(ascii: "/") }) else {
            throw ExportError(.transport, "the URL's host is not valid")
        }
        let port = url.port ?? 80
        guard (1...65_535).contains(port) else { throw ExportError(.transport, "the URL's port \(port) is out of range") }

        var field = components.percentEncodedHost ?? host
        if field.contains(":"), !field.hasPrefix("[") { field = "[\(field)]" }
        if port != 80 { field += ":\(port)" }

        var target = components.percentEncodedPath
        if target.isEmpty { target = "/" }
        if !target.hasPrefix("/") { target = "/" + target }
        if let query = components.percentEncodedQuery { target += "?" + query }
        guard target.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw ExportError(.transport, "the URL's path or query contains characters that are not allowed in a request")
        }

        self.host = host
        self.port = port
        self.hostField = field
        self.requestTarget = target
    }
}
