import Foundation
@testable import SpanKit
import TestSupport

/// An `ExportTraceServiceRequest` as the official Python protobuf classes decode it, in a form
/// both sides can state exactly: ids and bytes as lowercase hex, 64-bit numbers as decimal
/// strings, doubles as the hex of their IEEE bit pattern (so NaN and -0 compare exactly).
struct DecodedRequest: Decodable, Equatable {
    var resourceSpans: [DecodedResourceSpans]
    /// Whether re-serialising the decoded message gave back exactly the bytes we sent.
    var reserializesIdentically: Bool

    enum CodingKeys: String, CodingKey {
        case resourceSpans = "resource_spans"
        case reserializesIdentically = "reserializes_identically"
    }

    /// Decodes `bytes` with `opentelemetry.proto.collector.trace.v1.trace_service_pb2`.
    static func decode(_ bytes: [UInt8]) async throws -> DecodedRequest {
        let output = try await PythonPeer.run(script, input: Data(bytes))
        return try JSONDecoder().decode(DecodedRequest.self, from: output)
    }

    /// Every span of the request, in order.
    var spans: [DecodedSpan] { resourceSpans.flatMap { $0.scopeSpans.flatMap(\.spans) } }

    /// The spans of the OTLP requests a local server received, in order, each request decoded
    /// as ``decode(_:)`` does.
    static func spans(of requests: [RecordedRequest]) async throws -> [DecodedSpan] {
        var spans: [DecodedSpan] = []
        for request in requests {
            spans += try await decode(Array(request.decodedBody ?? request.body)).spans
        }
        return spans
    }

    private static let script = """
    import json, struct, sys
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

    data = sys.stdin.buffer.read()
    request = ExportTraceServiceRequest()
    request.ParseFromString(data)

    def value(v):
        which = v.WhichOneof("value")
        if which == "string_value": return {"string": v.string_value}
        if which == "bool_value": return {"bool": v.bool_value}
        if which == "int_value": return {"int": str(v.int_value)}
        if which == "double_value": return {"double": struct.pack(">d", v.double_value).hex()}
        if which == "array_value": return {"array": [value(x) for x in v.array_value.values]}
        raise ValueError("unexpected AnyValue member %r" % which)

    def attributes(kvs):
        return [{"key": kv.key, "value": value(kv.value), "has_value": kv.HasField("value")} for kv in kvs]

    def span(s):
        return {
            "trace_id": s.trace_id.hex(), "span_id": s.span_id.hex(), "trace_state": s.trace_state,
            "parent_span_id": s.parent_span_id.hex(), "flags": s.flags, "name": s.name, "kind": s.kind,
            "start_time_unix_nano": str(s.start_time_unix_nano), "end_time_unix_nano": str(s.end_time_unix_nano),
            "attributes": attributes(s.attributes), "dropped_attributes_count": s.dropped_attributes_count,
            "events": [{
                "time_unix_nano": str(e.time_unix_nano), "name": e.name, "attributes": attributes(e.attributes),
                "dropped_attributes_count": e.dropped_attributes_count,
            } for e in s.events],
            "dropped_events_count": s.dropped_events_count,
            "links": [{
                "trace_id": l.trace_id.hex(), "span_id": l.span_id.hex(), "trace_state": l.trace_state,
                "attributes": attributes(l.attributes), "dropped_attributes_count": l.dropped_attributes_count,
                "flags": l.flags,
            } for l in s.links],
            "dropped_links_count": s.dropped_links_count,
            "status": {"code": s.status.code, "message": s.status.message, "present": s.HasField("status")},
        }

    out = {
        "reserializes_identically": request.SerializeToString() == data,
        "resource_spans": [{
            "has_resource": rs.HasField("resource"),
            "resource_attributes": attributes(rs.resource.attributes),
            "scope_spans": [{
                "has_scope": ss.HasField("scope"), "scope_name": ss.scope.name, "scope_version": ss.scope.version,
                "spans": [span(s) for s in ss.spans],
            } for ss in rs.scope_spans],
        } for rs in request.resource_spans],
    }
    sys.stdout.write(json.dumps(out))
    """
}

struct DecodedResourceSpans: Decodable, Equatable {
    var hasResource: Bool
    var resourceAttributes: [DecodedAttribute]
    var scopeSpans: [DecodedScopeSpans]

    enum CodingKeys: String, CodingKey {
        case hasResource = "has_resource"
        case resourceAttributes = "resource_attributes"
        case scopeSpans = "scope_spans"
    }
}

struct DecodedScopeSpans: Decodable, Equatable {
    var hasScope: Bool
    var scopeName: String
    var scopeVersion: String
    var spans: [DecodedSpan]

    enum CodingKeys: String, CodingKey {
        case hasScope = "has_scope"
        case scopeName = "scope_name"
        case scopeVersion = "scope_version"
        case spans
    }
}

struct DecodedSpan: Decodable, Equatable {
    var traceID: String
    var spanID: String
    var traceState: String
    var parentSpanID: String
    var flags: UInt32
    var name: String
    var kind: Int
    var startTimeUnixNano: String
    var endTimeUnixNano: String
    var attributes: [DecodedAttribute]
    var droppedAttributesCount: UInt32
    var events: [DecodedEvent]
    var droppedEventsCount: UInt32
    var links: [DecodedLink]
    var droppedLinksCount: UInt32
    var status: DecodedStatus

    enum CodingKeys: String, CodingKey {
        case traceID = "trace_id", spanID = "span_id", traceState = "trace_state", parentSpanID = "parent_span_id"
        case flags, name, kind
        case startTimeUnixNano = "start_time_unix_nano", endTimeUnixNano = "end_time_unix_nano"
        case attributes, droppedAttributesCount = "dropped_attributes_count"
        case events, droppedEventsCount = "dropped_events_count"
        case links, droppedLinksCount = "dropped_links_count"
        case status
    }
}

struct DecodedEvent: Decodable, Equatable {
    var timeUnixNano: String
    var name: String
    var attributes: [DecodedAttribute]
    var droppedAttributesCount: UInt32

    enum CodingKeys: String, CodingKey {
        case timeUnixNano = "time_unix_nano", name, attributes, droppedAttributesCount = "dropped_attributes_count"
    }
}

struct DecodedLink: Decodable, Equatable {
    var traceID: String
    var spanID: String
    var traceState: String
    var attributes: [DecodedAttribute]
    var droppedAttributesCount: UInt32
    var flags: UInt32

    enum CodingKeys: String, CodingKey {
        case traceID = "trace_id", spanID = "span_id", traceState = "trace_state", attributes
        case droppedAttributesCount = "dropped_attributes_count", flags
    }
}

struct DecodedStatus: Decodable, Equatable {
    var code: Int
    var message: String
    var present: Bool
}

struct DecodedAttribute: Decodable, Equatable {
    var key: String
    var value: DecodedValue
    var hasValue: Bool

    enum CodingKeys: String, CodingKey {
        case key, value, hasValue = "has_value"
    }
}

/// One `AnyValue`, tagged with the oneof member that was set.
indirect enum DecodedValue: Decodable, Equatable {
    case string(String)
    case bool(Bool)
    case int(String)
    case double(String)
    case array([DecodedValue])

    private enum CodingKeys: String, CodingKey {
        case string, bool, int, double, array
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let value = try container.decodeIfPresent(String.self, forKey: .string) {
            self = .string(value)
        } else if let value = try container.decodeIfPresent(Bool.self, forKey: .bool) {
            self = .bool(value)
        } else if let value = try container.decodeIfPresent(String.self, forKey: .int) {
            self = .int(value)
        } else if let value = try container.decodeIfPresent(String.self, forKey: .double) {
            self = .double(value)
        } else {
            self = .array(try container.decode([DecodedValue].self, forKey: .array))
        }
    }
}
