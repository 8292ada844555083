import Foundation

/// One request through the exporters' default transport, for the benchmark harness, which times
/// the HTTP round trip of a batch while the transports themselves stay internal.
@_spi(Benchmarks) public struct DefaultTransportRoundTrip: Sendable {
    private let transport = DefaultHTTPTransport()
    private let request: HTTPRequest

    /// Prepares a `POST` of `body` to `url` with `headers`.
    public init(url: URL, headers: [(name: String, value: String)], body: Data) {
        self.request = HTTPRequest(url: url, headers: headers, body: body)
    }

    /// Sends the request once; the response status, or nil when the request failed.
    public func run() async -> Int? {
        try? await transport.send(request).status
    }
}
