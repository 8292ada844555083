import Foundation
@testable import SpanKit
import TestSupport
import Testing

/// A million spans ended from eight threads into a slow collector: memory stays bounded by the
/// queue, the accounting is exact, and ending a span costs the same with or without a backlog.
///
/// It runs in a separate process (`spankit-load-probe`) so the memory figures are its own, not
/// those of the tests running in parallel with it.
@Suite struct LoadTests {
    /// Under ThreadSanitizer every memory access is instrumented; the test command says so, and
    /// the span count shrinks to keep CI within its time (the bounds checked are the same).
    static let spanCount = ProcessInfo.processInfo.environment["SPANKIT_SANITIZER"] == "thread" ? 200_000 : 1_000_000

    @Test func aMillionSpansFromEightThreadsIntoASlowCollector() async throws {
        let server = try LocalHTTPServer(respondingWith: .delayed(.milliseconds(200), then: .ok))
        defer { server.stop() }
        let queueSize = 2_048
        let run = try await ExampleProcess.run(
            "spankit-load-probe", arguments: [server.url("/v1/traces").absoluteString, String(Self.spanCount), String(queueSize)],
            timeout: .seconds(300))
        #expect(run.status == 0, "\(run)")
        let report = try JSONValue(parsing: run.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines))
        func number(_ key: String) -> Double {
            switch report[key] {
            case .int(let value)?: return Double(value)
            case .double(let value)?: return value
            default: return .nan
            }
        }
        let ended = number("ended"), exported = number("exported"), dropped = number("dropped")
        #expect(ended == Double(Self.spanCount))
        #expect(exported + dropped + number("failed") + number("spooled") == ended, "exact accounting")
        #expect(number("failed") == 0 && number("spooled") == 0 && number("pending") == 0)
        #expect(exported > 0 && dropped > 0, "a slow collector means the bounded queue drops")

        // Ending a span must not get slower as the backlog grows (generous factor: eight threads
        // share two cores, and CI may run this under ThreadSanitizer).
        let first = number("first_chunk_ns_per_span"), last = number("last_chunk_ns_per_span")
        #expect(last <= first * 5, "first chunks \(first) ns/span, last chunks \(last) ns/span")

        var memory = "not measured on this platform"
        let baseline = number("baseline_bytes"), peak = number("peak_bytes")
        if baseline > 0, peak > 0 {
            let growth = max(0, peak - baseline)
            memory = "resident memory grew by \(String(format: "%.1f", growth / 1_048_576)) MiB at peak (queue bound \(queueSize) spans)"
            #expect(growth < 64 * 1_048_576, "memory bounded by the queue, not by the \(Self.spanCount) spans ended")
        }
        ReliabilityReport.record(
            "load: \(Self.spanCount) spans, 8 threads, collector answering after 200 ms",
            "exported \(Int(exported)), dropped \(Int(dropped)), failed 0 (exact); \(memory); "
                + "per-span cost first/last chunks \(Int(first))/\(Int(last)) ns (debug build)")
    }
}
