import Foundation
import LoopbackCollector
import SpanKit

/// SpanKit and swift-otel 1.6.0 side by side on the identical workload: `spans` spans of
/// withSpan + 5 LLM attributes from 1 and 8 producer tasks, unpaced, each SDK with its default
/// batch settings (queue 2048, batch 512), OTLP/HTTP protobuf into the same loopback collector,
/// then a shutdown that flushes. The peer runs as its own process (`Benchmarks/SwiftOTelPeer`,
/// built by `run.sh --swift-otel`); the collector's own count gives each SDK's delivered spans.
/// Each configuration runs three times, the two SDKs in turn, and the table gives medians.
///
/// Both sides time their producers the same way (`CallerClock`): per run of 64 spans between
/// two `Task.yield()`s, the wall time and the producer thread's CPU time. A clock read per
/// span would add its own 20 ns to both sides, and the wall time alone counts the moments the
/// producer waits for a core while the export threads run (four busy threads share two cores
/// here), which made it bimodal between runs.
enum PeerComparison {
    struct Side {
        var ended: Int
        var seconds: Double
        /// Wall time per span inside `withSpan`, the producer's core shared with the exporter.
        var callerNanoseconds: Double
        /// The producer thread's CPU time per span inside `withSpan`.
        var callerCPUNanoseconds: Double
        var received: Int

        var deliveredRate: Double { Double(received) / seconds }
        var lost: Double { ended > 0 ? Double(ended - received) / Double(ended) : 0 }
    }

    /// The medians of a configuration's rounds.
    struct Summary {
        var callerNanoseconds: Double
        var callerCPUNanoseconds: Double
        var deliveredRate: Double
        var lost: Double

        init(_ rounds: [Side]) {
            func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
            callerNanoseconds = median(rounds.map(\.callerNanoseconds))
            callerCPUNanoseconds = median(rounds.map(\.callerCPUNanoseconds))
            deliveredRate = median(rounds.map(\.deliveredRate))
            lost = median(rounds.map(\.lost))
        }
    }

    struct Result {
        var producers: Int
        var compression: EndToEnd.Compression
        var spanKitRounds: [Side] = []
        /// Empty when the peer did not run.
        var swiftOTelRounds: [Side] = []

        var spanKit: Summary { Summary(spanKitRounds) }
        var swiftOTel: Summary? { swiftOTelRounds.isEmpty ? nil : Summary(swiftOTelRounds) }
        var title: String { "\(producers) producer task\(producers == 1 ? "" : "s"), \(compression == .gzip ? "gzip" : "no compression")" }
    }

    /// Runs each configuration `rounds` times, SpanKit and swift-otel in turn, so that both see
    /// the same stretches of this shared machine's load; the table reports medians.
    static func run(peer: String, spans: Int, rounds: Int, url: URL, log: (String) -> Void) async -> [Result] {
        var results: [Result] = []
        for compression in [EndToEnd.Compression.gzip, .none] {
            for producers in [1, 8] {
                var result = Result(producers: producers, compression: compression)
                for round in 1...rounds {
                    let spanKit = await spanKit(spans: spans, producers: producers, compression: compression, url: url)
                    result.spanKitRounds.append(spanKit)
                    let swiftOTel = swiftOTel(peer, spans: spans, producers: producers, compression: compression, url: url)
                    if let swiftOTel { result.swiftOTelRounds.append(swiftOTel) }
                    log("  \(result.title), round \(round): SpanKit \(describe(spanKit)); swift-otel \(swiftOTel.map(describe) ?? "did not run")")
                }
                results.append(result)
            }
        }
        return results
    }

    static func describe(_ side: Side) -> String {
        "caller \(formatNanoseconds(side.callerCPUNanoseconds)) CPU, \(formatNanoseconds(side.callerNanoseconds)) wall/span, delivered \(side.received) of \(side.ended) in \(fixed(side.seconds, 2)) s (\(rate(side.deliveredRate)))"
    }

    static func spanKit(spans: Int, producers: Int, compression: EndToEnd.Compression, url: URL) async -> Side {
        var settings = SpanKitSystem.Configuration(
            destination: .otlp, serviceName: "spankit-bench",
            environment: ["OTEL_EXPORTER_OTLP_COMPRESSION": compression == .gzip ? "gzip" : "none"])
        settings.otlpEndpoint = url
        settings.sendsPhoenixAnnotations = false
        let tracer = SpanKitSystem.makeTracer(settings)
        let before = lc_read_statistics().spans
        let start = monotonicNanoseconds()
        let caller = await withTaskGroup(of: CallerClock.self) { group in
            for _ in 0..<producers {
                group.addTask {
                    var clock = CallerClock()
                    await clock.run(spans / producers) {
                        tracer.withSpan("chat-completion", kind: .llm) { span in SpanBenchmarks.setFiveLLMAttributes(span) }
                    }
                    return clock
                }
            }
            return await group.reduce(into: CallerClock()) { $0.add($1) }
        }
        _ = await tracer.shutdown(deadline: .now + .seconds(60))
        let seconds = Double(monotonicNanoseconds() - start) / 1e9
        let ended = spans / producers * producers
        return Side(ended: ended, seconds: seconds, callerNanoseconds: Double(caller.wall) / Double(ended),
                    callerCPUNanoseconds: Double(caller.cpu) / Double(ended), received: received(since: before, expecting: ended))
    }

    static func swiftOTel(_ peer: String, spans: Int, producers: Int, compression: EndToEnd.Compression, url: URL) -> Side? {
        let before = lc_read_statistics().spans
        let process = Process()
        process.executableURL = URL(fileURLWithPath: peer)
        process.arguments = ["--url", url.absoluteString, "--spans", String(spans), "--producers", String(producers),
                             "--compression", compression == .gzip ? "gzip" : "none"]
        let output = Pipe()
        process.standardOutput = output
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var values: [String: Double] = [:]
        for pair in String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let parts = pair.split(separator: "=")
            if parts.count == 2, let value = Double(parts[1]) { values[String(parts[0])] = value }
        }
        guard process.terminationStatus == 0, let ended = values["ended"], let seconds = values["seconds"],
              let caller = values["caller_ns_per_span"], let cpu = values["caller_cpu_ns_per_span"] else { return nil }
        return Side(ended: Int(ended), seconds: seconds, callerNanoseconds: caller, callerCPUNanoseconds: cpu,
                    received: received(since: before, expecting: Int(ended)))
    }

    /// The collector counts a request just before it answers: give the last answers a moment.
    static func received(since before: UInt64, expecting: Int) -> Int {
        var received = Int(lc_read_statistics().spans - before)
        for _ in 0..<50 where received < expecting {
            usleep(10_000)
            received = Int(lc_read_statistics().spans - before)
        }
        return received
    }

    /// The side-by-side table, with the Python SDK's caller path from the reference run
    /// (`withSpan + 5 LLM attributes`) when it ran.
    static func markdown(_ results: [Result], python: Double?, spanKitRow: Double?) -> [String] {
        var lines = [
            "| same workload, N spans unpaced, default batch settings; medians of the rounds | SpanKit caller, CPU (wall) | swift-otel caller, CPU (wall) | swift-otel ÷ SpanKit, caller CPU (wall) | SpanKit delivered | swift-otel delivered | SpanKit ÷ swift-otel (delivered) | SpanKit lost | swift-otel lost |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
        ]
        func caller(_ side: Summary) -> String { "\(formatNanoseconds(side.callerCPUNanoseconds)) (\(formatNanoseconds(side.callerNanoseconds)))" }
        for result in results {
            let s = result.spanKit
            guard let o = result.swiftOTel else {
                lines.append("| \(result.title) | \(caller(s)) | – | – | \(rate(s.deliveredRate)) | – | – | \(percent(s.lost)) | – |")
                continue
            }
            lines.append("| \(result.title) | \(caller(s)) | \(caller(o)) | "
                + "\(fixed(o.callerCPUNanoseconds / s.callerCPUNanoseconds, 1))× (\(fixed(o.callerNanoseconds / s.callerNanoseconds, 1))×) | "
                + "\(rate(s.deliveredRate)) | \(rate(o.deliveredRate)) | "
                + "\(fixed(s.deliveredRate / max(o.deliveredRate, 1), 1))× | \(percent(s.lost)) | \(percent(o.lost)) |")
        }
        if let python, let spanKitRow {
            lines.append("")
            lines.append("Python OpenTelemetry SDK, same operation (withSpan + 5 LLM attributes, reference run above): "
                + "\(formatNanoseconds(python)) per span against SpanKit's \(formatNanoseconds(spanKitRow)): Python ÷ SpanKit \(fixed(python / spanKitRow, 0))×.")
        }
        return lines
    }

    static func percent(_ fraction: Double) -> String { fixed(fraction * 100, fraction > 0 && fraction < 0.01 ? 2 : 0) + " %" }
}
