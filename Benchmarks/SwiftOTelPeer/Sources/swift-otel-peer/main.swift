// The benchmark's end-to-end workload with swift-otel 1.6.0: `producers` tasks record `spans`
// spans in all (withSpan + the same 5 LLM attributes), exported over OTLP/HTTP protobuf to
// `url` with swift-otel's batch processor at its defaults (queue 2048, batch 512), then a
// graceful shutdown of its service group, which flushes. Prints one line of `key=value` pairs
// for the harness: the seconds from the first span to the end of the shutdown, and the
// producers' time per span.
//
//   swift-otel-peer --url http://127.0.0.1:PORT/v1/traces --spans 200000 --producers 8 --compression gzip
import Foundation
import Logging
import OTel
import ServiceLifecycle
import Tracing

func nanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// Bootstraps swift-otel, records the spans while its service group runs, shuts it down
/// gracefully, and returns the producers' total time inside `withSpan`.
func run(url: String, spans: Int, producers: Int, gzip: Bool) async throws -> UInt64 {
    var configuration = OTel.Configuration.default
    configuration.logs.enabled = false
    configuration.metrics.enabled = false
    configuration.serviceName = "spankit-bench"
    configuration.traces.otlpExporter.endpoint = url
    configuration.traces.otlpExporter.protocol = .httpProtobuf
    configuration.traces.otlpExporter.compression = gzip ? .gzip : .none
    let observability = try OTel.bootstrap(configuration: configuration)
    let serviceGroup = ServiceGroup(services: [observability], logger: Logger(label: "swift-otel-peer"))
    return try await withThrowingTaskGroup(of: UInt64.self) { group in
        group.addTask {
            try await serviceGroup.run()
            return 0
        }
        var producing: UInt64 = 0
        try await withThrowingTaskGroup(of: UInt64.self) { producersGroup in
            for _ in 0..<producers {
                producersGroup.addTask {
                    var spent: UInt64 = 0
                    for index in 0..<(spans / producers) {
                        let before = nanoseconds()
                        withSpan("chat-completion", ofKind: .client) { span in
                            span.attributes["llm.model_name"] = "gpt-4o-mini"
                            span.attributes["llm.provider"] = "openai"
                            span.attributes["llm.token_count.prompt"] = 1234
                            span.attributes["llm.token_count.completion"] = 321
                            span.attributes["llm.token_count.total"] = 1555
                        }
                        spent += nanoseconds() - before
                        if index % 64 == 63 { await Task.yield() }
                    }
                    return spent
                }
            }
            for try await spent in producersGroup { producing += spent }
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
let callerNanoseconds = try await run(url: url, spans: spans, producers: producers, gzip: gzip)
let seconds = Double(nanoseconds() - start) / 1e9
let ended = spans / producers * producers
print("ended=\(ended) seconds=\(seconds) caller_ns_per_span=\(Double(callerNanoseconds) / Double(ended))")
