@testable import SpanKit

/// A span as Phoenix's REST API returns it (`GET /v1/projects/{project}/spans`), with typed
/// accessors for assertions.
struct StoredSpan: CustomStringConvertible {
    let json: JSONValue

    /// The span's GlobalID, which GraphQL's `node(id:)` takes.
    var globalID: String { json["id"]?.asString ?? "" }
    var name: String { json["name"]?.asString ?? "" }
    /// The OpenInference kind as stored, e.g. `LLM`.
    var kind: String { json["span_kind"]?.asString ?? "" }
    /// 16 hex digits.
    var spanID: String { json["context"]?["span_id"]?.asString ?? "" }
    /// 32 hex digits.
    var traceID: String { json["context"]?["trace_id"]?.asString ?? "" }
    /// The parent's span id; nil for a root.
    var parentID: String? { json["parent_id"]?.asString }
    /// `OK`, `ERROR` or `UNSET`.
    var statusCode: String { json["status_code"]?.asString ?? "" }
    /// ISO 8601 with microseconds, in UTC, so text order is time order.
    var startTime: String { json["start_time"]?.asString ?? "" }
    var endTime: String { json["end_time"]?.asString ?? "" }
    /// The attributes, flattened to dotted keys.
    var attributes: JSONValue { json["attributes"] ?? [:] }
    var events: [JSONValue] { json["events"]?.asArray ?? [] }
    var eventNames: [String] { events.compactMap { $0["name"]?.asString } }

    /// The attribute `key`.
    subscript(key: String) -> JSONValue? { attributes[key] }

    var description: String { "\(kind) \(name) \(spanID) (parent \(parentID ?? "none"), trace \(traceID))" }
}

extension [StoredSpan] {
    /// The root spans, in start order.
    var roots: [StoredSpan] { filter { $0.parentID == nil }.sorted { $0.startTime < $1.startTime } }

    /// The spans of `root`'s trace.
    func trace(of root: StoredSpan) -> [StoredSpan] { filter { $0.traceID == root.traceID } }

    /// The direct children of `parent`, in start order.
    func children(of parent: StoredSpan) -> [StoredSpan] {
        filter { $0.parentID == parent.spanID && $0.traceID == parent.traceID }.sorted { $0.startTime < $1.startTime }
    }

    /// The spans named `name`, in start order.
    func named(_ name: String) -> [StoredSpan] { filter { $0.name == name }.sorted { $0.startTime < $1.startTime } }
}

extension JSONValue {
    var asString: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var asInt: Int? {
        if case .int(let value) = self { return value }
        return nil
    }

    /// A number, integer or not.
    var asDouble: Double? {
        switch self {
        case .double(let value): value
        case .int(let value): Double(value)
        default: nil
        }
    }

    var asArray: [JSONValue]? {
        if case .array(let values) = self { return values }
        return nil
    }
}
