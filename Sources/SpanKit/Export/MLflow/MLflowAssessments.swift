import Foundation

/// Builds the MLflow REST requests that carry signals as assessments — MLflow's feedback on a
/// trace or one of its spans — for an OTLP destination that is an MLflow tracking server (see
/// ``OTLPExporterConfiguration/SignalSink``).
///
/// One `POST {base}/api/3.0/mlflow/traces/tr-<32 hex>/assessments` per signal (MLflow has no bulk
/// form): `{"assessment": {"assessment_name", "trace_id", "span_id"?, "source": {"source_type":
/// "CODE", "source_id": "spankit"}, "feedback": {"value": number or Boolean}}}`. The trace id is
/// MLflow's form of the OpenTelemetry trace id, the span id the 16 hex digits MLflow stores.
/// MLflow has no session entity to hold feedback: a session signal a span carried becomes feedback
/// on that span's trace with the metadata `{"spankit.target": "session", "session_id": …}`; one
/// sent without a span, or a span signal sent without its span (no trace id), has no request,
/// and the exporter says so.
enum MLflowAssessments {
    /// The header MLflow's OTLP endpoint requires and that identifies an MLflow destination.
    static let experimentHeader = "x-mlflow-experiment-id"
    /// The path under the server's base URL, before the trace id.
    static let tracesPath = "api/3.0/mlflow/traces/"

    /// The request for `addressed`; nil when its trace is not known (see the type's description).
    static func request(for addressed: AddressedSignal, baseURL: URL) -> UploadRequest? {
        do {
            let traceID: UUID, spanID: UUID?, sessionID: String?
            switch addressed.subject {
            case .span(let id):
                // A span signal sent without its span carries no trace id; only a span's own
                // signals (``SpanRecord/addressedSignals``) know it.
                guard let trace = addressed.traceID else { return nil }
                (traceID, spanID, sessionID) = (trace, id, nil)
            case .trace(let id): (traceID, spanID, sessionID) = (id, nil, nil)
            case .session(let id):
                guard let trace = addressed.traceID else { return nil }
                (traceID, spanID, sessionID) = (trace, nil, id)
            }
            var writer = JSONWriter()
            writer.beginObject()
            writer.key("assessment")
            writer.beginObject()
            writer.key("assessment_name"); writer.write(addressed.signal.name)
            writer.key("trace_id"); writer.write(mlflowTraceID(traceID))
            if let spanID { writer.key("span_id"); writer.write(spanID.otelSpanIDHex) }
            writer.key("source")
            writer.beginObject()
            writer.key("source_type"); writer.write("CODE")
            writer.key("source_id"); writer.write("spankit")
            writer.endObject()
            writer.key("feedback")
            writer.beginObject()
            writer.key("value")
            switch addressed.signal.value {
            case .numerical(let value): writer.write(value)
            case .boolean(let value): writer.write(value)
            }
            writer.endObject()
            if let sessionID {
                writer.key("metadata")
                writer.beginObject()
                writer.key("spankit.target"); writer.write("session")
                writer.key("session_id"); writer.write(sessionID)
                writer.endObject()
            }
            writer.endObject()
            writer.endObject()
            return UploadRequest(
                url: url(forTrace: mlflowTraceID(traceID), baseURL: baseURL), contentType: "application/json",
                contentEncoding: nil, body: Data(writer.bytes), spanCount: 0, purpose: .assessments)
        }
    }

    /// `tr-` and the 32 hex digits of the OpenTelemetry trace id: the id MLflow gives a trace it
    /// received over OTLP.
    static func mlflowTraceID(_ traceID: UUID) -> String { "tr-" + traceID.otelTraceIDHex }

    static func url(forTrace traceID: String, baseURL: URL) -> URL {
        baseURL.appendingPathComponent(tracesPath + traceID + "/assessments")
    }

    /// `request`'s URL moved to `baseURL` (a spooled request replayed with another endpoint);
    /// nil when it is not an assessment URL.
    static func retargeted(_ url: URL, to baseURL: URL) -> URL? {
        let path = url.path
        guard let range = path.range(of: "/" + tracesPath) else { return nil }
        let rest = path[range.upperBound...]
        guard let traceID = rest.split(separator: "/").first else { return nil }
        return self.url(forTrace: String(traceID), baseURL: baseURL)
    }
}

