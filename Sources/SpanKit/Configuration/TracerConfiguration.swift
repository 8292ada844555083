import OpenInference

/// How a ``Tracer`` records spans; nil values take the defaults.
///
/// The tracer part of ``SpanKitSystem/Configuration``, where environment variables fill what
/// code left nil (``SpanKitSystem/Configuration/isEnabled``, ``SpanKitSystem/Configuration/sampler``,
/// ``SpanKitSystem/Configuration/spanLimits``, ``SpanKitSystem/Configuration/traceConfig``). Built by
/// hand (tests, the benchmarks) it means exactly what it says and no environment variable is read.
struct TracerConfiguration: Sendable {
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
    var clock: (any SpanClock)?
    /// The other context system spans share their traces with; nil for none.
    var contextBridge: (any ContextBridge)?

    /// Creates a configuration.
    public init(isEnabled: Bool? = nil, sampler: Sampler? = nil, limits: SpanLimits? = nil, traceConfig: TraceConfig? = nil) {
        self.isEnabled = isEnabled
        self.sampler = sampler
        self.limits = limits
        self.traceConfig = traceConfig
    }

    /// Creates a configuration with a span clock of its own.
    init(isEnabled: Bool? = nil, sampler: Sampler? = nil, limits: SpanLimits? = nil, traceConfig: TraceConfig? = nil, clock: (any SpanClock)?) {
        self.init(isEnabled: isEnabled, sampler: sampler, limits: limits, traceConfig: traceConfig)
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
