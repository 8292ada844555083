import Foundation
import Synchronization

/// Sends spans in SpanKit's JSON format to a span collector: `POST {base}/spans` with a JSON
/// array of span objects (`Schemas/span.schema.json`), then — only once the spans were
/// accepted — `POST {base}/signals/bulk` with the batch's span, trace and session signals as
/// `{"signals": [{entity_type, entity_id, name, value, signal_type}]}`.
///
/// The API key goes in `Authorization: Bearer`. Every span value is representable in JSON
/// (NaN and infinities become `null`), so one span can never make its batch unencodable.
final class JSONBatchExporter: SpanExporter, DeliveringExporter {
    private let spansURL: URL
    private let signalsURL: URL
    let delivery: Delivery
    private let encodings = Atomic<Int>(0)

    /// Creates an exporter posting to `baseURL` (for example `https://api.example.com`).
    ///
    /// - Parameters:
    ///   - baseURL: the collector's base URL; `/spans` and `/signals/bulk` are appended.
    ///   - apiKey: sent as `Authorization: Bearer <key>`.
    ///   - settings: timeout, retries, spool, transport and diagnostics.
    init(baseURL: URL, apiKey: String? = nil, settings: HTTPExportSettings = HTTPExportSettings()) {
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
            case .spanAnnotations, .traceAnnotations, .sessionAnnotations, .assessments: return nil
            }
            return request
        }
    }

    /// Posts the spans, then their signals, within 30 seconds, with the settings' retries and
    /// spool. Throws when spans were not delivered — also when they were stored in the spool
    /// for a later attempt (the error says so).
    func export(_ spans: [SpanRecord]) async throws {
        try await deliver(spans, deadline: delivery.clock.now + Self.directExportTimeout).check()
    }

    /// How many spans this exporter encoded; each span of a batch is encoded once, even when
    /// a `413` splits the batch.
    var encodedSpanCount: Int { encodings.load(ordering: .relaxed) }

    func encodeBatch(_ spans: [SpanRecord]) -> EncodedBatch {
        // Each span object once, back to back; a request is `[` + a run of them joined by `,` + `]`.
        var writer = JSONWriter(capacity: spans.count * 1024)
        var boundaries = [0]
        boundaries.reserveCapacity(spans.count + 1)
        for span in spans {
            span.writeJSON(into: &writer)
            boundaries.append(writer.bytes.count)
        }
        encodings.add(spans.count, ordering: .relaxed)
        let frames = SpanFrames(bytes: writer.bytes, boundaries: boundaries)
        let followUps = spans.contains(where: { !$0.signals.isEmpty }) ? signalRequests(spans.flatMap(\.addressedSignals)) : []
        let url = spansURL
        return EncodedBatch(spanCount: spans.count, frame: { range in
            var body = Data(capacity: frames.boundaries[range.upperBound] - frames.boundaries[range.lowerBound] + range.count + 1)
            body.append(UInt8(ascii: "["))
            for index in range {
                if index > range.lowerBound { body.append(UInt8(ascii: ",")) }
                body.append(contentsOf: frames.bytes[frames.spanRange(index..<(index + 1))])
            }
            body.append(UInt8(ascii: "]"))
            return UploadRequest(url: url, contentType: "application/json", contentEncoding: nil, body: body, spanCount: range.count, purpose: .spans)
        }, followUps: followUps, names: spans.map(\.name),
        // `[` + frames joined by `,` + `]`: each frame with one separator, and one byte more.
        frameEnds: boundaries.enumerated().map { $0.element + $0.offset }, envelopeBytes: 1, isCompressed: false)
    }

    /// The `/signals/bulk` request for the signals.
    func signalRequests(_ signals: [AddressedSignal]) -> [UploadRequest] {
        guard !signals.isEmpty else { return [] }
        return [UploadRequest(
            url: signalsURL, contentType: "application/json", contentEncoding: nil, body: AddressedSignal.bulkBody(signals),
            spanCount: 0, purpose: .signals)]
    }

    var carriesSignalsWithoutSpans: Bool { true }
}
