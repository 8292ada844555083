import MallocCounter
@_spi(Benchmarks) import SpanKit

/// Memory per queued span: heap bytes in use (glibc's own count, all threads) before and after
/// ending `count` spans into a batch processor whose queue holds them all and never exports
/// until shutdown. It runs before the end-to-end section, whose exporters and sessions would
/// free memory on other threads during the measurement.
enum MemoryBenchmarks {
    struct Result {
        var title: String
        /// Heap bytes in use (allocator overhead included) per queued span.
        var bytesPerSpan: Double
        /// Bytes the calling thread asked the allocator for, per span: a cross-check that other
        /// threads cannot disturb (it leaves out the allocator's own overhead).
        var requestedBytesPerSpan: Double
        var count: Int
        /// The queue's slot for the span: the batch processor allocates all its slots when it
        /// starts (so they are not in `bytesPerSpan`): a reference to the ended span and its size.
        var slotBytes: Double { Double(BenchmarkAccess.queueSlotBytes) }
        /// What one more queued span costs: its heap memory plus its queue slot.
        var totalBytesPerSpan: Double { bytesPerSpan + slotBytes }
    }

    static func run(count: Int, log: (String) -> Void) async -> [Result] {
        guard mc_is_available() != 0 else {
            log("  (heap counters unavailable on this platform)")
            return []
        }
        var results: [Result] = []
        results.append(await queued("small span (withSpan, no attributes)", count: count) { tracer in
            tracer.withSpan("chat") { _ in }
        })
        results.append(await queued("small LLM span (withSpan + 5 LLM attributes)", count: count) { tracer in
            tracer.withSpan("chat-completion", kind: .llm) { span in SpanBenchmarks.setFiveLLMAttributes(span) }
        })
        for result in results {
            log("  " + result.title.padded(46) + (fixed(result.totalBytesPerSpan, 0) + " B").leftPadded(10)
                + "/queued span (heap \(fixed(result.bytesPerSpan, 0)) B, \(fixed(result.requestedBytesPerSpan, 0)) B requested; "
                + "queue slot \(fixed(result.slotBytes, 0)) B; \(result.count) queued)")
        }
        return results
    }

    static func queued(_ title: String, count: Int, _ record: (Tracer) -> Void) async -> Result {
        let exporter = DiscardingExporter()
        // One more slot than spans, so the queue never reaches a full batch and the worker never
        // takes any; and a byte budget whose thirty-second (a batch by bytes) the spans never
        // reach: with 1 GiB, 100,000 LLM spans (65 MB) made a batch, and a worker that woke in
        // time exported part of them during the count.
        let options = BatchOptions(maxQueueSize: count + 1, maxExportBatchSize: count + 1, scheduleDelay: .seconds(3600))
        let tracer = Tracers.batch(exporter: exporter, options: options, maxQueueBytes: 1 << 40)
        // One span first, so one-time allocations (thread state, lazy globals) are not counted.
        record(tracer)
        let before = mc_bytes_in_use()
        let requestedBefore = mc_thread_allocated_bytes()
        for _ in 1..<count { record(tracer) }
        let requestedAfter = mc_thread_allocated_bytes()
        let after = mc_bytes_in_use()
        let queued = tracer.statistics.pending
        _ = await tracer.shutdown(deadline: .now + .seconds(30))
        return Result(
            title: title, bytesPerSpan: Double(Int64(after) - Int64(before)) / Double(count - 1),
            requestedBytesPerSpan: Double(requestedAfter - requestedBefore) / Double(count - 1), count: queued)
    }
}
