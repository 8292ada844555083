import Foundation
import OpenInference

/// Builds the Phoenix REST requests that carry signals as annotations: span signals to
/// `/v1/span_annotations`, trace signals to `/v1/trace_annotations`, session signals to
/// `/v1/session_annotations`. Each annotation has annotator kind `CODE`; a numerical signal is a
/// score, a boolean one the label `true`/`false` with the score 1 or 0.
enum PhoenixAnnotations {
    static func requests(for signals: [AddressedSignal], baseURL: URL) -> [UploadRequest] {
        // One `{"data": [...]}` body per kind of entity, in a fixed order.
        var bodies: [UploadRequest.Purpose: JSONWriter] = [:]
        for signal in signals {
            let purpose: UploadRequest.Purpose
            switch signal.subject {
            case .span: purpose = .spanAnnotations
            case .trace: purpose = .traceAnnotations
            case .session: purpose = .sessionAnnotations
            }
            write(signal, into: &bodies[purpose, default: openBody()])
        }
        return [UploadRequest.Purpose.spanAnnotations, .traceAnnotations, .sessionAnnotations].compactMap { purpose in
            guard var body = bodies[purpose] else { return nil }
            body.endArray()
            body.endObject()
            return UploadRequest(
                url: url(for: purpose, baseURL: baseURL), contentType: "application/json",
                contentEncoding: nil, body: Data(body.bytes), spanCount: 0, purpose: purpose)
        }
    }

    private static func openBody() -> JSONWriter {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("data")
        writer.beginArray()
        return writer
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

    private static func write(_ addressed: AddressedSignal, into writer: inout JSONWriter) {
        let signal = addressed.signal, id = addressed.phoenixID
        writer.beginObject()
        writer.key(id.key); writer.write(id.value)
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
