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
        /// The approximate bytes the spans held by the processor may occupy — queued, and
        /// taken by the worker until their export ends, charged for their encoding — before
        /// new spans are treated as
        /// meeting a full queue (`SPANKIT_BSP_MAX_QUEUE_BYTES`, default
        /// ``defaultMaxQueueBytes``). With a spool, the overflow waiting to be written to it
        /// holds at most as much again. Sizes are estimated as ``Span/queuedByteCount`` says.
        var maxQueueBytes: Int?

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

        /// 32 MiB: 2048 typical LLM spans of a few KiB each fit many times over, so the count
        /// decides for them; a queue of conversation-sized spans (100 messages of 2 KB is about
        /// 200 KB) stops at about 160 of them, so a phone app whose collector is down keeps a
        /// few tens of MiB rather than hundreds (2048 such spans would be over 400 MB).
        static let defaultMaxQueueBytes = 32 * 1024 * 1024
    }

    struct ResolvedOptions {
        var maxQueueSize: Int
        var maxExportBatchSize: Int
        var scheduleDelay: Duration
        var exportTimeout: Duration
        var fullQueueWait: Duration?
        var maxQueueBytes = Options.defaultMaxQueueBytes
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
        var bytes = maxQueueBytes ?? Self.defaultMaxQueueBytes
        if bytes < 1 {
            report(Diagnostic(.invalidConfiguration, "maxQueueBytes \(bytes) ignored: expected a positive integer; using \(Self.defaultMaxQueueBytes)"))
            bytes = Self.defaultMaxQueueBytes
        }
        let delay = scheduleDelay ?? .seconds(5)
        let timeout = exportTimeout ?? .seconds(30)
        var wait = fullQueueWait
        if let value = wait, value <= .zero {
            report(Diagnostic(.invalidConfiguration, "fullQueueWait \(value) ignored: expected a positive duration; never waiting"))
            wait = nil
        }
        return BatchSpanProcessor.ResolvedOptions(
            maxQueueSize: queue, maxExportBatchSize: batch, scheduleDelay: delay, exportTimeout: timeout, fullQueueWait: wait,
            maxQueueBytes: bytes)
    }
}
