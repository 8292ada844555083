// The code of the DocC article `Privacy.md` (see GettingStartedExample.swift for how the articles
// and these files are kept in step).
import Foundation
import OpenInference
import SpanKit

func privateConfiguration() -> SpanKitSystem.Configuration {
    var configuration = SpanKitSystem.Configuration()
    configuration.traceConfig = TraceConfig(hideInputText: true, hideOutputText: true)
    return configuration
}

func privacyIgnoringTheEnvironment() -> TraceConfig {
    TraceConfig(hideInputs: true, hideOutputs: true, environment: [:])
}

func describeMasking(of key: String, value: String, under config: TraceConfig) -> String {
    switch config.action(forKey: key, stringValue: value) {
    case .keep: return "recorded as it is"
    case .redact: return "recorded as \(TraceConfig.redactedValue)"
    case .drop: return "not recorded"
    }
}
