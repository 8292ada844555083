// A separate process for the load test, so its resident-memory figures are its own and not
// those of the test suite running around it.
//
//   spankit-load-probe <collector URL> <span count> <queue size>
//   spankit-load-probe --conversations <collector URL>   (see ConversationScenario.swift)
//
// Ends <span count> spans from eight threads into the OTLP exporter pointed at the collector,
// shuts down, and prints one JSON object with the accounting, memory and per-span timings.
import Foundation
@_spi(Benchmarks) import SpanKit

func residentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return -1 }
    return kilobytes * 1024
}

let arguments = CommandLine.arguments
if arguments.count == 3, arguments[1] == "--conversations", let collector = URL(string: arguments[2]) {
    await runConversationScenario(collector: collector)
}
guard arguments.count == 4, let collector = URL(string: arguments[1]), let spanCount = Int(arguments[2]), let queueSize = Int(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: spankit-load-probe <collector URL> <span count> <queue size>\n".utf8))
    exit(2)
}

var configuration = SpanKitSystem.Configuration(destination: .otlp, environment: ["OTEL_EXPORTER_OTLP_COMPRESSION": "none"])
configuration.otlpEndpoint = collector
configuration.sendsPhoenixAnnotations = false
configuration.requestTimeout = .seconds(10)
configuration.maxAttempts = 1
configuration.maxQueueSize = queueSize
configuration.maxExportBatchSize = 512
configuration.scheduleDelay = .milliseconds(50)
let tracer = SpanKitSystem.makeTracer(configuration)

// Warm up so the baseline includes the runtime, the worker and a first connection.
for index in 0..<1_000 {
    let span = tracer.startSpan("warm-up", parent: .root)
    span.setAttribute("index", .int(index))
    span.end()
}
_ = await tracer.flush(deadline: .now + .seconds(10))
let baseline = residentBytes()

final class Sampler: @unchecked Sendable {
    // Guarded by `lock`: written by the producer threads.
    private let lock = NSLock()
    private var peak = 0
    private var chunks: [[UInt64]] = []
    func observe(_ bytes: Int) { lock.withLock { peak = max(peak, bytes) } }
    func add(_ durations: [UInt64]) { lock.withLock { chunks.append(durations) } }
    var highest: Int { lock.withLock { peak } }
    var all: [[UInt64]] { lock.withLock { chunks } }
}

let sampler = Sampler()
let perThread = spanCount / 8
let chunk = max(1, perThread / 20)
let group = DispatchGroup()
for thread in 0..<8 {
    group.enter()
    Thread {
        var durations: [UInt64] = []
        for start in stride(from: 0, to: perThread, by: chunk) {
            let began = DispatchTime.now().uptimeNanoseconds
            for index in start..<min(start + chunk, perThread) {
                let span = tracer.startSpan("load", kind: .llm, parent: .root)
                span.setAttribute("thread", .int(thread))
                span.setAttribute("index", .int(index))
                span.end()
            }
            durations.append(DispatchTime.now().uptimeNanoseconds - began)
            sampler.observe(residentBytes())
        }
        sampler.add(durations)
        group.leave()
    }.start()
}
group.wait()
let result = await tracer.shutdown(deadline: .now + .seconds(60))
let statistics = tracer.statistics

func median(_ values: [UInt64]) -> UInt64 { values.sorted()[values.count / 2] }
let chunks = sampler.all
let firstChunks = median(chunks.map { $0.prefix(3).reduce(0, +) })
let lastChunks = median(chunks.map { $0.suffix(3).reduce(0, +) })
let report: JSONValue = [
    "ended": .int(statistics.ended - 1_000), "exported": .int(statistics.exported - 1_000), "dropped": .int(statistics.dropped),
    "failed": .int(statistics.failed), "spooled": .int(statistics.spooled), "pending": .int(result.pending),
    "baseline_bytes": .int(baseline), "peak_bytes": .int(sampler.highest),
    "first_chunk_ns_per_span": .double(Double(firstChunks) / Double(3 * chunk)),
    "last_chunk_ns_per_span": .double(Double(lastChunks) / Double(3 * chunk)),
]
let reportEncoder = JSONEncoder()
reportEncoder.outputFormatting = .sortedKeys
print(String(decoding: try reportEncoder.encode(report), as: UTF8.self))
