/// Hands every span to several processors in order — for example a console tree and a
/// JSON-lines file, or OTLP export plus an in-memory copy in a test.
final class MultiSpanProcessor: SpanProcessor {
    /// The processors, in the order they are called.
    let processors: [any SpanProcessor]

    /// Creates a processor that forwards to `processors`.
    init(_ processors: [any SpanProcessor]) {
        self.processors = processors
    }

    /// The one processor itself, or a processor forwarding to all of them.
    static func combining(_ processors: [any SpanProcessor]) -> any SpanProcessor {
        processors.count == 1 ? processors[0] : MultiSpanProcessor(processors)
    }

    /// Forwards to each processor.
    func onEnd(_ span: Span) {
        for processor in processors { processor.onEnd(span) }
    }

    /// Flushes each processor (one after the other, sharing the deadline); the counts are summed.
    func flush(deadline: ContinuousClock.Instant) async -> PipelineStatistics {
        var total = PipelineStatistics()
        for processor in processors { total = total + (await processor.flush(deadline: deadline)) }
        return total
    }

    /// Shuts each processor down (sharing the deadline); the counts are summed.
    func shutdown(deadline: ContinuousClock.Instant) async -> PipelineStatistics {
        var total = PipelineStatistics()
        for processor in processors { total = total + (await processor.shutdown(deadline: deadline)) }
        return total
    }
}
