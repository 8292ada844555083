import Foundation

/// The final response to a request of ``SocketHTTPClient``.
package struct HTTPClientResponse: Sendable, Equatable {
    /// The status code.
    package var status: Int
    /// Header fields with lowercased names; repeated fields joined with ", " (RFC 9110 §5.3).
    package var headers: [String: String]
    /// The body, cut to the client's maximum response body size.
    package var body: Data

    /// Creates a response.
    package init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
