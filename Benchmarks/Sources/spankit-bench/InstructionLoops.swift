import Foundation
import OpenInference
@_spi(Benchmarks) import SpanKit

/// `spankit-bench --loop ID COUNT`: runs one operation a fixed number of times and prints
/// nothing else, for counting instructions. Instruction counts do not depend on the machine's
/// load, unlike the timed rounds, so they are what to iterate with on a shared machine. This VM
/// has no hardware counters for `perf stat`, and valgrind cannot read the harness's debug
/// information, so: `strip --strip-debug` a copy, run it under `valgrind --tool=callgrind
/// --toggle-collect='*measuredLoop*'`, and divide the instructions by COUNT.
enum InstructionLoops {
    static let ids = [
        "noop_start_end", "noop_with_span", "noop_attrs5", "batch_start_end", "batch_attrs5", "batch_attrs5_start", "noop_attrs5_start", "sampled_out_start", "sampled_out", "llm_2x100", "llm_20x1k", "llm_100x100",
        "encode_compact", "encode_full", "drained_start_end", "drained_attrs5_start", "drained_attrs5",
    ]

    static func run(id: String, count: Int) {
        let noop = Tracer(processor: NoopProcessor())
        let unsampled = Tracers.batch(sampler: .alwaysOff)
        // The production batch processor, its worker on the export thread (under callgrind the
        // threads run in turn; only the loop's own thread is counted).
        // The `drained_` loops stop after each 512 spans until the worker exported them, so
        // that it runs under callgrind too and the spans take the path they take in the timed
        // rows (queued and exported, their storages reused) instead of meeting a full queue.
        let drained = id.hasPrefix("drained_")
        let batch = id.hasPrefix("batch_") || drained ? Tracers.batch() : noop
        let operation: () -> Void
        switch id {
        case "noop_start_end": operation = { noop.startSpan("chat").end() }
        case "noop_with_span": operation = { noop.withSpan("chat") { _ in } }
        case "batch_start_end", "drained_start_end": operation = { batch.startSpan("chat").end() }
        case "batch_attrs5", "drained_attrs5": operation = withFiveAttributes(batch)
        case "noop_attrs5": operation = withFiveAttributes(noop)
        case "sampled_out": operation = withFiveAttributes(unsampled)
        case "batch_attrs5_start", "drained_attrs5_start": operation = startFiveAttributesEnd(batch)
        case "noop_attrs5_start": operation = startFiveAttributesEnd(noop)
        case "sampled_out_start": operation = startFiveAttributesEnd(unsampled)
        case "encode_compact", "encode_full":
            // One operation encodes a whole batch of EncodingBenchmarks' fixture (512 spans, as
            // the `encoding` rows do): divide the instructions by COUNT × 512.
            let fixtures = EncodingBenchmarks.Fixtures()
            let records = id == "encode_compact" ? fixtures.compact : fixtures.full
            operation = { blackHole(try? fixtures.encoder.encode(records)) }
        default:
            guard let size = LLMSpanSize.all.first(where: { $0.id == id }) else {
                FileHandle.standardError.write(Data("unknown loop \(id); one of \(ids.joined(separator: ", "))\n".utf8))
                exit(2)
            }
            operation = { noop.withSpan("chat-completion", kind: .llm) { span in size.record(on: span) } }
        }
        for _ in 0..<min(count, 100) { operation() }  // warm-up: first-use costs stay out
        if drained {
            var left = count
            while left > 0 {
                let chunk = min(left, 512)
                measuredLoop(chunk, operation)
                left -= chunk
                while batch.statistics.pending > 0 { usleep(100) }
            }
        } else {
            measuredLoop(count, operation)
        }
        if id.hasPrefix("batch_") || drained {
            // What the processor did with them: a loop that outruns the export thread drops.
            FileHandle.standardError.write(Data("\(id): \(batch.statistics)\n".utf8))
        }
        blackHole(unsampled)
    }

    /// `withSpan` + 5 LLM attributes, the `attrs5` and `sampled_out` rows' operation.
    static func withFiveAttributes(_ tracer: Tracer) -> () -> Void {
        { tracer.withSpan("chat-completion", kind: .llm) { span in SpanBenchmarks.setFiveLLMAttributes(span) } }
    }

    /// `startSpan` + 5 LLM attributes + `end()`, the `attrs5_start` and `sampled_out_start` rows' operation.
    static func startFiveAttributesEnd(_ tracer: Tracer) -> () -> Void {
        {
            let span = tracer.startSpan("chat-completion", kind: .llm)
            SpanBenchmarks.setFiveLLMAttributes(span)
            span.end()
        }
    }

    /// The loop to count (`valgrind --tool=callgrind --toggle-collect='*measuredLoop*'`).
    @inline(never)
    static func measuredLoop(_ count: Int, _ operation: () -> Void) {
        for _ in 0..<count { operation() }
    }
}
