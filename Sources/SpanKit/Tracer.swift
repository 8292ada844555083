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
/// Most code uses the global tracer set up by ``SpanKitSystem/bootstrap(_:)`` through the `tracer`
/// property; tests can run code with their own tracer through ``withTracer(_:isolation:_:)`` so parallel
/// tests never share state.
public final class Tracer: Sendable {
    let isEnabled: Bool
    let sampling: SamplingPolicy
    /// The span limits in force.
    let limits: SpanLimits
    /// The privacy settings in force.
    let traceConfig: TraceConfig
    /// ``TraceConfig/unmaskedStringLength``, or -1 for nil: a write of a non-string or of a
    /// string this short skips masking without a call into `OpenInference` per write.
    let unmaskedStringLength: Int
    /// The attribute count below which a write needs no limit at all: the count limit when
    /// values are not shortened, else 0. One load and compare per write instead of two.
    let unlimitedAttributeCount: Int
    /// Nil means the system clocks, read directly on the hot path.
    let customClock: (any SpanClock)?
    /// `customClock == nil`, stored: testing the existential itself copies it (through its
    /// value witnesses) at every span start and end.
    let readsSystemClock: Bool
    /// Where finished spans go; nil records spans but sends them nowhere.
    let processor: (any SpanProcessor)?
    /// `processor` when it is a ``BatchSpanProcessor``: ended spans go to it with their size.
    let batchProcessor: BatchSpanProcessor?
    /// Where this tracer's own problems go (refused signals, limits reached).
    let diagnostics: DiagnosticSink
    /// The other context system spans share their traces with; nil (one compare on the span
    /// path) for none.
    let bridge: (any ContextBridge)?
    /// `bridge != nil`, stored: unwrapping the existential copies it, at every span start.
    let hasBridge: Bool

    /// Creates a tracer from code values and defaults, reading no environment variable, its
    /// diagnostics going to standard error. Users get tracers from ``SpanKitSystem/makeTracer(_:)``.
    convenience init(configuration: TracerConfiguration = TracerConfiguration(), processor: (any SpanProcessor)? = nil) {
        self.init(configuration: configuration, processor: processor, diagnostics: .standardErrorDefault)
    }

    /// A tracer handing spans to `processor`, for the benchmarks of the span path.
    @_spi(Benchmarks) public convenience init(processor: (any SpanProcessor)?, sampler: Sampler = .parentBased(root: .alwaysOn)) {
        self.init(configuration: TracerConfiguration(sampler: sampler), processor: processor)
    }

    /// What happened to the spans this tracer ended so far, readable at any time: the running
    /// totals of its pipeline (zero for a processor of your own). Once the pipeline has shut
    /// down, `exported + spooled + failed + dropped == ended`.
    public var statistics: PipelineStatistics {
        Self.statistics(of: processor)
    }

    private static func statistics(of processor: (any SpanProcessor)?) -> PipelineStatistics {
        switch processor {
        case let batch as BatchSpanProcessor: batch.statistics
        case let simple as SimpleSpanProcessor: simple.statistics
        case let multi as MultiSpanProcessor: multi.processors.map(statistics(of:)).reduce(PipelineStatistics(), +)
        default: PipelineStatistics()
        }
    }

    /// Creates a tracer reporting to `diagnostics`.
    init(configuration: TracerConfiguration, processor: (any SpanProcessor)?, diagnostics: DiagnosticSink) {
        let resolved = configuration.resolve()
        self.isEnabled = resolved.isEnabled
        self.sampling = SamplingPolicy(resolved.sampler)
        self.limits = resolved.limits
        self.traceConfig = resolved.traceConfig
        self.unmaskedStringLength = resolved.traceConfig.unmaskedStringLength ?? -1
        self.unlimitedAttributeCount = resolved.limits.attributeValueLength == .max ? resolved.limits.attributeCount : 0
        self.customClock = configuration.clock
        self.readsSystemClock = configuration.clock == nil
        self.processor = processor
        self.batchProcessor = processor as? BatchSpanProcessor
        self.diagnostics = diagnostics
        self.bridge = configuration.contextBridge
        self.hasBridge = configuration.contextBridge != nil
    }

    /// A tracer whose spans never record: what `tracer` returns before bootstrap.
    static let disabled = Tracer(configuration: TracerConfiguration(isEnabled: false), processor: nil, diagnostics: .discarding)

    /// Passes a diagnostic to this tracer's sink.
    func report(_ diagnostic: Diagnostic) {
        diagnostics.report(diagnostic)
    }

    /// Delivers every span ended so far, waiting at most until `deadline`.
    @discardableResult
    public func flush(deadline: ContinuousClock.Instant = .now + .seconds(30)) async -> PipelineStatistics {
        await processor?.flush(deadline: deadline) ?? PipelineStatistics()
    }

    /// Delivers what it can until `deadline` and stops the processor; what is left is spooled
    /// (when the exporter has a spool) or dropped. The exporter is shut down, and a built-in
    /// HTTP exporter closes its idle keep-alive connections, so a tracer kept afterwards holds
    /// no sockets.
    @discardableResult
    public func shutdown(deadline: ContinuousClock.Instant = .now + .seconds(30)) async -> PipelineStatistics {
        let result = await processor?.shutdown(deadline: deadline) ?? PipelineStatistics()
        // Last, so the counts of repeated failures during shutdown are printed too.
        diagnostics.flush()
        return result
    }

    /// Wall-clock and monotonic readings for a span start.
    @inline(__always)
    func startTimes(using local: UnsafeMutablePointer<ThreadLocalState>) -> (wall: UInt64, monotonic: UInt64) {
        guard readsSystemClock else { return customStartTimes() }
        let monotonic = SystemClock.read(CLOCK_MONOTONIC)
        return (local.pointee.wallTime(atMonotonic: monotonic), monotonic)
    }

    @inline(never)
    private func customStartTimes() -> (wall: UInt64, monotonic: UInt64) {
        guard let customClock else { return (0, 0) }
        return (customClock.wallClockNanoseconds(), customClock.monotonicNanoseconds())
    }

    /// A monotonic reading, for span ends.
    @inline(__always)
    func monotonicNow() -> UInt64 {
        guard readsSystemClock else { return customMonotonicNow() }
        return SystemClock.read(CLOCK_MONOTONIC)
    }

    @inline(never)
    private func customMonotonicNow() -> UInt64 {
        customClock?.monotonicNanoseconds() ?? 0
    }

    /// A wall-clock reading, for event timestamps.
    func wallNow() -> UInt64 {
        if let customClock { return customClock.wallClockNanoseconds() }
        return ThreadLocalState.current().pointee.wallTime(atMonotonic: SystemClock.read(CLOCK_MONOTONIC))
    }

    /// Hands an ended span to the processor; `queuedBytes` is its size, measured by `end()`
    /// under the span's lock, which a batch processor takes directly.
    func spanDidEnd(_ span: Span, queuedBytes: Int) {
        // Optional chaining borrows the processor; `if let` retained and released it per span.
        if batchProcessor?.enqueueEnded(span, bytes: queuedBytes) == nil { processor?.onEnd(span) }
    }
}

/// Which span a new span is a child of.
public enum SpanParent: Sendable {
    /// The current span of this task (``Span/current``), or none.
    case current
    /// No parent: the span starts a new trace.
    case root
    /// The given span, wherever it runs.
    case span(Span)
    /// A span known by its context, typically extracted from a remote `traceparent` header; nil
    /// (no header, or a malformed one) starts a new trace, as `.root` does. So continuing the
    /// caller's trace is one expression:
    ///
    /// ```swift
    /// tracer.withSpan("handle", otelKind: .server, parent: .context(W3CTraceContext.extract(from: headers))) { … }
    /// ```
    case context(SpanContext?)
}
