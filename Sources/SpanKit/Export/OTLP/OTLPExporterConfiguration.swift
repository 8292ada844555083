import Foundation
import OpenInference

/// How the OTLP/HTTP exporter reaches its collector. Values set here win over environment
/// variables, which win over the defaults.
///
/// The traces URL is the first of: ``endpoint``; `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (used as
/// is); `PHOENIX_COLLECTOR_ENDPOINT` with `/v1/traces` appended unless present; the base URL
/// `OTEL_EXPORTER_OTLP_ENDPOINT` with `/v1/traces` appended; `http://localhost:6006/v1/traces`
/// (a local Phoenix).
///
/// Headers, later sources winning per name: `OTEL_EXPORTER_OTLP_HEADERS`,
/// `OTEL_EXPORTER_OTLP_TRACES_HEADERS`, `PHOENIX_CLIENT_HEADERS` (each `name=value,…`,
/// percent-decoded), then `Authorization: Bearer` from ``apiKey`` or `PHOENIX_API_KEY`,
/// `x-project-name` from ``projectName``, `PHOENIX_PROJECT_NAME` or `PHOENIX_PROJECT`, then
/// ``HTTPExportSettings/headers``.
///
/// Without a spool in ``settings``, `SPANKIT_SPOOL_DIRECTORY` (and `SPANKIT_SPOOL_MAX_BYTES`)
/// configure one, so a deployment can keep undeliverable spans without a code change.
public struct OTLPExporterConfiguration: Sendable {
    /// The full traces URL.
    public var endpoint: URL?
    /// The Phoenix API key, sent as `Authorization: Bearer`.
    public var apiKey: String?
    /// The Phoenix project: the `x-project-name` header and the `openinference.project.name`
    /// resource attribute.
    public var projectName: String?
    /// Body compression (`OTEL_EXPORTER_OTLP_[TRACES_]COMPRESSION`); gzip by default.
    public var compression: OTLPCompression?
    /// The timeout of one request (`OTEL_EXPORTER_OTLP_[TRACES_]TIMEOUT` in ms); 10 s by default.
    public var timeout: Duration?
    /// Whether signals are also sent as Phoenix span, trace and session annotations after the
    /// spans were accepted; by default when the endpoint came from `PHOENIX_COLLECTOR_ENDPOINT`
    /// or ``apiKey``/`PHOENIX_API_KEY` is set, or the endpoint is the local Phoenix default.
    public var sendsPhoenixAnnotations: Bool?
    /// The resource; detected from the environment when nil.
    public var resource: Resource?
    /// Retries, spool, transport, extra headers and diagnostics.
    public var settings: HTTPExportSettings
    /// The environment to read.
    public var environment: [String: String]

    /// Creates a configuration.
    public init(
        endpoint: URL? = nil, apiKey: String? = nil, projectName: String? = nil, compression: OTLPCompression? = nil,
        timeout: Duration? = nil, sendsPhoenixAnnotations: Bool? = nil, resource: Resource? = nil,
        settings: HTTPExportSettings = HTTPExportSettings(), environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.endpoint = endpoint
        self.apiKey = apiKey
        self.projectName = projectName
        self.compression = compression
        self.timeout = timeout
        self.sendsPhoenixAnnotations = sendsPhoenixAnnotations
        self.resource = resource
        self.settings = settings
        self.environment = environment
    }

    /// Whether the environment names an OTLP or Phoenix collector (the zero-configuration
    /// bootstrap exports over OTLP only then).
    public static func environmentNamesCollector(_ environment: [String: String]) -> Bool {
        ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "PHOENIX_COLLECTOR_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT"]
            .contains { !(environment[$0]?.trimmingCharacters(in: .whitespaces).isEmpty ?? true) }
    }
}

/// OTLP body compression.
public enum OTLPCompression: String, Sendable {
    /// RFC 1952 gzip (`Content-Encoding: gzip`).
    case gzip
    /// No compression.
    case none
}

extension OTLPExporterConfiguration: CustomStringConvertible {
    /// The configuration with credentials hidden.
    public var description: String {
        "OTLPExporterConfiguration(endpoint: \(endpoint?.withoutCredentials.absoluteString ?? "from environment"), "
            + "apiKey: \(apiKey == nil ? "nil" : "[redacted]"), projectName: \(projectName ?? "nil"), settings: \(settings))"
    }
}

extension OTLPExporterConfiguration {
    struct Resolved {
        var tracesURL: URL
        var headers: [(name: String, value: String)]
        var compression: OTLPCompression
        var timeout: Duration
        /// The Phoenix base URL for annotations, when annotations are sent.
        var phoenixBaseURL: URL?
        var resource: Resource
        var spool: SpoolConfiguration?
    }

    func resolve() -> Resolved {
        let report: (Diagnostic) -> Void = { [settings] in settings.onDiagnostic?($0) }
        let reader = EnvironmentReader(environment: environment, report: report)
        var isPhoenix = false
        let tracesURL: URL
        if let endpoint {
            tracesURL = endpoint
        } else if let url = reader.url("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") {
            tracesURL = url
        } else if let url = reader.url("PHOENIX_COLLECTOR_ENDPOINT") {
            tracesURL = url.appendingTracesPath(unlessPresent: true)
            isPhoenix = true
        } else if let url = reader.url("OTEL_EXPORTER_OTLP_ENDPOINT") {
            tracesURL = url.appendingTracesPath(unlessPresent: false)
        } else {
            tracesURL = URL(string: "http://localhost:6006/v1/traces")!
            isPhoenix = true
        }

        var headers: [(name: String, value: String)] = []
        func merge(_ fields: [(name: String, value: String)]) {
            for field in fields {
                headers.removeAll { $0.name.caseInsensitiveCompare(field.name) == .orderedSame }
                headers.append(field)
            }
        }
        for variable in ["OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "PHOENIX_CLIENT_HEADERS"] {
            merge(reader.headerList(variable))
        }
        let key = apiKey ?? reader.string("PHOENIX_API_KEY")
        if let key { merge([(name: "Authorization", value: "Bearer " + key)]) }
        let project = projectName ?? reader.string("PHOENIX_PROJECT_NAME") ?? reader.string("PHOENIX_PROJECT")
        if let project { merge([(name: "x-project-name", value: project)]) }
        merge(settings.headers.keys.sorted().map { (name: $0, value: settings.headers[$0]!) })

        let compression: OTLPCompression
        if let chosen = self.compression {
            compression = chosen
        } else if let (variable, text) = ["OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "OTEL_EXPORTER_OTLP_COMPRESSION"]
            .lazy.compactMap({ name in reader.string(name).map { (name, $0) } }).first {
            switch text.lowercased() {
            case "gzip": compression = .gzip
            case "none": compression = .none
            default:
                reader.invalid(variable, text, expected: "gzip or none")
                compression = .gzip
            }
        } else {
            compression = .gzip
        }
        let timeout = self.timeout
            ?? (reader.positiveInt("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT") ?? reader.positiveInt("OTEL_EXPORTER_OTLP_TIMEOUT")).map { Duration.milliseconds($0) }
            ?? .seconds(10)

        let annotations = sendsPhoenixAnnotations ?? (isPhoenix || key != nil)
        var resource = self.resource ?? Resource.detect(environment: environment, onDiagnostic: settings.onDiagnostic)
        if let project, resource.attributes[ResourceAttributes.projectName] == nil {
            _ = resource.attributes.set(ResourceAttributes.projectName, .string(project), countLimit: .max)
        }
        var spool = settings.spool
        if spool == nil, let directory = reader.string("SPANKIT_SPOOL_DIRECTORY") {
            spool = SpoolConfiguration(directory: URL(fileURLWithPath: directory, isDirectory: true))
            if let bytes = reader.positiveInt("SPANKIT_SPOOL_MAX_BYTES") { spool?.maxBytes = bytes }
        }
        return Resolved(
            tracesURL: tracesURL, headers: headers, compression: compression, timeout: timeout,
            phoenixBaseURL: annotations ? tracesURL.removingTracesPath : nil, resource: resource, spool: spool)
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

extension EnvironmentReader {
    /// An absolute http(s) URL; anything else is reported and ignored.
    func url(_ name: String) -> URL? {
        guard let text = string(name) else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            invalid(name, text, expected: "an absolute http or https URL")
            return nil
        }
        return url
    }

    /// A W3C-baggage-style header list `name=value,name2=value2` (values percent-decoded); a
    /// malformed entry is reported (without its value) and skipped.
    func headerList(_ name: String) -> [(name: String, value: String)] {
        guard let text = string(name) else { return [] }
        var fields: [(name: String, value: String)] = []
        for entry in text.split(separator: ",") {
            let parts = entry.split(separator: "=", maxSplits: 1)
            let key = parts.first.map { String($0.trimmingWhitespace()) } ?? ""
            guard parts.count == 2, !key.isEmpty, !key.contains(" "),
                  let value = String(parts[1].trimmingWhitespace()).removingPercentEncoding else {
                report(Diagnostic(.invalidConfiguration, "\(name): an entry is malformed and was ignored (expected name=value)"))
                continue
            }
            fields.append((name: key, value: value))
        }
        return fields
    }
}
