import Foundation

/// One HTTP request an exporter sends.
public struct HTTPRequest: Sendable {
    /// The absolute URL.
    public var url: URL
    /// The method, `POST` for every exporter.
    public var method: String
    /// Header fields, in order. May contain credentials: never log or report them.
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: Data
    /// How long to wait for the response.
    public var timeout: Duration

    /// Creates a request.
    public init(url: URL, method: String = "POST", headers: [(name: String, value: String)] = [], body: Data = Data(), timeout: Duration = .seconds(10)) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// The value of the first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// An HTTP response.
public struct HTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// Header fields with lowercased names.
    public var headers: [String: String]
    /// The body.
    public var body: Data

    /// Creates a response; header names are lowercased.
    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
}

/// Sends HTTP requests; replaceable in tests and for custom networking stacks.
///
/// Implementations throw ``ExportError`` with kind `.transport`, `.timeout` or `.cancelled`,
/// with messages that never contain header values, and honour task cancellation promptly.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response, whatever its status.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
