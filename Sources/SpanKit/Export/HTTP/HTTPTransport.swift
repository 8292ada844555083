import Foundation

/// One HTTP request an exporter sends.
struct HTTPRequest: Sendable {
    /// The absolute URL.
    var url: URL
    /// The method, `POST` for every exporter.
    var method: String
    /// Header fields, in order. May contain credentials: never log or report them.
    var headers: [(name: String, value: String)]
    /// The body.
    var body: Data
    /// How long to wait for the response.
    var timeout: Duration

    /// Creates a request.
    init(url: URL, method: String = "POST", headers: [(name: String, value: String)] = [], body: Data = Data(), timeout: Duration = .seconds(10)) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// The value of the first header named `name` (case-insensitive).
    func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// An HTTP response.
struct HTTPResponse: Sendable {
    /// The status code.
    var status: Int
    /// Header fields with lowercased names.
    var headers: [String: String]
    /// The body.
    var body: Data

    /// Creates a response; header names are lowercased.
    init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
    }

    /// Whether the status is 2xx.
    var isSuccess: Bool { (200..<300).contains(status) }
}

/// Sends HTTP requests; replaced in tests by a scripted transport.
///
/// Implementations throw ``ExportError`` with kind `.transport`, `.unreachable`, `.timeout` or `.cancelled`,
/// with messages that never contain header values, and honour task cancellation promptly.
protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response, whatever its status.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse

    /// Whether ``send(_:)`` itself ends `request` at its timeout, with millisecond precision,
    /// and throws at once when the task is cancelled: then a caller with a deadline need not
    /// race it against a timer of its own.
    func enforcesTimeout(of request: HTTPRequest) -> Bool

    /// Closes the connections kept open for later requests, when the exporter shuts down, so a
    /// shut-down tracer the app keeps holds no sockets. The transport stays usable: a later
    /// request opens a new connection.
    func closeIdleConnections()
}

extension HTTPTransport {
    /// False: a transport is raced against the caller's deadline unless it says otherwise.
    func enforcesTimeout(of request: HTTPRequest) -> Bool { false }

    /// Does nothing: the transport keeps no connections of its own.
    func closeIdleConnections() {}
}
