import Foundation

extension Span {
    /// Sets the status. `.unset` is ignored, and once the status is `.ok` it no longer changes,
    /// as OpenTelemetry specifies.
    public func setStatus(_ status: Span.Status) {
        write { state in
            switch (state.status, status) {
            case (.ok, _), (_, .unset): break
            default: state.status = status
            }
            return nil
        }
    }

    /// Marks the span failed: status error, error details for the JSON format, and an
    /// `exception` event with `exception.type`, `exception.message` and `exception.stacktrace`.
    public func setError(code: String, message: String, stack: String? = nil) {
        recordException(type: code, message: message, stack: stack, escaped: nil)
    }

    /// Records a Swift error as ``setError(code:message:stack:)`` does, using the error's type
    /// name as the code, its description as the message and the current call stack.
    ///
    /// - Parameter escaped: whether the error is leaving the span's scope (``Tracer``'s
    ///   `withSpan` passes true when it rethrows).
    public func recordError(_ error: any Error, escaped: Bool = false) {
        guard storage != nil else { return }
        let stack = Thread.callStackSymbols.joined(separator: "\n")
        recordException(type: String(reflecting: type(of: error)), message: String(describing: error), stack: stack, escaped: escaped)
    }

    private func recordException(type: String, message: String, stack: String?, escaped: Bool?) {
        write { state in
            var attributes: [String: AttributeValue] = [
                "exception.type": .string(type),
                "exception.message": .string(message),
            ]
            if let stack { attributes["exception.stacktrace"] = .string(stack) }
            if let escaped { attributes["exception.escaped"] = .bool(escaped) }
            state.details.error = SpanError(code: type, message: message, stack: stack)
            if state.status != .ok { state.status = .error(description: message) }
            return state.appendEvent(name: "exception", attributes: attributes, time: nil)
        }
    }
}
