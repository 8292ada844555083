import Foundation
import OpenInference

extension SpanRecord {
    /// The span's JSON object, as specified by `Schemas/span.schema.json`: snake_case keys,
    /// ISO 8601 UTC times with milliseconds, `null` for absent values.
    var jsonString: String {
        var writer = JSONWriter(capacity: 512)
        writeJSON(into: &writer)
        return writer.string
    }

    /// The span's JSON object as a ``JSONValue``; users reach it through ``Span/toJSON()``.
    func toJSON() -> JSONValue {
        // The writer is the single definition of the format; parsing its output cannot fail.
        (try? JSONValue(parsing: jsonString)) ?? .null
    }

    /// The session id as the JSON format sends it: a UUID (see the schema).
    var jsonSessionID: String? { sessionID.map { UUID.sessionUUID(for: $0).lowercasedString } }

    /// The session name as the JSON format sends it: the given name, else the original session
    /// id when that id was not already a UUID.
    var jsonSessionName: String? {
        if let sessionName { return sessionName }
        guard let sessionID, UUID(uuidString: sessionID) == nil else { return nil }
        return sessionID
    }

    func writeJSON(into writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("id"); writer.write(spanID.lowercasedString)
        writer.key("trace_id"); writer.write(traceID.lowercasedString)
        writer.key("parent_span_id"); writeOptional(parentID?.lowercasedString, &writer)
        writer.key("session_id"); writeOptional(jsonSessionID, &writer)
        writer.key("session_name"); writeOptional(jsonSessionName, &writer)
        writer.key("user_id"); writeOptional(userID, &writer)
        writer.key("name"); writer.write(name)
        writer.key("kind"); writer.write(kind.rawValue.lowercased())
        writer.key("started_at"); writer.write(Timestamp.iso8601(unixNanoseconds: startTimeUnixNanoseconds))
        writer.key("ended_at"); writeOptional(endTimeUnixNanoseconds.map { Timestamp.iso8601(unixNanoseconds: $0) }, &writer)
        writer.key("duration_ms")
        if let end = endTimeUnixNanoseconds {
            writer.write(Double(end &- startTimeUnixNanoseconds) / 1_000_000)
        } else {
            writer.writeNull()
        }
        writer.key("attributes"); Self.writeAttributes(attributes, into: &writer)
        writer.key("tags")
        writer.beginObject()
        for key in tags.keys.sorted() { writer.key(key); writer.write(tags[key]!) }
        writer.endObject()
        writer.key("status"); writer.write(status.name)
        writer.key("status_message")
        if case .error(let description) = status { writer.write(description) } else { writer.writeNull() }
        writer.key("input_data"); writeOptional(input, &writer)
        writer.key("output_data"); writeOptional(output, &writer)
        writer.key("error_code"); writeOptional(error?.code, &writer)
        writer.key("error_message"); writeOptional(error?.message, &writer)
        writer.key("error_stack"); writeOptional(error?.stack, &writer)
        writer.key("signals")
        writer.beginArray()
        for signal in addressedSignals { signal.writeJSON(into: &writer) }
        writer.endArray()
        writer.key("events")
        writer.beginArray()
        for event in events {
            writer.beginObject()
            writer.key("name"); writer.write(event.name)
            writer.key("timestamp"); writer.write(Timestamp.iso8601(unixNanoseconds: event.timeUnixNanoseconds))
            writer.key("attributes"); Self.writeAttributes(event.attributes, into: &writer)
            writer.endObject()
        }
        writer.endArray()
        writer.key("links")
        writer.beginArray()
        for link in links {
            writer.beginObject()
            writer.key("trace_id"); writer.write(link.context.traceID.lowercasedString)
            writer.key("span_id"); writer.write(link.context.spanID.lowercasedString)
            writer.key("attributes"); Self.writeAttributes(link.attributes, into: &writer)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
    }

    static func writeAttributes(_ attributes: Attributes, into writer: inout JSONWriter) {
        writer.beginObject()
        for attribute in attributes.list {
            writer.key(attribute.key)
            writer.write(attribute.value)
        }
        writer.endObject()
    }

    private func writeOptional(_ value: String?, _ writer: inout JSONWriter) {
        if let value { writer.write(value) } else { writer.writeNull() }
    }
}

extension Span {
    /// The span's JSON object, as specified by `Schemas/span.schema.json` (snake_case keys,
    /// ISO 8601 UTC times with milliseconds, `null` for absent values); `.null` for a
    /// non-recording span.
    public func toJSON() -> JSONValue { record?.toJSON() ?? .null }
}
