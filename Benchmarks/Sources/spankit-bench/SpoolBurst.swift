import Foundation
import LoopbackCollector
import SpanKit

/// A burst into the default pipeline with a spool: producer tasks end spans as fast as they can
/// (withSpan + 5 LLM attributes), the queue overflows, the overflow is spilled to the spool, and
/// the spool is replayed once the exporter catches up. Nothing may be dropped.
enum SpoolBurst {
    struct Result {
        var producers: Int
        var seconds: Double
        var drainSeconds: Double
        var statistics: PipelineStatistics
        var receivedByCollector: Int
        var filesLeft: Int

        /// Every span exported or spooled, nothing dropped or failed, every spooled span
        /// replayed, the collector saw each span once, and the spool is empty.
        var holds: Bool {
            let s = statistics
            return s.dropped == 0 && s.failed == 0 && s.exported + s.spooled == s.ended
                && s.recoveredFromSpool == s.spooled && receivedByCollector == s.ended && filesLeft == 0
        }

        var line: String {
            let s = statistics
            return "\(producers) producer tasks, gzip, queue 2048 / batch 512, spool: ended \(s.ended) in \(fixed(seconds, 2)) s "
                + "(\(rate(Double(s.ended) / seconds))), exported \(s.exported), spooled \(s.spooled), dropped \(s.dropped), failed \(s.failed); "
                + "replayed from the spool \(s.recoveredFromSpool), spool drained \(fixed(drainSeconds, 2)) s after the burst, "
                + "\(filesLeft) files left; collector received \(receivedByCollector)"
                + (holds ? "; exported + spooled = ended, 0 dropped ✓" : "; MISMATCH")
        }
    }

    static func run(spans: Int, producers: Int, url: URL) async -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spankit-bench-spool-\(getpid())")
        try? FileManager.default.removeItem(at: directory)
        defer { try? FileManager.default.removeItem(at: directory) }
        var settings = SpanKitSystem.Configuration(destination: .otlp, serviceName: "spankit-bench", environment: [:])
        settings.otlpEndpoint = url
        settings.sendsPhoenixAnnotations = false
        settings.spoolDirectory = directory
        settings.spoolMaxBytes = 1 << 30
        let tracer = SpanKitSystem.makeTracer(settings)
        let before = lc_read_statistics().spans

        let start = monotonicNanoseconds()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<producers {
                group.addTask {
                    for index in 0..<(spans / producers) {
                        tracer.withSpan("chat-completion", kind: .llm) { span in SpanBenchmarks.setFiveLLMAttributes(span) }
                        if index % 64 == 63 { await Task.yield() }
                    }
                }
            }
        }
        let burstEnd = monotonicNanoseconds()
        _ = await tracer.flush(deadline: .now + .seconds(120))
        // The worker replays the spool while idle; wait for the collector to have everything.
        var received = Int(lc_read_statistics().spans - before)
        for _ in 0..<6000 where received < tracer.statistics.ended || spoolFiles(directory) > 0 {
            try? await Task.sleep(for: .milliseconds(10))
            received = Int(lc_read_statistics().spans - before)
        }
        let drained = monotonicNanoseconds()
        _ = await tracer.shutdown(deadline: .now + .seconds(60))
        return Result(
            producers: producers, seconds: Double(burstEnd - start) / 1e9, drainSeconds: Double(drained - burstEnd) / 1e9,
            statistics: tracer.statistics, receivedByCollector: Int(lc_read_statistics().spans - before),
            filesLeft: spoolFiles(directory))
    }

    static func spoolFiles(_ directory: URL) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".spool") }.count
    }
}
