import Instrumentation
@_spi(Integration) import SpanKit

/// Keeps SpanKit's task-local context and swift-distributed-tracing's `ServiceContext` one
/// trace, whatever instrument is bootstrapped: W3C trace context through the instrument's own
/// inject/extract, so another backend (swift-otel) understands it, plus the SpanKit span itself
/// under ``SpanKitSpanKey`` so that a SpanKit parent stays a local SpanKit parent.
struct DistributedTracingBridge: ContextBridge {
    func currentParent() -> SpanParent? {
        guard let context = ServiceContext.current else { return nil }
        let own = context[SpanKitSpanKey.self]
        var carrier: [String: String] = [:]
        InstrumentationSystem.instrument.inject(context, into: &carrier, using: DictionaryPropagation())
        guard let injected = W3CTraceContext.extract(from: carrier) else {
            // An instrument that does not speak W3C (or none): the SpanKit span, if any.
            return own.map(SpanParent.span)
        }
        // The instrument's current span is the innermost of either system: SpanKit scopes
        // write themselves into it too. When it is the SpanKit span, keep the span itself.
        if let own, own.context.spanID == injected.spanID { return .span(own) }
        // In-process, so a local parent: the same ids, not flagged remote.
        return .context(SpanContext(
            traceID: injected.traceID, spanID: injected.spanID, traceFlags: injected.traceFlags,
            traceState: injected.traceState, isRemote: false))
    }

    func withCurrent<Result>(_ span: SpanKit.Span, _ operation: () throws -> Result) rethrows -> Result {
        try ServiceContext.$current.withValue(Self.context(binding: span), operation: operation)
    }

    func withCurrent<Result>(
        _ span: SpanKit.Span, isolation: isolated (any Actor)?, _ operation: () async throws -> Result
    ) async rethrows -> Result {
        try await ServiceContext.$current.withValue(Self.context(binding: span), operation: operation, isolation: isolation)
    }

    /// The current `ServiceContext` with `span` as its current span, for both SpanKit's tracer
    /// and any other instrument.
    static func context(binding span: SpanKit.Span) -> ServiceContext {
        var context = ServiceContext.current ?? .topLevel
        let instrument = InstrumentationSystem.instrument
        if !(instrument is SpanKitTracer) {
            var carrier: [String: String] = [:]
            W3CTraceContext.inject(span.context, into: &carrier)
            instrument.extract(carrier, into: &context, using: DictionaryPropagation())
        }
        // After the extraction: a SpanKitTracer inside a multiplexing instrument clears this key
        // when it extracts.
        context[SpanKitSpanKey.self] = span
        return context
    }
}
