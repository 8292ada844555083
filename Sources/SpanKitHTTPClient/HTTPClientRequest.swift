import Foundation

/// One request for ``SocketHTTPClient``.
package struct HTTPClientRequest: Sendable {
    /// The absolute `http://` URL.
    package var url: URL
    /// The method.
    package var method: String
    /// Header fields, in order. May hold credentials: never put them in a message.
    package var headers: [(name: String, value: String)]
    /// The body.
    package var body: Data
    /// How long the whole exchange may take, name resolution included.
    package var timeout: Duration

    /// Creates a request.
    package init(url: URL, method: String = "POST", headers: [(name: String, value: String)] = [], body: Data = Data(), timeout: Duration = .seconds(10)) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}
