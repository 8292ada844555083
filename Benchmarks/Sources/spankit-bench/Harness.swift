import Foundation
import SpanKit

/// Runs the selected sections and prints the report: progress on standard error, the results
/// tables (Markdown) on standard output.
struct Harness {
    let options: Options

    func run() async {
        let plan = options.smoke ? Plan.smoke : Plan.full
        let loadBefore = Machine.loadAverage()
        var rows: [Row] = []
        var reference: Reference.Results?
        var sweeps: [EndToEnd.Sweep] = []
        var burst: SpoolBurst.Result?
        var peers: [PeerComparison.Result] = []
        var memory: [MemoryBenchmarks.Result] = []
        var fixtures: EncodingBenchmarks.Fixtures?
        var llmBatches: [LLMSizeExport.Batch] = []
        var llmSizes: [LLMSizeExport.Result] = []

        if options.runs("spans") {
            log("spans (calling thread; batch processor with a discarding exporter behind the tracer):")
            rows += SpanBenchmarks.run(plan, log: log)
            log("real LLM spans (calling thread; a processor that does nothing):")
            rows += LLMSizeBenchmarks.run(plan, log: log)
        }
        if options.runs("memory") {
            log("memory per queued span:")
            memory = await MemoryBenchmarks.run(count: options.smoke ? 20_000 : 100_000, log: log)
        }
        if options.runs("calibration") {
            log("calibration (building blocks, for reading the figures above):")
            rows += Calibration.run(plan, log: log)
        }
        if options.runs("encoding") {
            log("encoding (batches of \(EncodingBenchmarks.batchSize) spans):")
            let prepared = EncodingBenchmarks.Fixtures()
            fixtures = prepared
            rows += EncodingBenchmarks.run(plan, fixtures: prepared, log: log)
        }
        if options.runs("llmsizes") {
            log("LLM span sizes: OTLP encode per span, bytes per span, delivered into the loopback collector:")
            llmBatches = LLMSizeExport.batches(smoke: options.smoke)
            llmSizes = await LLMSizeExport.run(llmBatches, smoke: options.smoke, url: EndToEnd.collectorURL(), log: log)
        }
        if let python = options.python, options.runs("spans") || options.runs("encoding") || options.runs("llmsizes") {
            log("reference: Python OpenTelemetry SDK (\(python)):")
            let fixtureURL = FileManager.default.temporaryDirectory.appendingPathComponent("spankit-bench-fixture-\(getpid()).json")
            do {
                try Reference.writeFixture(fixtures ?? EncodingBenchmarks.Fixtures(), llmSizes: llmBatches, to: fixtureURL)
                llmBatches = []
                reference = Reference.run(
                    python: python, script: options.referenceScript, fixture: fixtureURL, smoke: options.smoke, sections: options.sections, log: log)
            } catch {
                log("  could not write the fixture: \(error)")
            }
            try? FileManager.default.removeItem(at: fixtureURL)
        }
        if options.runs("e2e") {
            log("end to end into the loopback collector:")
            if let url = EndToEnd.collectorURL() {
                rows += await ExportBreakdown.run(plan, url: url, log: log)
                let seconds = options.smoke ? 0.2 : 2.0
                // The exporter's defaults (gzip, queue 2048, batch 512) from 1 and 8 producer
                // tasks, then without compression, then with batches of 4096 spans (one HTTP round
                // trip per 4096 spans) and a queue of eight batches.
                let large = BatchOptions(maxQueueSize: 32768, maxExportBatchSize: 4096)
                let configurations = [
                    EndToEnd.Configuration(producers: 1, compression: .gzip, options: .init()),
                    EndToEnd.Configuration(producers: 8, compression: .gzip, options: .init()),
                    EndToEnd.Configuration(producers: 1, compression: .none, options: .init()),
                    EndToEnd.Configuration(producers: 8, compression: .none, options: .init()),
                    EndToEnd.Configuration(producers: 1, compression: .gzip, options: large),
                    EndToEnd.Configuration(producers: 1, compression: .none, options: large),
                    EndToEnd.Configuration(producers: 8, compression: .none, options: large),
                ]
                for configuration in configurations where Filter.wants(configuration.id) {
                    sweeps.append(await EndToEnd.sweep(configuration, seconds: seconds, smoke: options.smoke, url: url, log: log))
                }
                if let peer = options.swiftOTel {
                    let rounds = options.smoke ? 1 : 3
                    log("SpanKit and swift-otel side by side (\(options.smoke ? 20_000 : 200_000) spans each, \(rounds) rounds in turn):")
                    peers = await PeerComparison.run(peer: peer, spans: options.smoke ? 20_000 : 200_000, rounds: rounds, url: url, log: log)
                }
                if Filter.wants("e2e_burst_spool") {
                    let result = await SpoolBurst.run(spans: options.smoke ? 20_000 : 200_000, producers: 8, url: url)
                    log("  burst with a spool: " + result.line)
                    burst = result
                }
            } else {
                log("  could not start the loopback collector")
            }
        }
        let report = Report(
            rows: rows, reference: reference, llmSizes: llmSizes, sweeps: sweeps, burst: burst, peers: peers, memory: memory, smoke: options.smoke,
            loadBefore: loadBefore, loadAfter: Machine.loadAverage())
        print(report.markdown)
        if options.smoke {
            let failures = report.smokeFailures
            if !failures.isEmpty {
                log("smoke run failed:\n" + failures.map { "  - " + $0 }.joined(separator: "\n"))
                exit(1)
            }
            log("smoke run: every benchmark executed")
        }
    }

    func log(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// What the report says about the machine.
enum Machine {
    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "n/a"
    }

    static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "n/a" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "n/a"
        }
        return "n/a"
    }

    static var summary: String {
        let info = ProcessInfo.processInfo
        return "\(cpuModel()), \(info.activeProcessorCount) cores, \(info.physicalMemory >> 30) GiB, \(info.operatingSystemVersionString)"
    }
}
