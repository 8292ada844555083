import OpenInference

/// Process-wide set-up: the global tracer.
///
/// Named like swift-log's `LoggingSystem` and swift-distributed-tracing's `InstrumentationSystem`
/// rather than like the module, so that `SpanKit.Span` and `SpanKit.Tracer` always name the
/// module's types, also in a file that imports `Tracing` too.
public enum SpanKitSystem {
    /// SpanKit's version, sent as the OTLP instrumentation scope version and in `User-Agent`.
    static let version = "0.1.0"

    /// The bootstrapped tracer and what the exit flush needs to know about it.
    struct Global {
        var tracer: Tracer?
        /// How long the exit flush may take for ``tracer``; zero for none.
        var exitTimeout: Duration = .zero
        /// Set once ``shutdown(deadline:)`` (or the exit flush) has begun for ``tracer``.
        var isShutDown = false
    }

    static let global = Locked<Global>.make(Global())

    /// Makes `tracer` the global tracer returned by ``tracer-swift.var`` (outside ``withTracer(_:isolation:_:)``).
    ///
    /// Called once, early. Calling it again replaces the tracer (the old one keeps its
    /// processor) and reports ``Diagnostic/Code/repeatedBootstrap``. A process that exits
    /// normally without ``shutdown(deadline:)`` still delivers the tracer's queued spans, for at
    /// most 3 seconds (the default ``Configuration/exitTimeout``).
    static func bootstrap(_ tracer: Tracer) {
        bootstrap(tracer, exitTimeout: defaultExitTimeout)
    }

    static func bootstrap(_ tracer: Tracer, exitTimeout: Duration) {
        let previous = global.withLock { global -> Tracer? in
            defer { global = Global(tracer: tracer, exitTimeout: exitTimeout) }
            return global.tracer
        }
        if previous != nil {
            tracer.report(Diagnostic(.repeatedBootstrap, "SpanKitSystem.bootstrap called more than once; the newest tracer is used"))
        }
        installExitFlush()
    }

    /// The bootstrapped tracer, or `Tracer.disabled` before bootstrap.
    static var bootstrappedTracer: Tracer {
        global.withLock { $0.tracer } ?? .disabled
    }

    /// Flushes and shuts down the global tracer's processor: call before the process exits.
    /// Spans that cannot be delivered by `deadline` are spooled (with a spool) or dropped.
    @discardableResult
    public static func shutdown(deadline: ContinuousClock.Instant = .now + .seconds(30)) async -> PipelineStatistics {
        let tracer = global.withLock { global -> Tracer in
            global.isShutDown = true
            return global.tracer ?? .disabled
        }
        return await tracer.shutdown(deadline: deadline)
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
