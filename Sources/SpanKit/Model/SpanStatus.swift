extension Span {
    /// The outcome of a span's operation, as in OpenTelemetry.
    public enum Status: Sendable, Hashable {
        /// Not set: the default.
        case unset
        /// The operation succeeded. Final: later status changes are ignored.
        case ok
        /// The operation failed, with a description of why.
        case error(description: String)

        /// Whether the operation failed (the reference SDK's `status === "error"`).
        public var isError: Bool {
            if case .error = self { return true }
            return false
        }

        /// The status name used by the JSON format: `unset`, `ok` or `error`.
        var name: String {
            switch self {
            case .unset: return "unset"
            case .ok: return "ok"
            case .error: return "error"
            }
        }
    }
}

/// The OpenTelemetry span kind: how the span relates to other processes. Separate from the
/// OpenInference `SpanKind`, which says what kind of LLM-application step it is.
public enum OTelSpanKind: Int, Sendable, Hashable, CaseIterable {
    /// An operation inside the application (the default).
    case `internal` = 1
    /// The handling of a synchronous request from a remote client.
    case server = 2
    /// A synchronous request to a remote service, such as a model API call.
    case client = 3
    /// The sending of a message handled later by a consumer.
    case producer = 4
    /// The handling of a message from a producer.
    case consumer = 5
}
