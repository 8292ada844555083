extension SpanKitSystem.Configuration: CustomStringConvertible {
    /// The configuration with API keys and header values hidden, safe to log.
    public var description: String {
        "SpanKitSystem.Configuration(destination: \(destination.redactedDescription), serviceName: \(serviceName ?? "nil"), "
            + "environment: \(environment == nil ? "process" : "given"), \(otlp), \(batch))"
    }
}

extension SpanKitSystem.Configuration.Destination {
    /// The destination with API keys hidden and base URLs without credentials.
    var redactedDescription: String {
        switch self {
        case .automatic: ".automatic"
        case .otlp: ".otlp"
        case .json(let baseURL, let apiKey):
            ".json(baseURL: \(baseURL.withoutCredentials.absoluteString), apiKey: \(apiKey == nil ? "nil" : "[redacted]"))"
        case .console(let file, let standardOutput): ".console(file: \(file?.path ?? "nil"), standardOutput: \(standardOutput))"
        case .exporters(let exporters): ".exporters(\(exporters.count))"
        case .all(let destinations): ".all([\(destinations.map(\.redactedDescription).joined(separator: ", "))])"
        case .processor(let processor): ".processor(\(type(of: processor)))"
        }
    }
}
