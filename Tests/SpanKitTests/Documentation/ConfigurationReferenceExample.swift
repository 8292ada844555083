// The code of the DocC article `ConfigurationReference.md` (see GettingStartedExample.swift for
// how the articles and these files are kept in step).
import Foundation
import SpanKit

func tunedConfiguration() -> SpanKitSystem.Configuration {
    SpanKitSystem.Configuration(
        serviceName: "assistant",
        tracer: TracerConfiguration(
            sampler: .parentBased(root: .traceIDRatio(0.25)),
            limits: SpanLimits(attributeValueLength: 8_192)),
        onDiagnostic: { diagnostic in print("SpanKit:", diagnostic) })
}

func configurationIgnoringTheEnvironment() -> SpanKitSystem.Configuration {
    SpanKitSystem.Configuration(destination: .console(file: nil), environment: [:])
}
