// `spankit-load-probe --conversations <collector URL>`: the memory figure of issue 18. Ends 500
// LLM spans of 100 messages of 2 KB each into the default pipeline (OTLP, gzip, default queue)
// while the collector is down (point it at a closed port), shuts down, and prints one JSON
// object with the accounting (the 100 warm-up spans included) and the resident memory: the
// baseline after a warm-up and the process's peak (VmHWM), both from /proc/self/status.
// SPANKIT_BSP_MAX_QUEUE_BYTES, alone of the environment, is passed to the configuration.
import Foundation
@_spi(Benchmarks) import SpanKit

func statusBytes(_ field: String) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
          let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return -1 }
    return kilobytes * 1024
}

func runConversationScenario(collector: URL) async {
    // Only the byte budget may come from the environment, to see how the peak follows it.
    let budget = ProcessInfo.processInfo.environment["SPANKIT_BSP_MAX_QUEUE_BYTES"]
    var configuration = SpanKitSystem.Configuration(destination: .otlp, environment: budget.map { ["SPANKIT_BSP_MAX_QUEUE_BYTES": $0] } ?? [:])
    configuration.otlpEndpoint = collector
    configuration.sendsPhoenixAnnotations = false
    // The baseline is the runtime with SpanKit's export machinery started once: a first
    // pipeline exports (to the same closed port) and shuts down, so the export and compression
    // threads, zlib, the HTTP client's threads and the export path's first-use allocations are
    // in the baseline, as in any app that exported before. Its spans count as warm-up spans.
    var warmUp = configuration
    warmUp.environment = (warmUp.environment ?? [:]).merging(["OTEL_BSP_EXPORT_TIMEOUT": "200"]) { $1 }
    let warmUpTracer = SpanKitSystem.makeTracer(warmUp)
    for index in 0..<50 {
        let span = warmUpTracer.startSpan("warm-up", kind: .llm, parent: .root)
        span.setInputMessages([.user("warm-up \(index)")])
        span.end()
    }
    _ = await warmUpTracer.shutdown(deadline: .now + .seconds(5))
    let tracer = SpanKitSystem.makeTracer(configuration)
    for index in 0..<50 {
        let span = tracer.startSpan("warm-up", parent: .root)
        span.setAttribute("index", .int(index))
        span.end()
    }
    let baseline = statusBytes("VmRSS")
    let started = ContinuousClock.now
    for index in 0..<500 {
        let span = tracer.startSpan("conversation", kind: .llm, parent: .root)
        span.setLLM(model: "gpt-4o-mini", provider: .openai)
        // Each message its own 2 KB string, allocated at its size as decoded text is (a string
        // grown by appending can hold twice its length, which the budget's estimate, counting
        // UTF-8 bytes, does not see: see the exporting guide).
        span.setInputMessages((0..<100).map { message in
            let text = String(decoding: Array(repeating: UInt8(ascii: "x"), count: 1_990) + Array(String(format: "%05d%05d", index, message).utf8), as: UTF8.self)
            return message % 2 == 0 ? .user(text) : .assistant(text)
        })
        span.end()
    }
    let endedAfter = ContinuousClock.now - started
    _ = await tracer.shutdown(deadline: .now + .seconds(60))
    var statistics = tracer.statistics
    let warmUpStatistics = warmUpTracer.statistics
    statistics.ended += warmUpStatistics.ended
    statistics.exported += warmUpStatistics.exported
    statistics.dropped += warmUpStatistics.dropped
    statistics.failed += warmUpStatistics.failed
    statistics.spooled += warmUpStatistics.spooled
    let report: JSONValue = [
        "ended": .int(statistics.ended), "warm_up_spans": 100, "exported": .int(statistics.exported), "dropped": .int(statistics.dropped),
        "failed": .int(statistics.failed), "spooled": .int(statistics.spooled),
        "baseline_rss_bytes": .int(baseline), "peak_rss_bytes": .int(statusBytes("VmHWM")),
        "ending_seconds": .double(Double(endedAfter.components.seconds) + Double(endedAfter.components.attoseconds) / 1e18),
    ]
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    print(String(decoding: (try? encoder.encode(report)) ?? Data(), as: UTF8.self))
    exit(0)
}
