import Foundation
import LoopbackCollector
import SpanKit

/// End-to-end throughput: producer tasks record small spans (withSpan + 5 LLM attributes)
/// through the batch processor and the OTLP/HTTP exporter (its default transport) into the
/// loopback collector.
enum EndToEnd {
    struct Configuration: CustomStringConvertible {
        var producers: Int
        var compression: Compression
        var options: BatchOptions

        /// For `--filter`: `e2e_1_gzip`, `e2e_8_none`…
        var id: String { "e2e_\(producers)_\(compression.rawValue)_\(options.maxExportBatchSize ?? 512)" }

        var description: String {
            let queue = options.maxQueueSize.map(String.init) ?? "2048"
            let batch = options.maxExportBatchSize.map(String.init) ?? "512"
            return "\(producers) producer task\(producers == 1 ? "" : "s"), \(compression == .gzip ? "gzip" : "no compression"), queue \(queue) / batch \(batch)"
        }
    }

    /// The OTLP body compression of a run.
    enum Compression: String {
        case gzip, none
    }

    struct RunResult {
        /// Offered rate in spans per second; nil for as fast as the producers can.
        var targetRate: Double?
        var seconds: Double
        /// From the first span to the end of the shutdown that delivered the queued spans.
        var deliveredSeconds: Double
        var statistics: PipelineStatistics
        var collector: lc_statistics
        var collectorSpansBefore: UInt64
        /// Paced runs: the furthest any producer fell behind its schedule, in seconds. It then
        /// offers what it owes at full speed, a burst of about this lag times the offered rate;
        /// a burst larger than the queue and the batches in flight is dropped however fast
        /// the pipeline is.
        var largestLag: Double?

        var ended: Int { statistics.ended }
        var endedRate: Double { Double(statistics.ended) / seconds }
        var exportedRate: Double { Double(statistics.exported) / seconds }
        /// Spans the collector acknowledged per second, the final drain included.
        var deliveredRate: Double { Double(statistics.exported) / deliveredSeconds }
        var receivedByCollector: Int { Int(collector.spans - collectorSpansBefore) }
        /// exported + spooled + failed + dropped == ended, and the collector saw what was exported.
        var accountingHolds: Bool {
            statistics.exported + statistics.spooled + statistics.failed + statistics.dropped == statistics.ended
                && statistics.pending == 0 && receivedByCollector == statistics.exported
        }
        var isLossless: Bool { statistics.dropped == 0 && statistics.failed == 0 && accountingHolds }
        /// Whether the producers actually offered the target rate (within 3 %).
        var metTarget: Bool { targetRate.map { endedRate >= $0 * 0.97 } ?? true }

        var line: String {
            let target = targetRate.map { "offered " + rate($0) } ?? "offered max"
            let s = statistics
            return "\(target.padded(16)) ended \(s.ended) (\(rate(endedRate))), exported \(s.exported) (\(rate(exportedRate))), "
                + "dropped \(s.dropped), failed \(s.failed), spooled \(s.spooled); collector received \(receivedByCollector)"
                + (accountingHolds ? "; exported + dropped + failed + spooled = ended ✓" : "; ACCOUNTING MISMATCH")
                + lagNote
        }

        /// The largest lag behind the pacing and the burst it made, for a paced run.
        private var lagNote: String {
            guard let largestLag, let targetRate else { return "" }
            return "; largest lag behind the pacing \(fixed(largestLag * 1000, 1)) ms (a burst of about \(Int(largestLag * targetRate)) spans)"
        }
    }

    struct Sweep {
        var configuration: Configuration
        var maximum: RunResult
        var ladder: [RunResult]
        /// The highest offered rate at which every span arrived (and the producers kept up).
        var sustainableRate: Double?
    }

    static func collectorURL() -> URL? {
        struct Once { static let port: Int32 = lc_start() }
        guard Once.port > 0 else { return nil }
        return URL(string: "http://127.0.0.1:\(Once.port)/v1/traces")
    }

    /// One run: `producers` tasks offering `rate` spans per second in total (nil: unpaced) for
    /// `seconds` (or until they ended `spans` spans), then a shutdown that delivers what is
    /// queued. `record` writes each span's attributes.
    static func run(
        _ configuration: Configuration, rate targetRate: Double?, seconds: Double, spans: Int? = nil, url: URL,
        record: @escaping @Sendable (Span) -> Void = SpanBenchmarks.setFiveLLMAttributes
    ) async -> RunResult {
        // The OTLP destination as an application configures it: the batch processor in front of
        // the OTLP/HTTP exporter.
        var settings = SpanKitSystem.Configuration(
            destination: .otlp, serviceName: "spankit-bench",
            environment: ["OTEL_EXPORTER_OTLP_COMPRESSION": configuration.compression == .gzip ? "gzip" : "none"])
        settings.otlpEndpoint = url
        settings.sendsPhoenixAnnotations = false
        configuration.options.apply(to: &settings)
        let tracer = SpanKitSystem.makeTracer(settings)
        let collectorBefore = lc_read_statistics().spans

        let producers = configuration.producers
        let start = monotonicNanoseconds()
        let deadline = start + UInt64(seconds * 1e9)
        let largestLag = await withTaskGroup(of: Double.self) { group in
            for _ in 0..<producers {
                group.addTask {
                    await produce(tracer: tracer, rate: targetRate.map { $0 / Double(producers) }, limit: spans.map { $0 / producers },
                                  start: start, deadline: deadline, record: record)
                }
            }
            return await group.reduce(0, max)
        }
        let elapsed = Double(monotonicNanoseconds() - start) / 1e9
        _ = await tracer.shutdown(deadline: .now + .seconds(60))
        let delivered = Double(monotonicNanoseconds() - start) / 1e9
        // The collector counts a request just before it answers; give the last answer a moment.
        var collector = lc_read_statistics()
        for _ in 0..<100 where Int(collector.spans - collectorBefore) < tracer.statistics.exported {
            try? await Task.sleep(for: .milliseconds(10))
            collector = lc_read_statistics()
        }
        return RunResult(targetRate: targetRate, seconds: elapsed, deliveredSeconds: delivered, statistics: tracer.statistics, collector: collector,
                         collectorSpansBefore: collectorBefore, largestLag: targetRate == nil ? nil : largestLag)
    }

    /// Records spans in chunks; a paced producer sleeps when it is ahead of its share of the
    /// rate, an unpaced one yields between chunks so the exporter's tasks still get the pool.
    /// Returns how far (in seconds) a paced producer fell behind its schedule at worst.
    static func produce(
        tracer: Tracer, rate: Double?, limit: Int?, start: UInt64, deadline: UInt64, record: (Span) -> Void
    ) async -> Double {
        let chunk = 64
        var produced = 0
        var largestLag = 0.0
        while true {
            let now = monotonicNanoseconds()
            if now >= deadline || produced >= limit ?? .max { return largestLag }
            var allowed = min(chunk, (limit ?? .max) - produced)
            if let rate {
                let due = Int(Double(now - start) / 1e9 * rate) - produced
                largestLag = max(largestLag, Double(due) / rate)
                if due <= 0 {
                    try? await Task.sleep(for: .microseconds(200))
                    continue
                }
                allowed = min(due, allowed)
            }
            for _ in 0..<allowed {
                tracer.withSpan("chat-completion", kind: .llm, record)
            }
            produced += allowed
            await Task.yield()
        }
    }

    /// The maximum rate first, then a ladder of offered rates up to the first one that loses a
    /// span (or that the producers cannot offer), refined once between the last good rate and it.
    static func sweep(_ configuration: Configuration, seconds: Double, smoke: Bool, url: URL, log: (String) -> Void) async -> Sweep {
        log("  \(configuration):")
        let maximum = await run(configuration, rate: nil, seconds: seconds, url: url)
        log("    " + maximum.line)
        var ladder: [RunResult] = []
        var rates: [Double] = smoke ? [100_000] : [100_000, 250_000, 500_000, 750_000, 1_000_000, 1_250_000, 1_500_000, 2_000_000]
        var lastGood: Double?
        var firstBad: Double?
        while !rates.isEmpty {
            let rate = rates.removeFirst()
            let result = await run(configuration, rate: rate, seconds: seconds, url: url)
            log("    " + result.line + (result.metTarget ? "" : " (producers fell short of the offered rate)"))
            ladder.append(result)
            if result.isLossless && result.metTarget {
                lastGood = rate
            } else {
                firstBad = rate
                break
            }
        }
        if !smoke, let good = lastGood, let bad = firstBad, bad - good > 100_000 {
            let middle = ((good + bad) / 2 / 50_000).rounded(.down) * 50_000
            let result = await run(configuration, rate: middle, seconds: seconds, url: url)
            log("    " + result.line + (result.metTarget ? "" : " (producers fell short of the offered rate)"))
            ladder.append(result)
            if result.isLossless && result.metTarget { lastGood = middle }
        }
        return Sweep(configuration: configuration, maximum: maximum, ladder: ladder, sustainableRate: lastGood)
    }
}

func rate(_ spansPerSecond: Double) -> String {
    spansPerSecond >= 1_000_000 ? fixed(spansPerSecond / 1_000_000, 2) + " M/s" : fixed(spansPerSecond / 1000, 0) + " k/s"
}
