import Foundation
import OpenInference
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Bionic)
import Bionic
#endif

/// Creates spans and hands finished ones to a ``SpanProcessor``.
///
/// Most code uses the global tracer set up by ``SpanKit/bootstrap(_:)-(SpanKit.Configuration)`` through the `tracer`
/// property; tests can run code with their own tracer through ``withTracer(_:_:)`` so parallel
/// tests never share state.
public final class Tracer: Sendable {
    let isEnabled: Bool
    let sampling: SamplingPolicy
    /// The span limits in force.
    public let limits: SpanLimits
    /// The privacy settings in force.
    public let traceConfig: TraceConfig
    /// Nil means the system clocks, read directly on the hot path.
    let customClock: (any SpanClock)?
    /// Where finished spans go; nil records spans but sends them nowhere.
    public let processor: (any SpanProcessor)?
    let diagnosticHandler: DiagnosticHandler?

    /// Creates a tracer from a configuration (code over environment over defaults).
    public init(configuration: TracerConfiguration = TracerConfiguration(), processor: (any SpanProcessor)? = nil) {
        let handler = configuration.onDiagnostic
        let resolved = configuration.resolve { diagnostic in handler?(diagnostic) }
        self.isEnabled = resolved.isEnabled
        self.sampling = SamplingPolicy(resolved.sampler)
        self.limits = resolved.limits
        self.traceConfig = resolved.traceConfig
        self.customClock = configuration.clock
        self.processor = processor
        self.diagnosticHandler = handler
    }

    /// A tracer whose spans never record: what `tracer` returns before bootstrap.
    public static let disabled = Tracer(configuration: TracerConfiguration(isEnabled: false, environment: [:]))

    /// Passes a diagnostic to the configured handler.
    public func report(_ diagnostic: Diagnostic) {
        diagnosticHandler?(diagnostic)
    }

    /// Delivers every span ended so far, waiting at most until `deadline`.
    @discardableResult
    public func flush(deadline: ContinuousClock.Instant = .now + .seconds(30)) async -> PipelineStatistics {
        await processor?.flush(deadline: deadline) ?? PipelineStatistics()
    }

    /// Delivers what it can until `deadline` and stops the processor; what is left is spooled
    /// (when the exporter has a spool) or dropped.
    @discardableResult
    public func shutdown(deadline: ContinuousClock.Instant = .now + .seconds(30)) async -> PipelineStatistics {
        await processor?.shutdown(deadline: deadline) ?? PipelineStatistics()
    }

    /// Wall-clock and monotonic readings for a span start.
    @inline(__always)
    func startTimes(using local: UnsafeMutablePointer<ThreadLocalState>) -> (wall: UInt64, monotonic: UInt64) {
        if let customClock { return (customClock.wallClockNanoseconds(), customClock.monotonicNanoseconds()) }
        let monotonic = SystemClock.read(CLOCK_MONOTONIC)
        return (local.pointee.wallTime(atMonotonic: monotonic), monotonic)
    }

    /// A monotonic reading, for span ends.
    @inline(__always)
    func monotonicNow() -> UInt64 {
        if let customClock { return customClock.monotonicNanoseconds() }
        return SystemClock.read(CLOCK_MONOTONIC)
    }

    /// A wall-clock reading, for event timestamps.
    func wallNow() -> UInt64 {
        if let customClock { return customClock.wallClockNanoseconds() }
        return ThreadLocalState.current().pointee.wallTime(atMonotonic: SystemClock.read(CLOCK_MONOTONIC))
    }

    func spanDidEnd(_ span: Span) {
        processor?.onEnd(span)
    }
}

/// Which span a new span is a child of.
public enum SpanParent: Sendable, Hashable {
    /// The current span of this task (``Span/current``), or none.
    case current
    /// No parent: the span starts a new trace.
    case root
    /// The given span, wherever it runs.
    case span(Span)
    /// A span known by its context, typically extracted from a remote `traceparent` header.
    case context(SpanContext)
}
