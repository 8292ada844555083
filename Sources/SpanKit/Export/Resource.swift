import Foundation
import OpenInference

/// The entity that produces spans — a service — described by attributes sent once per batch.
struct Resource: Sendable, Equatable {
    /// The resource attributes, for example `service.name`.
    public var attributes: Attributes

    /// Creates a resource from attributes.
    public init(attributes: Attributes = Attributes()) {
        self.attributes = attributes
    }

    /// Builds the resource from code settings and, when `reader` is given, the environment.
    ///
    /// `OTEL_RESOURCE_ATTRIBUTES` (`key=value,key2=value2`, values percent-decoded) supplies
    /// attributes; `OTEL_SERVICE_NAME` wins over a `service.name` there; values given in code win
    /// over both. `service.name` defaults to `unknown_service:<process name>` as OpenTelemetry
    /// specifies. `codeAttributes` win over the environment's; `serviceName`, `serviceVersion`
    /// and `projectName` over both. A malformed entry is reported and skipped.
    static func detect(
        serviceName: String? = nil, serviceVersion: String? = nil, projectName: String? = nil,
        attributes codeAttributes: [String: String] = [:], reader: EnvironmentReader?
    ) -> Resource {
        var values: [(String, String)] = []
        if let list = reader?.string("OTEL_RESOURCE_ATTRIBUTES") {
            for entry in list.split(separator: ",") {
                let parts = entry.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let key = parts[0].trimmingWhitespace().removingPercentEncoding,
                      !key.isEmpty, let value = parts[1].trimmingWhitespace().removingPercentEncoding else {
                    reader?.invalid("OTEL_RESOURCE_ATTRIBUTES", String(entry), expected: "key=value entries separated by commas", otherwise: "the other entries")
                    continue
                }
                values.append((key, value))
            }
        }
        if let name = reader?.string("OTEL_SERVICE_NAME") { values.append(("service.name", name)) }
        for key in codeAttributes.keys.sorted() { values.append((key, codeAttributes[key]!)) }
        if let serviceName { values.append(("service.name", serviceName)) }
        if let serviceVersion { values.append(("service.version", serviceVersion)) }
        if let projectName { values.append((ResourceAttributes.projectName, projectName)) }
        var attributes = Attributes()
        for (key, value) in values { _ = attributes.set(key, .string(value), countLimit: .max) }
        if attributes["service.name"] == nil {
            _ = attributes.set("service.name", .string("unknown_service:" + ProcessName.current), countLimit: .max)
        }
        return Resource(attributes: attributes)
    }
}

/// The library that recorded the spans, sent as the OTLP instrumentation scope.
struct InstrumentationScope: Sendable, Equatable {
    /// The scope name.
    public var name: String
    /// The scope version.
    public var version: String

    /// Creates a scope.
    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }

    /// SpanKit itself.
    public static let spanKit = InstrumentationScope(name: "SpanKit", version: SpanKitSystem.version)
}


enum ProcessName {
    static var current: String {
        let arguments = CommandLine.arguments
        guard let first = arguments.first, !first.isEmpty else { return "swift" }
        return first.split(separator: "/").last.map(String.init) ?? "swift"
    }
}
