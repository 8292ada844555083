import Foundation
import OpenInference

/// How a ``Tracer`` records spans. Values set here win over environment variables, which win
/// over the defaults; an invalid environment value is reported through ``onDiagnostic`` and
/// ignored.
///
/// | Setting | Environment variable | Default |
/// |---|---|---|
/// | ``isEnabled`` | `OTEL_SDK_DISABLED` | enabled |
/// | ``sampler`` | `OTEL_TRACES_SAMPLER`, `OTEL_TRACES_SAMPLER_ARG` | `parentbased_always_on` |
/// | ``limits`` attribute count | `OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT` (or `OTEL_ATTRIBUTE_COUNT_LIMIT`) | 10,000 |
/// | ``limits`` value length | `OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT` (or `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`) | unlimited |
/// | ``limits`` event count | `OTEL_SPAN_EVENT_COUNT_LIMIT` | 128 |
/// | ``limits`` link count | `OTEL_SPAN_LINK_COUNT_LIMIT` | 128 |
/// | ``limits`` attributes per event/link | `OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT` | 128 |
/// | ``traceConfig`` | `OPENINFERENCE_HIDE_*`, `OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH` | nothing hidden, images up to 32,000 characters |
public struct TracerConfiguration: Sendable {
    /// Whether spans are recorded at all; `false` makes every span non-recording.
    public var isEnabled: Bool?
    /// The sampler.
    public var sampler: Sampler?
    /// Span limits; when set, replaces every limit (environment limits are then ignored).
    public var limits: SpanLimits?
    /// Privacy settings applied to every attribute write, including attributes given at span
    /// start; when nil they come from the `OPENINFERENCE_*` environment variables.
    public var traceConfig: TraceConfig?
    /// The clock; the system clocks when nil.
    public var clock: (any SpanClock)?
    /// Receives diagnostics: refused signals, limits reached, invalid configuration.
    public var onDiagnostic: DiagnosticHandler?
    /// The environment to read; the process environment by default.
    public var environment: [String: String]

    /// Creates a configuration.
    public init(
        isEnabled: Bool? = nil, sampler: Sampler? = nil, limits: SpanLimits? = nil, traceConfig: TraceConfig? = nil,
        clock: (any SpanClock)? = nil, onDiagnostic: DiagnosticHandler? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.isEnabled = isEnabled
        self.sampler = sampler
        self.limits = limits
        self.traceConfig = traceConfig
        self.clock = clock
        self.onDiagnostic = onDiagnostic
        self.environment = environment
    }
}

extension TracerConfiguration {
    /// The settings with environment values and defaults filled in.
    struct Resolved {
        var isEnabled: Bool
        var sampler: Sampler
        var limits: SpanLimits
        var traceConfig: TraceConfig
    }

    func resolve(report: @escaping (Diagnostic) -> Void) -> Resolved {
        let reader = EnvironmentReader(environment: environment, report: report)
        let disabled = reader.bool("OTEL_SDK_DISABLED") ?? false
        return Resolved(
            isEnabled: isEnabled ?? !disabled,
            sampler: sampler ?? Self.sampler(from: reader) ?? .default,
            limits: limits ?? Self.limits(from: reader),
            traceConfig: traceConfig ?? TraceConfig(environment: environment) { issue in
                report(Diagnostic(.invalidConfiguration, "\(issue.variable): \(issue.message)"))
            })
    }

    static func limits(from reader: EnvironmentReader) -> SpanLimits {
        var limits = SpanLimits()
        if let value = reader.nonNegativeInt("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT") ?? reader.nonNegativeInt("OTEL_ATTRIBUTE_COUNT_LIMIT") {
            limits.attributeCount = value
        }
        if let value = reader.nonNegativeInt("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT")
            ?? reader.nonNegativeInt("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT") {
            limits.attributeValueLength = value
        }
        if let value = reader.nonNegativeInt("OTEL_SPAN_EVENT_COUNT_LIMIT") { limits.eventCount = value }
        if let value = reader.nonNegativeInt("OTEL_SPAN_LINK_COUNT_LIMIT") { limits.linkCount = value }
        if let value = reader.nonNegativeInt("OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT") { limits.attributePerEventCount = value }
        return limits
    }

    static func sampler(from reader: EnvironmentReader) -> Sampler? {
        guard let name = reader.string("OTEL_TRACES_SAMPLER")?.lowercased() else { return nil }
        func ratio() -> Double {
            guard reader.string("OTEL_TRACES_SAMPLER_ARG") != nil else { return 1 }
            return reader.double("OTEL_TRACES_SAMPLER_ARG", in: 0...1) ?? 1
        }
        switch name {
        case "always_on": return .alwaysOn
        case "always_off": return .alwaysOff
        case "traceidratio": return .traceIDRatio(ratio())
        case "parentbased_always_on": return .parentBased(root: .alwaysOn)
        case "parentbased_always_off": return .parentBased(root: .alwaysOff)
        case "parentbased_traceidratio": return .parentBased(root: .traceIDRatio(ratio()))
        default:
            reader.invalid("OTEL_TRACES_SAMPLER", name, expected: "always_on, always_off, traceidratio or a parentbased_ variant")
            return nil
        }
    }
}
