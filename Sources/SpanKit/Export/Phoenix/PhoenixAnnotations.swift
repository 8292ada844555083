import Foundation
import OpenInference

/// Builds the Phoenix REST requests that carry signals as annotations: span signals to
/// `/v1/span_annotations`, trace signals to `/v1/trace_annotations`, session signals to
/// `/v1/session_annotations`. Each annotation has annotator kind `CODE`; a numerical signal is a
/// score, a boolean one the label `true`/`false` with the score 1 or 0.
enum PhoenixAnnotations {
    static func requests(for spans: [SpanRecord], baseURL: URL) -> [UploadRequest] {
        var spanItems = JSONWriter(), traceItems = JSONWriter(), sessionItems = JSONWriter()
        var counts: [UploadRequest.Purpose: Int] = [:]
        spanItems.beginArray()
        traceItems.beginArray()
        sessionItems.beginArray()
        for span in spans {
            for signal in span.signals {
                switch signal.target {
                case .span:
                    write(signal, idKey: "span_id", id: span.spanID.otelSpanIDHex, into: &spanItems)
                    counts[.spanAnnotations, default: 0] += 1
                case .trace:
                    write(signal, idKey: "trace_id", id: span.traceID.otelTraceIDHex, into: &traceItems)
                    counts[.traceAnnotations, default: 0] += 1
                case .session:
                    guard let session = span.sessionID else { continue }
                    write(signal, idKey: "session_id", id: session, into: &sessionItems)
                    counts[.sessionAnnotations, default: 0] += 1
                }
            }
        }
        spanItems.endArray()
        traceItems.endArray()
        sessionItems.endArray()
        var requests: [UploadRequest] = []
        for (purpose, items) in [
            (UploadRequest.Purpose.spanAnnotations, spanItems), (.traceAnnotations, traceItems), (.sessionAnnotations, sessionItems),
        ] where counts[purpose, default: 0] > 0 {
            var body = Data("{\"data\":".utf8)
            body.append(contentsOf: items.bytes)
            body.append(UInt8(ascii: "}"))
            requests.append(UploadRequest(
                url: url(for: purpose, baseURL: baseURL), contentType: "application/json",
                contentEncoding: nil, body: body, spanCount: 0, purpose: purpose))
        }
        return requests
    }

    /// The endpoint for an annotation purpose, asynchronous insertion (`sync=false`): the
    /// spans were only just accepted and Phoenix inserts them in the background.
    static func url(for purpose: UploadRequest.Purpose, baseURL: URL) -> URL {
        let path: String
        switch purpose {
        case .traceAnnotations: path = "v1/trace_annotations"
        case .sessionAnnotations: path = "v1/session_annotations"
        default: path = "v1/span_annotations"
        }
        let url = baseURL.appendingPathComponent(path)
        return URL(string: url.absoluteString + "?sync=false") ?? url
    }

    private static func write(_ signal: Signal, idKey: String, id: String, into writer: inout JSONWriter) {
        writer.beginObject()
        writer.key(idKey); writer.write(id)
        writer.key("name"); writer.write(signal.name)
        writer.key("annotator_kind"); writer.write(AnnotatorKind.code.rawValue)
        writer.key("result")
        writer.beginObject()
        switch signal.value {
        case .numerical(let value):
            writer.key("score"); writer.write(value)
        case .boolean(let value):
            writer.key("label"); writer.write(value ? "true" : "false")
            writer.key("score"); writer.write(value ? 1 : 0)
        }
        writer.endObject()
        writer.key("metadata"); writer.beginObject(); writer.endObject()
        writer.endObject()
    }
}
