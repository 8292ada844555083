extension BatchSpanProcessor {
    /// Queue and batching settings; nil values take the OpenTelemetry defaults.
    ///
    /// Through ``SpanKitSystem/Configuration/batch``, the `OTEL_BSP_*` environment variables fill
    /// what code left nil; a processor built by hand reads no environment.
    public struct Options: Sendable, Equatable {
        /// Spans held before new ones are dropped (`OTEL_BSP_MAX_QUEUE_SIZE`, default 2048).
        public var maxQueueSize: Int?
        /// Spans per export (`OTEL_BSP_MAX_EXPORT_BATCH_SIZE`, default 512, at most the queue size).
        public var maxExportBatchSize: Int?
        /// The longest a span waits before export (`OTEL_BSP_SCHEDULE_DELAY` in ms, default 5 s).
        public var scheduleDelay: Duration?
        /// The export's deadline from its start: retries and waits fit inside it, and what is
        /// undelivered then is spooled or fails (`OTEL_BSP_EXPORT_TIMEOUT` in ms, default 30 s).
        public var exportTimeout: Duration?
        /// How long `end()` may wait for room in a full queue before the span is spilled (with
        /// a spool) or dropped. nil, the default, never waits: the calling thread is never
        /// blocked. A wait blocks the thread that ends the span, so keep it short in async
        /// code, whose threads the export worker also needs.
        public var fullQueueWait: Duration?

        /// Creates options; nil values take the defaults.
        public init(
            maxQueueSize: Int? = nil, maxExportBatchSize: Int? = nil, scheduleDelay: Duration? = nil, exportTimeout: Duration? = nil,
            fullQueueWait: Duration? = nil
        ) {
            self.maxQueueSize = maxQueueSize
            self.maxExportBatchSize = maxExportBatchSize
            self.scheduleDelay = scheduleDelay
            self.exportTimeout = exportTimeout
            self.fullQueueWait = fullQueueWait
        }
    }

    struct ResolvedOptions {
        var maxQueueSize: Int
        var maxExportBatchSize: Int
        var scheduleDelay: Duration
        var exportTimeout: Duration
        var fullQueueWait: Duration?
    }
}

extension BatchSpanProcessor.Options {
    /// The values with the defaults filled in; invalid code values are reported and replaced.
    func resolve(report: (Diagnostic) -> Void) -> BatchSpanProcessor.ResolvedOptions {
        var queue = maxQueueSize ?? 2048
        if queue < 1 {
            report(Diagnostic(.invalidConfiguration, "maxQueueSize \(queue) ignored: expected a positive integer; using 2048"))
            queue = 2048
        }
        var batch = maxExportBatchSize ?? 512
        if batch < 1 {
            report(Diagnostic(.invalidConfiguration, "maxExportBatchSize \(batch) ignored: expected a positive integer; using 512"))
            batch = 512
        }
        if batch > queue {
            report(Diagnostic(.invalidConfiguration, "export batch size \(batch) exceeds the queue size \(queue); using \(queue)"))
            batch = queue
        }
        let delay = scheduleDelay ?? .seconds(5)
        let timeout = exportTimeout ?? .seconds(30)
        var wait = fullQueueWait
        if let value = wait, value <= .zero {
            report(Diagnostic(.invalidConfiguration, "fullQueueWait \(value) ignored: expected a positive duration; never waiting"))
            wait = nil
        }
        return BatchSpanProcessor.ResolvedOptions(
            maxQueueSize: queue, maxExportBatchSize: batch, scheduleDelay: delay, exportTimeout: timeout, fullQueueWait: wait)
    }
}
