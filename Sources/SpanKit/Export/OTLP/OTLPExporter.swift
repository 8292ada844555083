import Foundation
import Synchronization

/// Exports spans over OTLP/HTTP with a protobuf body — the format Phoenix and every
/// OpenTelemetry collector accept — gzip-compressed by default.
///
/// After the spans were accepted by Phoenix, signals follow as span, trace and session
/// annotations (see ``OTLPExporterConfiguration/sendsPhoenixAnnotations``). Undeliverable
/// batches are retried and spooled as the ``HTTPExportSettings`` say.
final class OTLPExporter: SpanExporter, DeliveringExporter {
    private let resolved: OTLPExporterConfiguration.Resolved
    private let encoder: OTLPTraceEncoder
    let delivery: Delivery
    private let encodings = Atomic<Int>(0)

    /// Creates an exporter; the configuration is resolved (environment read) once, here.
    public init(configuration: OTLPExporterConfiguration = OTLPExporterConfiguration()) {
        let resolved = configuration.resolve()
        self.resolved = resolved
        self.encoder = OTLPTraceEncoder(resource: resolved.resource, emitsGenAI: resolved.emitsGenAI)
        var settings = configuration.settings
        settings.headers = [:]  // already merged into resolved.headers, in precedence order
        settings.timeout = resolved.timeout
        settings.spool = resolved.spool
        let tracesURL = resolved.tracesURL, sink = resolved.signalSink
        self.delivery = settings.makeDelivery(format: "otlp", headers: resolved.headers) { request in
            // A spooled request replayed here goes to this destination's sink, or nowhere.
            var request = request
            switch (request.purpose, sink) {
            case (.spans, _): request.url = tracesURL
            case (.spanAnnotations, .phoenix(let base)), (.traceAnnotations, .phoenix(let base)), (.sessionAnnotations, .phoenix(let base)):
                request.url = PhoenixAnnotations.url(for: request.purpose, baseURL: base)
            case (.assessments, .mlflow(let base)):
                guard let url = MLflowAssessments.retargeted(request.url, to: base) else { return nil }
                request.url = url
            default: return nil
            }
            return request
        }
    }

    /// The traces URL in use, without credentials.
    var tracesURL: URL { resolved.tracesURL.withoutCredentials }

    /// Encodes and sends the batch, then its Phoenix annotations, within 30 seconds, with the
    /// settings' retries and spool. Throws when spans were not delivered — also when they were
    /// stored in the spool for a later attempt (the error says so).
    public func export(_ spans: [SpanRecord]) async throws {
        try await deliver(spans, deadline: delivery.clock.now + Self.directExportTimeout).check()
    }

    /// How many spans this exporter encoded; each span of a batch is encoded once, even when
    /// a `413` splits the batch.
    var encodedSpanCount: Int { encodings.load(ordering: .relaxed) }

    func encodeBatch(_ spans: [SpanRecord]) throws(ExportError) -> EncodedBatch {
        let frames: SpanFrames
        do {
            frames = try encoder.encodeFrames(spans)
        } catch {
            throw ExportError(.encoding, "OTLP encoding failed: \(error)")
        }
        encodings.add(spans.count, ordering: .relaxed)
        let encoder = self.encoder, compression = resolved.compression, url = resolved.tracesURL
        let followUps = spans.contains(where: { !$0.signals.isEmpty }) ? signalRequests(spans.flatMap(\.addressedSignals)) : []
        return EncodedBatch(spanCount: spans.count, frame: { range throws(ExportError) in
            let encoded: [UInt8]
            do {
                encoded = try encoder.request(frames, spans: range)
            } catch {
                throw ExportError(.encoding, "OTLP encoding failed: \(error)")
            }
            let body: [UInt8]
            var encoding: String?
            switch compression {
            case .none:
                body = encoded
            case .gzip:
                do {
                    // The fastest level: compression runs per batch on the export worker, and the
                    // default level costs several times more for a few percent of size.
                    body = try Gzip.compress(encoded, level: .fastest)
                    encoding = "gzip"
                } catch {
                    throw ExportError(.encoding, "gzip compression failed: \(error)")
                }
            }
            return UploadRequest(
                url: url, contentType: OTLPTraceEncoder.contentType, contentEncoding: encoding, body: Data(body),
                spanCount: range.count, purpose: .spans)
        }, followUps: followUps, names: spans.map(\.name), frameEnds: frames.boundaries,
        // The whole request's envelope: a part's length prefixes are no longer.
        envelopeBytes: frames.bytes.count - frames.boundaries[frames.count], isCompressed: compression == .gzip)
    }

    /// The requests that keep the signals where the destination keeps feedback
    /// (``OTLPExporterConfiguration/SignalSink``): Phoenix annotations, MLflow assessments, or
    /// none for a plain collector (which keeps span signals as span attributes). Signals MLflow
    /// has no place for (sent without a span to a session or a span id) are reported.
    func signalRequests(_ signals: [AddressedSignal]) -> [UploadRequest] {
        guard !signals.isEmpty else { return [] }
        switch resolved.signalSink {
        case .none:
            return []
        case .phoenix(let base):
            return PhoenixAnnotations.requests(for: signals, baseURL: base)
        case .mlflow(let base):
            var requests: [UploadRequest] = [], unsent: Set<String> = [], unsentCount = 0
            for signal in signals {
                if let request = MLflowAssessments.request(for: signal, baseURL: base) {
                    requests.append(request)
                } else {
                    unsent.insert("'\(signal.signal.name)'")
                    unsentCount += 1
                }
            }
            if unsentCount > 0 {
                delivery.sink.report(Diagnostic(
                    .exportFailed,
                    "\(Wording.count(unsentCount, "signal")) (\(unsent.sorted().joined(separator: ", "))) not sent to MLflow: it keeps "
                        + "feedback on traces and spans, so a signal sent without a span needs the trace's id "
                        + "(sendSignal with target .trace)",
                    level: .warning))
            }
            return requests
        }
    }

    /// Phoenix and MLflow take signals sent without a span (MLflow those of a trace).
    var carriesSignalsWithoutSpans: Bool { resolved.signalSink != .none }
}
