import OpenInference

/// Process-wide set-up: the global tracer.
///
/// Named like swift-log's `LoggingSystem` and swift-distributed-tracing's `InstrumentationSystem`
/// rather than like the module, so that `SpanKit.Span` and `SpanKit.Tracer` always name the
/// module's types, also in a file that imports `Tracing` too.
public enum SpanKitSystem {
    /// SpanKit's version, sent as the OTLP instrumentation scope version and in `User-Agent`.
    public static let version = "0.1.0"

    private static let global = Locked<Tracer?>.make(nil)

    /// Makes `tracer` the global tracer returned by ``tracer-swift.var`` (outside ``withTracer(_:isolation:_:)``).
    ///
    /// Call it once, early. Calling it again replaces the tracer (the old one keeps its
    /// processor; shut it down yourself) and reports ``Diagnostic/Code/repeatedBootstrap``.
    public static func bootstrap(_ tracer: Tracer) {
        let previous = global.withLock { current -> Tracer? in
            defer { current = tracer }
            return current
        }
        if previous != nil {
            tracer.report(Diagnostic(.repeatedBootstrap, "SpanKitSystem.bootstrap called more than once; the newest tracer is used"))
        }
    }

    /// The bootstrapped tracer, or ``Tracer/disabled`` before bootstrap.
    static var bootstrappedTracer: Tracer {
        global.withLock { $0 } ?? .disabled
    }

    /// Flushes and shuts down the global tracer's processor: call before the process exits.
    /// Spans that cannot be delivered by `deadline` are spooled (with a spool) or dropped.
    @discardableResult
    public static func shutdown(deadline: ContinuousClock.Instant = .now + .seconds(30)) async -> PipelineStatistics {
        await bootstrappedTracer.shutdown(deadline: deadline)
    }
}

extension Tracer {
    @TaskLocal static var override: Tracer?

    /// The tracer for this task: the one bound by ``withTracer(_:isolation:_:)``, else the bootstrapped
    /// global tracer, else ``disabled``.
    static var current: Tracer { override ?? SpanKitSystem.bootstrappedTracer }
}

/// The current tracer: the one bound by ``withTracer(_:isolation:_:)`` in this task, else the
/// bootstrapped global tracer, else a tracer whose spans never record.
public var tracer: Tracer { Tracer.current }

/// Runs `operation` with `tracer` as the current tracer, without touching the global one.
public func withTracer<Result>(
    _ tracer: Tracer, isolation: isolated (any Actor)? = #isolation, _ operation: () async throws -> Result
) async rethrows -> Result {
    try await Tracer.$override.withValue(tracer, operation: operation, isolation: isolation)
}
