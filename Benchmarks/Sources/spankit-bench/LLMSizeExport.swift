import Foundation
@_spi(Benchmarks) import SpanKit

/// Issue 18's span sizes from the exporter's side: what encoding one costs, how many bytes it
/// puts on the wire, and how many the default pipeline delivers per second into the loopback
/// collector. The caller's cost of the same spans is `LLMSizeBenchmarks`.
enum LLMSizeExport {
    /// Encoding a whole batch is one call (up to 150 ms for the largest), so fewer rounds than
    /// the microbenchmarks', of as little as one call.
    static let plan = Plan(rounds: 11, roundNanoseconds: 40_000_000, warmupNanoseconds: 40_000_000, minimumCalls: 1)
    static let smokePlan = Plan(rounds: 3, roundNanoseconds: 2_000_000, warmupNanoseconds: 2_000_000, minimumCalls: 1)

    /// The batch processor's default batch (512), except for the 100-message sizes: 64 of those
    /// (a 512-span batch of 100 × 2 KB messages would be a 200 MB body, and the default byte
    /// budget cuts their batches far smaller anyway), which also keeps the run short.
    static func batchSize(of size: LLMSpanSize, smoke: Bool) -> Int {
        smoke ? 4 : size.id.hasPrefix("llm_100x") ? 64 : 512
    }

    /// One size's spans, each with its own text so a batch compresses as real conversations do.
    struct Batch {
        let size: LLMSpanSize
        let variants: [LLMSpanSize]
        let records: [SpanRecord]

        init(_ size: LLMSpanSize, count: Int) {
            self.size = size
            variants = (0..<count).map { size.varied(seed: $0 * 7919) }
            let tracer = Tracer(processor: nil)
            records = variants.map { variant in
                let span = tracer.startSpan("chat-completion", kind: .llm, otelKind: .client)
                variant.record(on: span)
                span.end()
                return span.record!
            }
        }
    }

    struct Result {
        var id: String
        var title: String
        var batchSize: Int
        var encode: Measurement
        var encodeGzip: Measurement
        var bytesPerSpan: Double
        var gzipBytesPerSpan: Double
        var delivered: EndToEnd.RunResult?
    }

    static func batches(smoke: Bool) -> [Batch] {
        LLMSpanSize.all.filter { Filter.wants($0.id) }.map { Batch($0, count: batchSize(of: $0, smoke: smoke)) }
    }

    /// Encode costs and sizes of every batch, then one unpaced delivered run per size.
    static func run(_ batches: [Batch], smoke: Bool, url: URL?, log: (String) -> Void) async -> [Result] {
        let plan = smoke ? smokePlan : Self.plan
        let encoder = OTLPTraceEncoder(serviceName: "spankit-bench")
        var results: [Result] = []
        for batch in batches {
            let records = batch.records
            let body = (try? encoder.encode(records)) ?? []
            let compressed = (try? Gzip.compress(body, level: .fastest)) ?? []
            let encode = measure(plan, operationsPerCall: records.count) { blackHole(try? encoder.encode(records)) }
            let encodeGzip = measure(plan, operationsPerCall: records.count) {
                blackHole(try? Gzip.compress(encoder.encode(records), level: .fastest))
            }
            var result = Result(
                id: batch.size.id, title: batch.size.title, batchSize: records.count, encode: encode, encodeGzip: encodeGzip,
                bytesPerSpan: Double(body.count) / Double(records.count),
                gzipBytesPerSpan: Double(compressed.count) / Double(records.count))
            log("  " + batch.size.title.padded(50) + formatNanoseconds(encode.median).leftPadded(10) + "/span encode, "
                + formatNanoseconds(encodeGzip.median) + "/span + gzip; " + fixed(result.bytesPerSpan, 0) + " B/span, "
                + fixed(result.gzipBytesPerSpan, 0) + " B/span gzipped")
            if let url {
                result.delivered = await deliver(batch, perSpanNanoseconds: encodeGzip.median, smoke: smoke, url: url)
                log("    delivered: " + (result.delivered?.line ?? ""))
            }
            results.append(result)
        }
        return results
    }

    /// The default pipeline (OTLP, gzip, default queue, batch and byte budget), one producer
    /// ending spans of this size unpaced: about 1.5 s of exporter work at the measured encode
    /// cost (the producer, faster, ends them sooner and the queue drops what it cannot hold).
    static func deliver(_ batch: Batch, perSpanNanoseconds: Double, smoke: Bool, url: URL) async -> EndToEnd.RunResult {
        let seconds = smoke ? 0.15 : 1.5
        let spans = max(smoke ? 32 : 256, min(2_000_000, Int(seconds * 1e9 / max(perSpanNanoseconds * 2, 500))))
        let variants = batch.variants
        return await EndToEnd.run(
            EndToEnd.Configuration(producers: 1, compression: .gzip, options: .init()), rate: nil, seconds: smoke ? 1 : 10,
            spans: spans, url: url
        ) { span in
            variants[Int.random(in: 0..<variants.count)].record(on: span)
        }
    }

    static func markdown(_ results: [Result], reference: Reference.Results?) -> [String] {
        var lines = [
            "| LLM span size (OTLP protobuf; default pipeline into the loopback collector) | spans per batch | encode | Python encode | Python ÷ SpanKit "
                + "| encode + gzip | Python encode + gzip | bytes/span | Python bytes/span | gzipped bytes/span | Python gzipped | delivered spans/s | ended / exported / dropped / collector |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
        ]
        for result in results {
            let python = reference?.figures["otlp_\(result.id)"]?.median
            let pythonGzip = reference?.figures["otlp_gzip_\(result.id)"]?.median
            let bytes = reference?.llmSizeBytesPerSpan[result.id]
            let speedup = python.map { fixed($0 / result.encode.median, 1) + "×" } ?? "–"
            var delivered = "–"
            var accounting = "not run"
            if let run = result.delivered {
                let s = run.statistics
                delivered = run.deliveredRate >= 10_000 ? rate(run.deliveredRate) : fixed(run.deliveredRate, 0) + " /s"
                accounting = "\(s.ended) / \(s.exported) / \(s.dropped) / \(run.receivedByCollector)" + (run.accountingHolds ? " ✓" : " **MISMATCH**")
            }
            lines.append("| \(result.title) | \(result.batchSize) | \(formatNanoseconds(result.encode.median)) | \(python.map(formatNanoseconds) ?? "–") | \(speedup) "
                + "| \(formatNanoseconds(result.encodeGzip.median)) | \(pythonGzip.map(formatNanoseconds) ?? "–") | \(fixed(result.bytesPerSpan, 0)) "
                + "| \(bytes.map { fixed($0.protobuf, 0) } ?? "–") | \(fixed(result.gzipBytesPerSpan, 0)) | \(bytes.map { fixed($0.gzip, 0) } ?? "–") "
                + "| \(delivered) | \(accounting) |")
        }
        lines.append("")
        lines.append("Encode figures are per span, medians over batches of the size shown; gzip at the fastest level, as the exporter sends. "
            + "Delivered spans/s: exported spans ÷ the time from the first span to the end of the shutdown that delivered the queue.")
        return lines
    }

    /// A size whose encode did not run, or whose delivered run lost count of a span.
    static func smokeFailures(_ results: [Result]) -> [String] {
        results.compactMap { result in
            if !(result.encode.median > 0 && result.encodeGzip.median > 0 && result.bytesPerSpan > 0) {
                return "\(result.title): no encode measured"
            }
            if let run = result.delivered, !run.accountingHolds || run.statistics.exported == 0 {
                return "\(result.title) delivered: " + run.line
            }
            return nil
        }
    }
}
