import Foundation

/// Exports spans over OTLP/HTTP with a protobuf body — the format Phoenix and every
/// OpenTelemetry collector accept — gzip-compressed by default.
///
/// After the spans were accepted by Phoenix, signals follow as span, trace and session
/// annotations (see ``OTLPExporterConfiguration/sendsPhoenixAnnotations``). Undeliverable
/// batches are retried and spooled as the ``HTTPExportSettings`` say.
public final class OTLPExporter: SpanExporter {
    private let resolved: OTLPExporterConfiguration.Resolved
    private let encoder: OTLPTraceEncoder
    private let delivery: HTTPDelivery
    private let diagnosticHandler: DiagnosticHandler?

    /// Creates an exporter; the configuration is resolved (environment read) once, here.
    public init(configuration: OTLPExporterConfiguration = OTLPExporterConfiguration()) {
        let resolved = configuration.resolve()
        self.resolved = resolved
        self.encoder = OTLPTraceEncoder(resource: resolved.resource)
        self.diagnosticHandler = configuration.settings.onDiagnostic
        var settings = configuration.settings
        settings.headers = [:]  // already merged into resolved.headers, in precedence order
        settings.timeout = resolved.timeout
        settings.spool = resolved.spool
        let tracesURL = resolved.tracesURL, phoenixBaseURL = resolved.phoenixBaseURL
        self.delivery = settings.makeDelivery(format: "otlp", headers: resolved.headers) { request in
            var request = request
            switch request.purpose {
            case .spans: request.url = tracesURL
            case .spanAnnotations, .traceAnnotations, .sessionAnnotations:
                guard let phoenixBaseURL else { return nil }
                request.url = PhoenixAnnotations.url(for: request.purpose, baseURL: phoenixBaseURL)
            case .signals: return nil
            }
            return request
        }
    }

    /// The traces URL in use, without credentials.
    public var tracesURL: URL { resolved.tracesURL.withoutCredentials }

    /// Encodes and sends the batch, then its Phoenix annotations.
    public func export(_ spans: [SpanRecord]) async -> ExportResult {
        guard !spans.isEmpty else { return .success }
        return await delivery.export(spans) { batch throws(ExportError) in try requests(for: batch) }
    }

    /// Sends spooled batches.
    public func flush() async {
        await delivery.replaySpool(limit: 64)
    }

    /// Stores the batch in the spool for a later process.
    public func spool(_ spans: [SpanRecord]) async -> Bool {
        guard let requests = try? requests(for: spans) else { return false }
        return delivery.store(requests)
    }

    /// Span deliveries retried so far.
    public var retriedSpanCount: Int { delivery.retriedSpanCount }

    /// Spans from spooled batches delivered so far.
    public var recoveredSpanCount: Int { delivery.recoveredSpanCount }

    func requests(for spans: [SpanRecord]) throws(ExportError) -> [UploadRequest] {
        let encoded: [UInt8]
        do {
            encoded = try encoder.encode(spans)
        } catch {
            throw ExportError(.encoding, "OTLP encoding failed: \(error)")
        }
        let body: [UInt8]
        var encoding: String?
        switch resolved.compression {
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
        var requests = [UploadRequest(
            url: resolved.tracesURL, contentType: OTLPTraceEncoder.contentType, contentEncoding: encoding, body: Data(body),
            spanCount: spans.count, purpose: .spans)]
        if let base = resolved.phoenixBaseURL, spans.contains(where: { !$0.signals.isEmpty }) {
            requests += PhoenixAnnotations.requests(for: spans, baseURL: base)
        }
        return requests
    }
}
