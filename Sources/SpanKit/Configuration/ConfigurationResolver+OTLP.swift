import Foundation
import OpenInference

extension ConfigurationResolver {
    /// Where the environment says traces go.
    enum Endpoint: Equatable {
        /// No endpoint variable is set.
        case unset
        /// The traces URL; `isPhoenix` when it came from `PHOENIX_COLLECTOR_ENDPOINT`.
        case url(URL, isPhoenix: Bool)
        /// The variable that decides is set to something that is not an http(s) URL (reported).
        case invalid(variable: String)
    }

    /// The traces URL from the first endpoint variable that is set (``endpointVariables``
    /// order). An invalid one is not skipped in favour of the next: that would send spans to a
    /// host the user did not choose.
    func endpoint() -> Endpoint {
        guard let variable = Self.endpointVariables.first(where: { reader.string($0) != nil }),
              let text = reader.string(variable) else { return .unset }
        guard let url = reader.url(variable, text) else { return .invalid(variable: variable) }
        switch variable {
        case "PHOENIX_COLLECTOR_ENDPOINT":
            return .url(url.appendingTracesPath(unlessPresent: true), isPhoenix: true)
        case "OTEL_EXPORTER_OTLP_ENDPOINT":
            guard url.path.hasSuffix("/v1/traces") || url.path.hasSuffix("/v1/traces/") else { return .url(url.appendingTracesPath(unlessPresent: false), isPhoenix: false) }
            reader.report(Diagnostic(
                .invalidConfiguration,
                "OTEL_EXPORTER_OTLP_ENDPOINT=\(reader.quoted(text, of: variable)) ends in /v1/traces, but it is the base URL "
                    + "to which /v1/traces is appended; using it as the traces URL. Set OTEL_EXPORTER_OTLP_TRACES_ENDPOINT "
                    + "for a full traces URL, or drop /v1/traces"))
            return .url(url, isPhoenix: false)
        default:
            return .url(url, isPhoenix: false)
        }
    }

    /// The OTLP exporter's configuration with the environment applied, nil (reported) when the
    /// endpoint variable is invalid.
    func otlp() -> OTLPExporterConfiguration? {
        var otlp = configuration.otlp
        if otlp.endpoint == nil {
            switch endpoint() {
            case .unset:
                break
            case .url(let url, let isPhoenix):
                otlp.endpoint = url
                if isPhoenix, otlp.sendsPhoenixAnnotations == nil { otlp.sendsPhoenixAnnotations = true }
            case .invalid(let variable):
                let fallback = configuration.automaticFile.map { " and \($0.lastPathComponent)" } ?? ""
                reader.report(Diagnostic(
                    .invalidConfiguration,
                    "OTLP export is off because \(variable) is invalid; spans go to the console\(fallback) instead",
                    level: .error))
                return nil
            }
        }
        otlp.environmentHeaders = ["OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "PHOENIX_CLIENT_HEADERS"]
            .flatMap(reader.headerList)
        otlp.apiKey = otlp.apiKey ?? reader.string("PHOENIX_API_KEY")
        otlp.projectName = otlp.projectName ?? reader.string("PHOENIX_PROJECT_NAME") ?? reader.string("PHOENIX_PROJECT")
        otlp.compression = otlp.compression ?? compression()
        otlp.emitsGenAI = otlp.emitsGenAI ?? reader.bool(GenAIAttributes.variable, otherwise: "false")
        otlp.timeout = otlp.timeout
            ?? (reader.positiveInt("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", otherwise: "10000")
                ?? reader.positiveInt("OTEL_EXPORTER_OTLP_TIMEOUT", otherwise: "10000")).map { .milliseconds($0) }
        otlp.resource = otlp.resource ?? Resource.detect(
            serviceName: configuration.serviceName, serviceVersion: configuration.serviceVersion,
            projectName: otlp.projectName, attributes: configuration.resourceAttributes, reader: reader)
        otlp.settings = httpSettings()
        return otlp
    }

    /// The HTTP delivery settings every built-in HTTP exporter shares, with the spool from the
    /// environment when code set none, and the request size cap.
    func httpSettings() -> HTTPExportSettings {
        var settings = configuration.otlp.settings
        if settings.spool == nil, let directory = reader.string("SPANKIT_SPOOL_DIRECTORY") {
            var spool = SpoolConfiguration(directory: URL(fileURLWithPath: directory, isDirectory: true))
            if let bytes = reader.positiveInt("SPANKIT_SPOOL_MAX_BYTES", otherwise: String(spool.maxBytes)) { spool.maxBytes = bytes }
            settings.spool = spool
        }
        if let bytes = reader.positiveInt(HTTPExportSettings.maxRequestBytesVariable, otherwise: String(HTTPExportSettings.defaultMaxRequestBytes)) {
            settings.maxRequestBytes = bytes
        }
        return settings
    }

    private func compression() -> OTLPCompression? {
        for variable in ["OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "OTEL_EXPORTER_OTLP_COMPRESSION"] {
            guard let text = reader.string(variable) else { continue }
            guard let compression = OTLPCompression(rawValue: text.lowercased()) else {
                reader.invalid(variable, text, expected: "gzip or none", otherwise: "gzip")
                return nil
            }
            return compression
        }
        return nil
    }
}

extension EnvironmentReader {
    /// `text`, the value of `name`, as an absolute http(s) URL; anything else is reported (saying
    /// when the scheme is missing) and nil.
    func url(_ name: String, _ text: String) -> URL? {
        if let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
           let host = url.host, !host.isEmpty {
            return url
        }
        if !text.contains("://") {
            report(Diagnostic(
                .invalidConfiguration,
                "\(name)=\(quoted(text, of: name)) is not a URL: it has no scheme; expected an absolute URL such as "
                    + "\(quoted("http://" + text, of: name)) or https://…",
                level: .error))
        } else {
            report(Diagnostic(
                .invalidConfiguration,
                "\(name)=\(quoted(text, of: name)) is not usable: expected an absolute http:// or https:// URL with a host",
                level: .error))
        }
        return nil
    }

    /// A W3C-baggage-style header list `name=value,name2=value2` (values percent-decoded); a
    /// malformed entry is reported (without its value: headers carry credentials) and skipped.
    func headerList(_ name: String) -> [(name: String, value: String)] {
        guard let text = string(name) else { return [] }
        var fields: [(name: String, value: String)] = []
        for (index, entry) in text.split(separator: ",").enumerated() {
            let parts = entry.split(separator: "=", maxSplits: 1)
            let key = parts.first.map { String($0.trimmingWhitespace()) } ?? ""
            guard parts.count == 2, !key.isEmpty, !key.contains(" "),
                  let value = String(parts[1].trimmingWhitespace()).removingPercentEncoding else {
                report(Diagnostic(
                    .invalidConfiguration,
                    "\(name): entry \(index + 1) ignored (value not shown): expected name=value entries separated by commas"))
                continue
            }
            fields.append((name: key, value: value))
        }
        return fields
    }
}
