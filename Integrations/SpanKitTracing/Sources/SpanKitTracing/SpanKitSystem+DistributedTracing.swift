import Logging
@_spi(Integration) import SpanKit

extension SpanKitSystem.Configuration {
    /// Whether the tracer's spans join swift-distributed-tracing's traces: a SpanKit span
    /// started inside a `withSpan` of `Tracing` is that span's child (a local parent), and a
    /// `Tracing` span started inside a SpanKit span — the HTTP client span of a model call — is
    /// the SpanKit span's child; sampling follows the parent both ways. Works with
    /// ``SpanKitTracer`` as the bootstrapped instrument, and with another backend that
    /// propagates W3C trace context (swift-otel). False by default.
    public var joinsDistributedTracing: Bool {
        get { contextBridge is DistributedTracingBridge }
        set { contextBridge = newValue ? DistributedTracingBridge() : nil }
    }

    /// Sends SpanKit's diagnostics to `logger` instead of standard error: one log entry per
    /// diagnostic line, `error`/`warning`/`debug` as SpanKit rates them, with the rate limiting
    /// (a storm of alike diagnostics is counted, not repeated) and the level of
    /// `SPANKIT_LOG_LEVEL` that standard error has. A handler in ``onDiagnostic`` still wins.
    public mutating func logDiagnostics(to logger: Logger) {
        writeDiagnosticLine = { level, line in
            logger.log(level: Logger.Level(level), "\(line)", metadata: ["component": "spankit"])
        }
    }
}

extension Logger.Level {
    init(_ level: DiagnosticLevel) {
        switch level {
        case .error, .off: self = .error
        case .warning: self = .warning
        case .debug: self = .debug
        }
    }
}
