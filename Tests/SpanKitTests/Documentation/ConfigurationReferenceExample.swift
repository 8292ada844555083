// The code of the DocC article `ConfigurationReference.md` (see GettingStartedExample.swift for
// how the articles and these files are kept in step).
import Foundation
import SpanKit

func tunedConfiguration() -> SpanKitSystem.Configuration {
    var configuration = SpanKitSystem.Configuration(
        serviceName: "assistant", onDiagnostic: { diagnostic in print("SpanKit:", diagnostic) })
    configuration.sampler = .parentBased(root: .traceIDRatio(0.25))
    configuration.maxQueueSize = 4096
    return configuration
}

func configurationIgnoringTheEnvironment() -> SpanKitSystem.Configuration {
    SpanKitSystem.Configuration(destination: .console(file: nil), environment: [:])
}
