/// Why a request of ``SocketHTTPClient`` failed.
///
/// The message names the protocol or system problem and the host and port, never a header
/// value, the path or the query: requests carry credentials, and servers may echo them.
package struct HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The category of failure.
    package enum Kind: Sendable, Equatable {
        /// The request cannot be sent as given: a URL other than `http://` with a host, or a
        /// method or header field that would break the message framing.
        case invalidRequest
        /// The host name did not resolve.
        case resolution
        /// No connection could be established (refused, unreachable, no socket available).
        case connect
        /// An established connection failed or closed before the response was complete.
        case connectionLost
        /// The response breaks HTTP/1.1.
        case malformedResponse
        /// The system could not provide a thread for the request.
        case resources
        /// The request's timeout passed, or connecting took longer than the connect timeout.
        case timeout
        /// The calling task was cancelled.
        case cancelled
    }

    /// The category.
    package let kind: Kind
    /// What happened, free of secrets.
    package let message: String

    /// Creates an error.
    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    package var description: String { message }
}
