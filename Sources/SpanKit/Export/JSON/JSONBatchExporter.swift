import Foundation

/// Sends spans in SpanKit's JSON format to a span collector: `POST {base}/spans` with a JSON
/// array of span objects (`Schemas/span.schema.json`), then — only once the spans were
/// accepted — `POST {base}/signals/bulk` with the batch's span, trace and session signals as
/// `{"signals": [{entity_type, entity_id, name, value, signal_type}]}`.
///
/// The API key goes in `Authorization: Bearer`. Every span value is representable in JSON
/// (NaN and infinities become `null`), so one span can never make its batch unencodable.
public final class JSONBatchExporter: SpanExporter {
    private let spansURL: URL
    private let signalsURL: URL
    private let delivery: HTTPDelivery

    /// Creates an exporter posting to `baseURL` (for example `https://api.example.com`).
    ///
    /// - Parameters:
    ///   - baseURL: the collector's base URL; `/spans` and `/signals/bulk` are appended.
    ///   - apiKey: sent as `Authorization: Bearer <key>`.
    ///   - settings: timeout, retries, spool, transport and diagnostics.
    public init(baseURL: URL, apiKey: String? = nil, settings: HTTPExportSettings = HTTPExportSettings()) {
        let base = baseURL.absoluteString.hasSuffix("/") ? String(baseURL.absoluteString.dropLast()) : baseURL.absoluteString
        self.spansURL = URL(string: base + "/spans") ?? baseURL
        self.signalsURL = URL(string: base + "/signals/bulk") ?? baseURL
        var authorization: [(name: String, value: String)] = []
        if let apiKey, !apiKey.isEmpty { authorization.append((name: "Authorization", value: "Bearer " + apiKey)) }
        let spansURL = self.spansURL, signalsURL = self.signalsURL
        self.delivery = settings.makeDelivery(format: "json", headers: authorization) { request in
            var request = request
            switch request.purpose {
            case .spans: request.url = spansURL
            case .signals: request.url = signalsURL
            case .spanAnnotations, .traceAnnotations, .sessionAnnotations: return nil
            }
            return request
        }
    }

    /// Posts the spans, then their signals.
    public func export(_ spans: [SpanRecord]) async -> ExportResult {
        guard !spans.isEmpty else { return .success }
        return await delivery.export(spans) { batch throws(ExportError) in requests(for: batch) }
    }

    /// Sends spooled batches.
    public func flush() async {
        await delivery.replaySpool(limit: 64)
    }

    /// Stores the batch in the spool for a later process.
    public func spool(_ spans: [SpanRecord]) async -> Bool {
        delivery.store(requests(for: spans))
    }

    /// Span deliveries retried so far.
    public var retriedSpanCount: Int { delivery.retriedSpanCount }

    /// Spans from spooled batches delivered so far.
    public var recoveredSpanCount: Int { delivery.recoveredSpanCount }

    func requests(for spans: [SpanRecord]) -> [UploadRequest] {
        var writer = JSONWriter(capacity: spans.count * 1024)
        writer.beginArray()
        for span in spans { span.writeJSON(into: &writer) }
        writer.endArray()
        var requests = [UploadRequest(
            url: spansURL, contentType: "application/json", contentEncoding: nil, body: Data(writer.bytes),
            spanCount: spans.count, purpose: .spans)]
        if spans.contains(where: { !$0.signals.isEmpty }) {
            var signals = JSONWriter()
            signals.beginObject()
            signals.key("signals")
            signals.beginArray()
            for span in spans {
                for signal in span.signals where span.signalEntityID(signal) != nil {
                    span.writeSignal(signal, into: &signals)
                }
            }
            signals.endArray()
            signals.endObject()
            requests.append(UploadRequest(
                url: signalsURL, contentType: "application/json", contentEncoding: nil, body: Data(signals.bytes),
                spanCount: 0, purpose: .signals))
        }
        return requests
    }
}
