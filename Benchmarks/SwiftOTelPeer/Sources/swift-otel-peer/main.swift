// The benchmark's end-to-end workload with swift-otel 1.6.0: `producers` tasks record `spans`
// spans in all (withSpan + the same 5 LLM attributes), exported over OTLP/HTTP protobuf to
// `url` with swift-otel's batch processor at its defaults (queue 2048, batch 512), then a
// graceful shutdown of its service group, which flushes. Prints one line of `key=value` pairs
// for the harness: the seconds from the first span to the end of the shutdown, and the
// producers' wall and thread CPU time per span, read per run of 64 spans between two yields as
// the harness's `CallerClock` reads SpanKit's.
//
//   swift-otel-peer --url http://127.0.0.1:PORT/v1/traces --spans 200000 --producers 8 --compression gzip
import Foundation
import Logging
import OTel
import ServiceLifecycle
import Tracing

func nanoseconds(_ clock: clockid_t = CLOCK_MONOTONIC) -> UInt64 {
    var time = timespec()
    clock_gettime(clock, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// Wall and CPU nanoseconds spent by the producers inside `withSpan`.
struct Spent: Sendable {
    var wall: UInt64 = 0
    var cpu: UInt64 = 0
}

/// Bootstraps swift-otel, records the spans while its service group runs, shuts it down
/// gracefully, and returns the producers' total time inside `withSpan`.
func run(url: String, spans: Int, producers: Int, gzip: Bool) async throws -> Spent {
    var configuration = OTel.Configuration.default
    configuration.logs.enabled = false
    configuration.metrics.enabled = false
    configuration.serviceName = "spankit-bench"
    configuration.traces.otlpExporter.endpoint = url
    configuration.traces.otlpExporter.protocol = .httpProtobuf
    configuration.traces.otlpExporter.compression = gzip ? .gzip : .none
    let observability = try OTel.bootstrap(configuration: configuration)
    let serviceGroup = ServiceGroup(services: [observability], logger: Logger(label: "swift-otel-peer"))
    return try await withThrowingTaskGroup(of: Spent.self) { group in
        group.addTask {
            try await serviceGroup.run()
            return Spent()
        }
        var producing = Spent()
        try await withThrowingTaskGroup(of: Spent.self) { producersGroup in
            for _ in 0..<producers {
                producersGroup.addTask {
                    var spent = Spent()
                    let count = spans / producers
                    var done = 0
                    while done < count {
                        let end = min(done + 64, count)
                        let wallStart = nanoseconds(), cpuStart = nanoseconds(CLOCK_THREAD_CPUTIME_ID)
                        while done < end {
                            withSpan("chat-completion", ofKind: .client) { span in
                                span.attributes["llm.model_name"] = "gpt-4o-mini"
                                span.attributes["llm.provider"] = "openai"
                                span.attributes["llm.token_count.prompt"] = 1234
                                span.attributes["llm.token_count.completion"] = 321
                                span.attributes["llm.token_count.total"] = 1555
                            }
                            done += 1
                        }
                        spent.cpu += nanoseconds(CLOCK_THREAD_CPUTIME_ID) - cpuStart
                        spent.wall += nanoseconds() - wallStart
                        await Task.yield()
                    }
                    return spent
                }
            }
            for try await spent in producersGroup {
                producing.wall += spent.wall
                producing.cpu += spent.cpu
            }
        }
        await serviceGroup.triggerGracefulShutdown()
        try await group.waitForAll()
        return producing
    }
}

var arguments = CommandLine.arguments.dropFirst().makeIterator()
var url = "", spans = 200_000, producers = 1, gzip = true
while let argument = arguments.next() {
    switch argument {
    case "--url": url = arguments.next() ?? url
    case "--spans": spans = Int(arguments.next() ?? "") ?? spans
    case "--producers": producers = Int(arguments.next() ?? "") ?? producers
    case "--compression": gzip = arguments.next() != "none"
    default:
        FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8))
        exit(2)
    }
}
let start = nanoseconds()
let caller = try await run(url: url, spans: spans, producers: producers, gzip: gzip)
let seconds = Double(nanoseconds() - start) / 1e9
let ended = spans / producers * producers
print("ended=\(ended) seconds=\(seconds) caller_ns_per_span=\(Double(caller.wall) / Double(ended)) caller_cpu_ns_per_span=\(Double(caller.cpu) / Double(ended))")
