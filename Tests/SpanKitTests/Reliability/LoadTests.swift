import Foundation
import SpanKit
import TestSupport
import Testing

/// A million spans ended from eight threads into a slow collector: memory stays bounded by the
/// queue, the accounting is exact, and ending a span costs the same with or without a backlog.
@Suite(.serialized) struct LoadTests {
    /// Resident memory in bytes (Linux `/proc/self/status`), nil elsewhere.
    static func residentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kilobytes * 1024
    }

    /// Under ThreadSanitizer every memory access is instrumented; the test command says so, and
    /// the span count shrinks to keep CI within its time (the bounds checked are the same).
    static let spanCount = ProcessInfo.processInfo.environment["SPANKIT_SANITIZER"] == "thread" ? 200_000 : 1_000_000

    @Test func aMillionSpansFromEightThreadsIntoASlowCollector() async throws {
        let server = try LocalHTTPServer(respondingWith: .delayed(.milliseconds(200), then: .ok))
        defer { server.stop() }
        let exporter = OTLPExporter(configuration: OTLPExporterConfiguration(
            endpoint: server.url("/v1/traces"), compression: OTLPCompression.none, sendsPhoenixAnnotations: false,
            settings: HTTPExportSettings(timeout: .seconds(10), retryPolicy: .none), environment: [:]))
        let queueSize = 2_048
        let processor = BatchSpanProcessor(
            exporter: exporter, options: .init(maxQueueSize: queueSize, maxExportBatchSize: 512, scheduleDelay: .milliseconds(50)),
            environment: [:])
        let tracer = Tracer(configuration: TracerConfiguration(environment: [:]), processor: processor)
        let before = Self.residentBytes()

        let perThread = Self.spanCount / 8
        let chunk = perThread / 20
        let timings = ChunkTimings()
        let peak = PeakMemory()
        let group = DispatchGroup()
        for thread in 0..<8 {
            group.enter()
            Thread {
                var durations: [UInt64] = []
                for start in stride(from: 0, to: perThread, by: chunk) {
                    let began = DispatchTime.now().uptimeNanoseconds
                    for index in start..<min(start + chunk, perThread) {
                        let span = tracer.startSpan("load", kind: .llm, parent: .root)
                        span.setAttribute("thread", thread)
                        span.setAttribute("index", index)
                        span.end()
                    }
                    durations.append(DispatchTime.now().uptimeNanoseconds - began)
                    if thread == 0, let resident = Self.residentBytes() { peak.observe(resident) }
                }
                timings.append(durations)
                group.leave()
            }.start()
        }
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                group.wait()
                continuation.resume()
            }
        }
        let result = await processor.shutdown(deadline: .now + .seconds(60))
        let statistics = processor.statistics
        #expect(statistics.ended == Self.spanCount)
        #expect(statistics.exported + statistics.dropped + statistics.failed + statistics.spooled == statistics.ended)
        #expect(statistics.failed == 0 && statistics.spooled == 0 && result.pending == 0)
        #expect(statistics.exported > 0 && statistics.dropped > 0, "a slow collector means the bounded queue drops")

        // Ending a span must not get slower as the backlog grows: compare the first and last
        // chunks of each thread (medians across threads, generous factor for a shared 2-core VM).
        let perChunk = timings.all
        let first = Self.median(perChunk.map { $0.prefix(3).reduce(0, +) })
        let last = Self.median(perChunk.map { $0.suffix(3).reduce(0, +) })
        #expect(Double(last) <= Double(first) * 5, "first chunks \(first) ns, last chunks \(last) ns")

        var memory = "not measured on this platform"
        if let before, let highest = peak.value {
            let growth = highest - before
            memory = "resident memory grew by \(growth / 1_048_576) MiB at peak (queue bound \(queueSize) spans)"
            #expect(growth < 256 * 1_048_576, "memory bounded by the queue, not by the \(Self.spanCount) spans ended")
        }
        let nanosPerSpan = Double(last) / Double(3 * chunk)
        ReliabilityReport.record(
            "load: \(Self.spanCount) spans, 8 threads, collector answering after 200 ms",
            "exported \(statistics.exported), dropped \(statistics.dropped), failed 0 (exact); \(memory); "
                + "per-span cost first/last chunks \(String(format: "%.0f", Double(first) / Double(3 * chunk)))/\(String(format: "%.0f", nanosPerSpan)) ns")
    }

    static func median(_ values: [UInt64]) -> UInt64 {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}

/// Collects the threads' chunk timings; `@unchecked Sendable` is safe because access goes
/// through `lock`.
private final class ChunkTimings: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [[UInt64]] = []
    func append(_ durations: [UInt64]) { lock.withLock { values.append(durations) } }
    var all: [[UInt64]] { lock.withLock { values } }
}

/// The highest resident size observed; `@unchecked Sendable` is safe because access goes
/// through `lock`.
private final class PeakMemory: @unchecked Sendable {
    private let lock = NSLock()
    private var highest: Int?
    func observe(_ bytes: Int) { lock.withLock { highest = max(highest ?? 0, bytes) } }
    var value: Int? { lock.withLock { highest } }
}
