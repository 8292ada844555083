/// Decides what the local HTTP server does with each request. Called on the server's connection
/// threads, possibly concurrently for requests on different connections; must not block for long
/// (use ``ServerAction/delayed(_:then:)`` for slow answers) and must not call
/// ``LocalHTTPServer/stop()``.
public protocol RequestHandler: Sendable {
    /// Called once the request head has arrived, before the body is read (`request.body` is
    /// empty). A non-nil action is final for this request: ``ServerAction/resetBeforeBody`` is
    /// then performed without reading the body; any other action after the body is read, and
    /// ``action(for:)`` is not called. The default returns nil.
    func actionBeforeBody(for request: RecordedRequest) -> ServerAction?

    /// Called with the complete request when ``actionBeforeBody(for:)`` returned nil.
    func action(for request: RecordedRequest) -> ServerAction
}

extension RequestHandler {
    public func actionBeforeBody(for request: RecordedRequest) -> ServerAction? { nil }
}

/// A handler made of closures.
public struct ClosureHandler: RequestHandler {
    private let beforeBody: @Sendable (RecordedRequest) -> ServerAction?
    private let handler: @Sendable (RecordedRequest) -> ServerAction

    /// `beforeBody` may decide from the head alone (see ``RequestHandler/actionBeforeBody(for:)``);
    /// `handler` decides from the complete request otherwise.
    public init(
        beforeBody: @escaping @Sendable (RecordedRequest) -> ServerAction? = { _ in nil },
        handler: @escaping @Sendable (RecordedRequest) -> ServerAction
    ) {
        self.beforeBody = beforeBody
        self.handler = handler
    }

    public func actionBeforeBody(for request: RecordedRequest) -> ServerAction? { beforeBody(request) }
    public func action(for request: RecordedRequest) -> ServerAction { handler(request) }
}
