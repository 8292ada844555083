import Foundation
import OpenInference

/// How the OTLP/HTTP exporter reaches its collector.
///
/// Built by hand and passed to ``OTLPExporter/init(configuration:)``, it means exactly what it
/// says: values left nil take the defaults below and no environment variable is read. Through
/// ``SpanKitSystem/Configuration/otlp`` (``SpanKitSystem/bootstrap(_:)``), the
/// `OTEL_EXPORTER_OTLP_*` and `PHOENIX_*` variables fill what code left nil — see
/// <doc:ConfigurationReference>.
///
/// Defaults: the traces URL `http://localhost:6006/v1/traces` (a local Phoenix), gzip, a 10 s
/// request timeout, the resource `service.name=unknown_service:<process name>`.
///
/// Headers, later sources winning per name: the environment's header lists, then
/// `Authorization: Bearer` from ``apiKey``, `x-project-name` from ``projectName``, then
/// ``HTTPExportSettings/headers``.
struct OTLPExporterConfiguration: Sendable {
    /// The full traces URL.
    public var endpoint: URL?
    /// The Phoenix API key, sent as `Authorization: Bearer`.
    public var apiKey: String?
    /// The Phoenix project: the `x-project-name` header and the `openinference.project.name`
    /// resource attribute.
    public var projectName: String?
    /// Body compression; gzip by default.
    public var compression: OTLPCompression?
    /// The timeout of one request; ``HTTPExportSettings/timeout`` (10 s by default) when nil.
    public var timeout: Duration?
    /// Whether signals are also sent as Phoenix span, trace and session annotations after the
    /// spans were accepted; by default when an ``apiKey`` is set or the endpoint is the local
    /// Phoenix default (and, through the environment, when it came from `PHOENIX_COLLECTOR_ENDPOINT`).
    /// An `x-mlflow-experiment-id` header overrides it: the destination is then MLflow.
    public var sendsPhoenixAnnotations: Bool?
    /// The resource; `service.name=unknown_service:<process name>` when nil.
    public var resource: Resource?
    /// Retries, spool, transport, extra headers and diagnostics.
    public var settings: HTTPExportSettings
    /// Whether spans also carry the OpenTelemetry GenAI attributes (`OPENINFERENCE_ENABLE_GENAI_SEMCONV`);
    /// off by default.
    var emitsGenAI: Bool?
    /// Headers from the environment's header lists, in order; they precede every other header.
    /// Set only by the configuration resolver.
    var environmentHeaders: [(name: String, value: String)] = []

    /// Creates a configuration.
    public init(
        endpoint: URL? = nil, apiKey: String? = nil, projectName: String? = nil, compression: OTLPCompression? = nil,
        timeout: Duration? = nil, sendsPhoenixAnnotations: Bool? = nil, resource: Resource? = nil,
        settings: HTTPExportSettings = HTTPExportSettings()
    ) {
        self.endpoint = endpoint
        self.apiKey = apiKey
        self.projectName = projectName
        self.compression = compression
        self.timeout = timeout
        self.sendsPhoenixAnnotations = sendsPhoenixAnnotations
        self.resource = resource
        self.settings = settings
    }
}

/// OTLP body compression.
enum OTLPCompression: String, Sendable {
    /// RFC 1952 gzip (`Content-Encoding: gzip`).
    case gzip
    /// No compression.
    case none
}

extension OTLPExporterConfiguration: CustomStringConvertible {
    /// The configuration with credentials hidden.
    public var description: String {
        "OTLPExporterConfiguration(endpoint: \(endpoint?.withoutCredentials.absoluteString ?? "default"), "
            + "apiKey: \(apiKey == nil ? "nil" : "[redacted]"), projectName: \(projectName ?? "nil"), settings: \(settings))"
    }
}

extension OTLPExporterConfiguration {
    struct Resolved {
        var tracesURL: URL
        var headers: [(name: String, value: String)]
        var compression: OTLPCompression
        var timeout: Duration
        /// Where signals go besides the spans' own attributes.
        var signalSink: SignalSink
        var resource: Resource
        var spool: SpoolConfiguration?
        var emitsGenAI = false
    }

    /// The default traces URL: a local Phoenix.
    static let defaultTracesURL = URL(string: "http://localhost:6006/v1/traces")!

    /// The code values with the defaults filled in; reads no environment.
    func resolve() -> Resolved {
        let tracesURL = endpoint ?? Self.defaultTracesURL
        var headers: [(name: String, value: String)] = []
        func merge(_ fields: [(name: String, value: String)]) {
            for field in fields {
                headers.removeAll { $0.name.caseInsensitiveCompare(field.name) == .orderedSame }
                headers.append(field)
            }
        }
        merge(environmentHeaders)
        if let apiKey { merge([(name: "Authorization", value: "Bearer " + apiKey)]) }
        if let projectName { merge([(name: "x-project-name", value: projectName)]) }
        merge(settings.headers.keys.sorted().map { (name: $0, value: settings.headers[$0]!) })

        let sink = SignalSink(tracesURL: tracesURL, headers: headers, sendsPhoenixAnnotations: sendsPhoenixAnnotations ?? (endpoint == nil || apiKey != nil))
        var resource = self.resource ?? Resource.detect(projectName: projectName, reader: nil)
        if let projectName, resource.attributes[ResourceAttributes.projectName] == nil {
            _ = resource.attributes.set(ResourceAttributes.projectName, .string(projectName), countLimit: .max)
        }
        return Resolved(
            tracesURL: tracesURL, headers: headers, compression: compression ?? .gzip, timeout: timeout ?? settings.timeout,
            signalSink: sink, resource: resource, spool: settings.spool,
            emitsGenAI: emitsGenAI ?? false)
    }
}

extension URL {
    /// This base URL with `v1/traces` appended (unless it already ends with it, when asked).
    func appendingTracesPath(unlessPresent: Bool) -> URL {
        let text = absoluteString
        if unlessPresent, text.hasSuffix("/v1/traces") || text.hasSuffix("/v1/traces/") { return self }
        let base = text.hasSuffix("/") ? String(text.dropLast()) : text
        return URL(string: base + "/v1/traces") ?? self
    }

    /// The base URL of a traces URL: without a trailing `/v1/traces`.
    var removingTracesPath: URL {
        var text = absoluteString
        if text.hasSuffix("/") { text.removeLast() }
        if text.hasSuffix("/v1/traces") { text.removeLast("/v1/traces".count) }
        return URL(string: text) ?? self
    }
}
