import Foundation
@_spi(Benchmarks) import SpanKit

/// Where the export worker's time goes for one batch of small spans (the end-to-end span):
/// snapshotting the ended spans into records, encoding, gzip, and one HTTP round trip to the
/// loopback collector through the exporters' default transport (SpanKit's socket transport for
/// `http://` on Linux).
enum ExportBreakdown {
    static func run(_ plan: Plan, url: URL, log: (String) -> Void) async -> [Row] {
        let batch = 512
        let tracer = Tracer(processor: nil)
        let spans = (0..<batch).map { _ in
            tracer.withSpan("chat-completion", kind: .llm) { span in
                SpanBenchmarks.setFiveLLMAttributes(span)
                return span
            }
        }
        let records = spans.compactMap(\.record)
        let encoder = OTLPTraceEncoder(serviceName: "spankit-bench")
        let body = (try? encoder.encode(records)) ?? []
        let gzipped = (try? Gzip.compress(body, level: .fastest)) ?? []
        var rows: [Row] = []
        func add(_ row: Row) {
            rows.append(row)
            log("  " + row.title.padded(46) + formatNanoseconds(row.measurement.median).leftPadded(10) + "/span  " + row.note)
        }
        add(Row(id: "batch_snapshot", title: "worker: span → record snapshot", measurement: measure(plan, operationsPerCall: batch) {
            blackHole(spans.compactMap(\.record))
        }))
        add(Row(id: "batch_encode", title: "worker: OTLP encode", measurement: measure(plan, operationsPerCall: batch) {
            blackHole(try? encoder.encode(records))
        }, note: "\(body.count / batch) B/span"))
        add(Row(id: "batch_gzip", title: "worker: gzip (fastest level)", measurement: measure(plan, operationsPerCall: batch) {
            blackHole(try? Gzip.compress(body, level: .fastest))
        }, note: "\(gzipped.count / batch) B/span gzipped"))
        for (name, payload, encoding) in [("gzip", gzipped, "gzip"), ("uncompressed", body, nil)] {
            var headers = [(name: "Content-Type", value: OTLPTraceEncoder.contentType)]
            if let encoding { headers.append((name: "Content-Encoding", value: encoding)) }
            let roundTrip = DefaultTransportRoundTrip(url: url, headers: headers, body: Data(payload))
            var samples: [Double] = []
            let rounds = plan.rounds * 10
            for _ in 0..<rounds {
                let start = monotonicNanoseconds()
                _ = await roundTrip.run()
                samples.append(Double(monotonicNanoseconds() - start) / Double(batch))
            }
            add(Row(id: "batch_http_\(name)", title: "worker: HTTP round trip (default transport), \(name)",
                    measurement: Measurement(nanoseconds: samples, allocations: nil, allocationsAllThreads: nil, operationsPerRound: batch),
                    note: "per request: median \(formatNanoseconds(samples.sorted()[samples.count / 2] * Double(batch))), "
                        + "p99 \(formatNanoseconds(samples.sorted()[samples.count * 99 / 100] * Double(batch))), "
                        + "max \(formatNanoseconds(samples.max()! * Double(batch)))"))
        }
        return rows
    }
}
