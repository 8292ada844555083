import Foundation
@testable import SpanKit

/// Applies an environment the way ``SpanKitSystem/makeTracer(_:)`` does, for tests of one component:
/// components built by hand read no environment.
extension OTLPExporterConfiguration {
    /// This configuration with `environment` applied; nil when it names an invalid endpoint.
    func applying(
        _ environment: [String: String], serviceName: String? = nil, onDiagnostic: DiagnosticHandler? = nil
    ) -> OTLPExporterConfiguration? {
        let configuration = SpanKitSystem.Configuration(serviceName: serviceName, environment: environment).with(otlp: self)
        let reader = EnvironmentReader(environment: environment) { onDiagnostic?($0) }
        return ConfigurationResolver(configuration: configuration, reader: reader).otlp()
    }
}

extension BatchSpanProcessor.Options {
    /// These options with `OTEL_BSP_*` from `environment` applied.
    func applying(_ environment: [String: String], onDiagnostic: DiagnosticHandler? = nil) -> Self {
        let configuration = SpanKitSystem.Configuration(environment: environment).with(batch: self)
        let reader = EnvironmentReader(environment: environment) { onDiagnostic?($0) }
        return ConfigurationResolver(configuration: configuration, reader: reader).batch()
    }
}

extension Resource {
    /// The resource bootstrap detects from `environment` and the code values.
    static func detect(serviceName: String? = nil, environment: [String: String], onDiagnostic: DiagnosticHandler? = nil) -> Resource {
        detect(serviceName: serviceName, reader: EnvironmentReader(environment: environment) { onDiagnostic?($0) })
    }
}

extension SpanKitSystem.Configuration {
    /// This configuration with component settings given whole, as the tests of one component
    /// build them (the public properties set the same storage one value at a time).
    func with(tracer: TracerConfiguration? = nil, otlp: OTLPExporterConfiguration? = nil, batch: BatchSpanProcessor.Options? = nil) -> Self {
        var copy = self
        if let tracer { copy.tracer = tracer }
        if let otlp { copy.otlp = otlp }
        if let batch { copy.batch = batch }
        return copy
    }
}
