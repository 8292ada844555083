import Foundation
import Instrumentation
@_spi(Integration) import SpanKit
import Tracing

/// SpanKit as an apple/swift-distributed-tracing backend: the spans Hummingbird, Vapor,
/// AsyncHTTPClient and other instrumented libraries record go through a SpanKit tracer's
/// pipeline (its sampler, batch processor and exporters), beside SpanKit's own LLM spans.
///
/// ```swift
/// var configuration = SpanKitSystem.Configuration(destination: .otlp)
/// configuration.joinsDistributedTracing = true
/// SpanKitSystem.bootstrap(configuration)
/// InstrumentationSystem.bootstrap(SpanKitTracer())
/// ```
///
/// Parents come from the `ServiceContext` (a span of this tracer, else a `traceparent`
/// extracted from a request); propagation is W3C `traceparent`/`tracestate`. The spans get
/// the OpenInference kind `UNKNOWN` unless their attributes say otherwise.
public struct SpanKitTracer: Tracing.Tracer {
    /// The span type this tracer starts.
    public typealias Span = SpanKitTracingSpan

    private let fixedTracer: SpanKit.Tracer?

    /// Creates a backend that records through `tracer`, or, when nil, through SpanKit's current
    /// tracer at each span start (the bootstrapped one, or one bound by `withTracer`).
    public init(tracer: SpanKit.Tracer? = nil) {
        self.fixedTracer = tracer
    }

    private var tracer: SpanKit.Tracer { fixedTracer ?? SpanKit.tracer }

    /// Starts a span whose parent is the context's span (local) or extracted parent (remote).
    public func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> ServiceContext, ofKind kind: Tracing.SpanKind,
        at instant: @autoclosure () -> Instant, function: String, file fileID: String, line: UInt
    ) -> SpanKitTracingSpan {
        var context = context()
        let parent: SpanParent
        if let span = context[SpanKitSpanKey.self] {
            parent = .span(span)
        } else if let remote = context[SpanKitRemoteParentKey.self] {
            parent = .context(remote)
        } else {
            parent = .root
        }
        let span = tracer.startSpan(
            operationName, kind: .unknown, otelKind: OTelSpanKind(kind), parent: parent, startTime: Date(instant()))
        context[SpanKitSpanKey.self] = span
        context[SpanKitRemoteParentKey.self] = nil
        return SpanKitTracingSpan(span, context: context)
    }

    /// Delivers the spans ended so far, in the background (the protocol's flush is
    /// synchronous; `await SpanKit.tracer.flush()` waits).
    public func forceFlush() {
        let tracer = self.tracer
        Task { await tracer.flush() }
    }

    /// Writes the context's span as W3C `traceparent` and `tracestate`.
    public func inject<Carrier, Inject: Injector>(
        _ context: ServiceContext, into carrier: inout Carrier, using injector: Inject
    ) where Inject.Carrier == Carrier {
        guard let spanContext = context[SpanKitSpanKey.self]?.context ?? context[SpanKitRemoteParentKey.self] else { return }
        var headers: [String: String] = [:]
        W3CTraceContext.inject(spanContext, into: &headers)
        for (key, value) in headers { injector.inject(value, forKey: key, into: &carrier) }
    }

    /// Reads W3C `traceparent` and `tracestate` into the context as a remote parent; a
    /// missing or malformed header leaves the context as it was.
    public func extract<Carrier, Extract: Extractor>(
        _ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract
    ) where Extract.Carrier == Carrier {
        var headers: [String: String] = [:]
        for key in ["traceparent", "tracestate"] {
            if let value = extractor.extract(key: key, from: carrier) { headers[key] = value }
        }
        guard let remote = W3CTraceContext.extract(from: headers) else { return }
        context[SpanKitRemoteParentKey.self] = remote
        context[SpanKitSpanKey.self] = nil
    }
}

extension OTelSpanKind {
    init(_ kind: Tracing.SpanKind) {
        switch kind {
        case .server: self = .server
        case .client: self = .client
        case .producer: self = .producer
        case .consumer: self = .consumer
        default: self = .internal
        }
    }
}

extension Date {
    /// The instant as a date (to the microsecond or so: `Date` is a `Double` of seconds).
    init(_ instant: some TracerInstant) {
        self.init(timeIntervalSince1970: Double(instant.nanosecondsSinceEpoch) / 1_000_000_000)
    }
}
