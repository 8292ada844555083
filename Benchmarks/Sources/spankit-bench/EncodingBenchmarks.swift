@_spi(Benchmarks) import SpanKit

/// Exporter-side costs per span: OTLP protobuf (with and without gzip) and the JSON format,
/// on batches of 512 spans (the batch processor's default batch size).
enum EncodingBenchmarks {
    static let batchSize = 512

    struct Fixtures {
        let compact: [SpanRecord]
        let full: [SpanRecord]
        let encoder: OTLPTraceEncoder

        init() {
            compact = SpanShapes.records(EncodingBenchmarks.batchSize, SpanShapes.compactLLM)
            full = SpanShapes.records(EncodingBenchmarks.batchSize, SpanShapes.fullLLM)
            encoder = OTLPTraceEncoder(serviceName: "spankit-bench")
        }

        func protobufBytesPerSpan(_ records: [SpanRecord]) -> Double {
            Double((try? encoder.encode(records).count) ?? 0) / Double(records.count)
        }

        func gzipBytesPerSpan(_ records: [SpanRecord]) -> Double {
            let compressed = (try? Gzip.compress(encoder.encode(records), level: .fastest))?.count ?? 0
            return Double(compressed) / Double(records.count)
        }
    }

    static func run(_ plan: Plan, fixtures: Fixtures, log: (String) -> Void) -> [Row] {
        var rows: [Row] = []
        func add(_ row: Row) {
            rows.append(row)
            log("  " + row.title.padded(46) + formatNanoseconds(row.measurement.median).leftPadded(10) + "/span  " + row.note)
        }
        let encoder = fixtures.encoder
        for (shape, records) in [("compact", fixtures.compact), ("full", fixtures.full)] {
            let size = shape == "compact" ? "compact LLM span" : "full LLM span"
            let bytes = fixtures.protobufBytesPerSpan(records)
            let gzipBytes = fixtures.gzipBytesPerSpan(records)
            add(Row(id: "otlp_\(shape)", title: "OTLP protobuf encode, \(size)", measurement: measure(plan, operationsPerCall: records.count) {
                blackHole(try? encoder.encode(records))
            }, budget: shape == "compact" ? Budget(nanoseconds: 300) : nil, note: "\(Int(bytes.rounded())) B/span"))
            add(Row(id: "otlp_gzip_\(shape)", title: "OTLP protobuf + gzip, \(size)", measurement: measure(plan, operationsPerCall: records.count) {
                blackHole(try? Gzip.compress(encoder.encode(records), level: .fastest))
            }, note: "\(Int(gzipBytes.rounded())) B/span gzipped (fastest level, as the exporter sends)"))
            add(Row(id: "json_\(shape)", title: "JSON encode (jsonString), \(size)", measurement: measure(plan, operationsPerCall: records.count) {
                for record in records { blackHole(BenchmarkAccess.jsonString(of: record)) }
            }))
        }
        return rows
    }
}
