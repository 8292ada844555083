import OpenInference

/// How a ``Tracer`` records spans; nil values take the defaults.
///
/// Built by hand and passed to ``Tracer/init(configuration:processor:)``, it means exactly what
/// it says and no environment variable is read. Through ``SpanKitSystem/Configuration/tracer``
/// (``SpanKitSystem/bootstrap(_:)-(SpanKitSystem.Configuration)``), environment variables fill what code left
/// nil:
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
    /// start.
    public var traceConfig: TraceConfig?
    /// The clock; the system clocks when nil.
    public var clock: (any SpanClock)?

    /// Creates a configuration.
    public init(
        isEnabled: Bool? = nil, sampler: Sampler? = nil, limits: SpanLimits? = nil, traceConfig: TraceConfig? = nil,
        clock: (any SpanClock)? = nil
    ) {
        self.isEnabled = isEnabled
        self.sampler = sampler
        self.limits = limits
        self.traceConfig = traceConfig
        self.clock = clock
    }
}

extension TracerConfiguration {
    /// The settings with the defaults filled in.
    struct Resolved {
        var isEnabled: Bool
        var sampler: Sampler
        var limits: SpanLimits
        var traceConfig: TraceConfig
    }

    /// The code values with the defaults filled in; reads no environment.
    func resolve() -> Resolved {
        Resolved(
            isEnabled: isEnabled ?? true, sampler: sampler ?? .default, limits: limits ?? SpanLimits(),
            traceConfig: traceConfig ?? TraceConfig(environment: [:]))
    }
}
