import Foundation
@_spi(Benchmarks) @testable import SpanKit
import TestSupport
import Testing

/// The request size cap: an encoded batch is cut at span boundaries into requests of at most
/// `maxRequestBytes` on the wire, sent in order; a span larger than that goes alone.
@Suite struct RequestSizeCapTests {
    static let cap = 20_000

    /// Text that barely compresses: random scalars from the two-byte UTF-8 range.
    static func noise(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String(String.UnicodeScalarView((0..<count).map { _ in Unicode.Scalar(UInt32.random(in: 0x100...0x7FF, using: &generator))! }))
    }

    /// Ended spans named `span-00`, `span-01`… each with a `text` attribute of `length[i]` characters.
    static func records(lengths: [Int]) -> [SpanRecord] {
        let test = TestTracer()
        for (index, length) in lengths.enumerated() {
            let span = test.tracer.startSpan("span-" + (index < 10 ? "0" : "") + String(index))
            span.setAttribute("text", .string(noise(length)))
            span.end()
        }
        return test.exporter.spans
    }

    func settings(spool: SpoolConfiguration? = nil) -> HTTPExportSettings {
        var settings = HTTPExportSettings(timeout: .seconds(30), retryPolicy: RetryPolicy(maxAttempts: 1), spool: spool)
        settings.maxRequestBytes = Self.cap
        return settings
    }

    func otlp(_ url: URL, compression: OTLPCompression, spool: SpoolConfiguration? = nil) -> OTLPExporter {
        OTLPExporter(configuration: OTLPExporterConfiguration(
            endpoint: url, compression: compression, sendsPhoenixAnnotations: false, settings: settings(spool: spool)))
    }

    /// Exports `records` through a batch processor and shuts it down; returns its statistics.
    func export(_ records: [SpanRecord], with exporter: any SpanExporter, diagnostics: DiagnosticsRecorder = DiagnosticsRecorder()) async -> PipelineStatistics {
        let processor = BatchSpanProcessor(exporter: exporter, onDiagnostic: diagnostics.handler)
        let outcome = await processor.driver.export(records, deadline: .now + .seconds(30))
        _ = await processor.shutdown(deadline: .now + .seconds(10))
        var statistics = PipelineStatistics()
        statistics.record(outcome)
        return statistics
    }

    @Test(arguments: [OTLPCompression.none, .gzip])
    func otlpRequestsStayWithinTheCapAndEverySpanArrivesOnce(compression: OTLPCompression) async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let records = Self.records(lengths: Array(repeating: 1_500, count: 40))
        let statistics = await export(records, with: otlp(server.url("/v1/traces"), compression: compression))
        #expect(statistics.exported == 40 && statistics.failed == 0)
        let requests = server.requests(path: "/v1/traces")
        #expect(requests.count > 1, "the batch was cut")
        #expect(requests.allSatisfy { $0.body.count <= Self.cap }, "\(requests.map(\.body.count))")
        #expect(requests.allSatisfy { $0.headers["Content-Encoding"] == (compression == .gzip ? "gzip" : nil) })
        let names = try requests.flatMap { try OTLPSpanNames.read(#require($0.decodedBody)) }
        #expect(names == records.map(\.name), "every span once, in order")
    }

    @Test func jsonRequestsStayWithinTheCapAndEverySpanArrivesOnce() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let records = Self.records(lengths: Array(repeating: 1_500, count: 40))
        let statistics = await export(records, with: JSONBatchExporter(baseURL: server.baseURL, settings: settings()))
        #expect(statistics.exported == 40)
        let requests = server.requests(path: "/spans")
        #expect(requests.count > 1 && requests.allSatisfy { $0.body.count <= Self.cap }, "\(requests.map(\.body.count))")
        let names = try requests.flatMap { request in
            try #require(JSONSerialization.jsonObject(with: request.body) as? [[String: Any]]).compactMap { $0["name"] as? String }
        }
        #expect(names == records.map(\.name), "every span once, in order")
    }

    @Test func aSpanOverTheCapIsSentAloneAndDelivered() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let records = Self.records(lengths: [100, 15_000, 100, 100])
        let statistics = await export(records, with: otlp(server.url("/v1/traces"), compression: .none))
        #expect(statistics.exported == 4)
        let batches = try server.requests(path: "/v1/traces").map { try OTLPSpanNames.read(#require($0.decodedBody)) }
        #expect(batches == [["span-00"], ["span-01"], ["span-02", "span-03"]])
        #expect(server.requests(path: "/v1/traces")[1].body.count > Self.cap, "never silently lost: sent alone")
    }

    @Test func aSpanOverTheCapThatTheServerRefusesFailsAloneReported() async throws {
        let server = try LocalHTTPServer { request in request.body.count > Self.cap ? .status(413) : .ok }
        defer { server.stop() }
        let diagnostics = DiagnosticsRecorder()
        let records = Self.records(lengths: [100, 15_000, 100, 100])
        let statistics = await export(records, with: otlp(server.url("/v1/traces"), compression: .none), diagnostics: diagnostics)
        #expect(statistics.exported == 3 && statistics.failed == 1)
        #expect(server.requests(path: "/v1/traces").count == 3, "the large span was sent once, alone, and not split further")
        #expect(diagnostics.all.contains { $0.code == .exportFailed && $0.message.contains("span 'span-01' alone is larger than the server accepts") })
    }

    @Test func theSpoolStoresTheRequestsAsTheyWouldBeSent() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let closed = URL(string: "http://127.0.0.1:\(try LocalHTTPServer.unusedPort())/v1/traces")!
        let exporter = otlp(closed, compression: .gzip, spool: SpoolConfiguration(directory: directory))
        let records = Self.records(lengths: Array(repeating: 1_500, count: 40))
        let statistics = await export(records, with: exporter)
        #expect(statistics.spooled == 40)
        let entries = try #require(exporter.delivery.spool).entries(limit: 10)
        let requests = entries.flatMap(\.requests)
        #expect(entries.count == 1 && requests.count > 1, "one file holding the cut requests")
        #expect(requests.allSatisfy { $0.body.count <= Self.cap } && requests.reduce(0) { $0 + $1.spanCount } == 40)
    }

    /// A spooled batch cut into several requests, replayed while the collector accepts the
    /// first and fails the second: the spool keeps only the requests not accepted, so the
    /// accepted spans are not sent again — also when the spool is nearly full.
    @Test(arguments: [false, true])
    func aReplayedFileThatWasPartlyAcceptedKeepsOnlyTheRest(nearlyFull: Bool) async throws {
        let directory = try await spooledBatch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try LocalHTTPServer(handler: ScriptedHandler([.ok, .status(503)], then: .ok))
        defer { server.stop() }
        let spool = SpoolConfiguration(directory: directory, maxBytes: nearlyFull ? try spoolBytes(directory) + 1_000 : 64 << 20)
        let delivery = otlp(server.url("/v1/traces"), compression: .none, spool: spool).delivery
        let first = await delivery.replaySpool(deadline: .now + .seconds(30))
        #expect(first > 0 && first < 40, "the first request's spans")
        let second = await delivery.replaySpool(deadline: .now + .seconds(30))
        #expect(first + second == 40)
        let accepted = server.requests(path: "/v1/traces").enumerated().filter { $0.offset != 1 }.map(\.element.body)
        #expect(accepted.count == Set(accepted).count, "no request accepted twice")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    /// The same file when the collector rejects its second request for good: that request's
    /// spans are reported lost, and the requests after it are still sent in the same round.
    @Test func aReplayedFileRejectedPartWayStillSendsTheRest() async throws {
        let directory = try await spooledBatch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try LocalHTTPServer(handler: ScriptedHandler([.ok, .status(400)], then: .ok))
        defer { server.stop() }
        let diagnostics = DiagnosticsRecorder()
        var settings = settings(spool: SpoolConfiguration(directory: directory))
        settings.onDiagnostic = diagnostics.handler
        let delivery = OTLPExporter(configuration: OTLPExporterConfiguration(
            endpoint: server.url("/v1/traces"), compression: OTLPCompression.none, sendsPhoenixAnnotations: false, settings: settings)).delivery
        let recovered = await delivery.replaySpool(deadline: .now + .seconds(30))
        let requests = server.requests(path: "/v1/traces")
        let rejected = 40 - recovered
        #expect(requests.count > 2 && rejected > 0 && recovered > 0, "\(requests.count) requests, \(recovered) recovered")
        #expect(diagnostics.all.count == 1 && diagnostics.all[0].message.hasPrefix("\(rejected) spans of a spooled batch rejected and removed: "), "\(diagnostics.all)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    /// A spool directory holding one file: 40 spans of 1,500 bytes cut into several requests.
    func spooledBatch() async throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        // A server of its own: a port found unused may be another test's by the time it is used.
        let unavailable = try LocalHTTPServer(respondingWith: .status(503))
        defer { unavailable.stop() }
        let exporter = otlp(unavailable.url("/v1/traces"), compression: .none, spool: SpoolConfiguration(directory: directory))
        try #require(await export(Self.records(lengths: Array(repeating: 1_500, count: 40)), with: exporter).spooled == 40)
        return directory
    }

    func spoolBytes(_ directory: URL) throws -> Int {
        try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: [.fileSizeKey])
            .reduce(0) { $0 + (try $1.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0) }
    }

    @Test func cutsFallAtFrameBoundariesAndALargeFrameGoesAlone() {
        // Frames of 10, 10, 50, 10 and 10 bytes in requests with 5 bytes of envelope, at most 30.
        let batch = EncodedBatch(
            spanCount: 5, frame: { _ throws(ExportError) in throw ExportError(.encoding, "unused") }, followUps: [], names: [],
            frameEnds: [0, 10, 20, 70, 80, 90], envelopeBytes: 5, isCompressed: false)
        #expect(batch.requestRanges(maxBytes: 30) == [0..<2, 2..<3, 3..<5])
        #expect(batch.requestRanges(maxBytes: 95) == [0..<5])
        #expect(batch.requestRanges(maxBytes: 1) == [0..<1, 1..<2, 2..<3, 3..<4, 4..<5])
        // Compressed, the same frames leave room for gzip's worst case (31 bytes at this size).
        let compressed = EncodedBatch(
            spanCount: 5, frame: { _ throws(ExportError) in throw ExportError(.encoding, "unused") }, followUps: [], names: [],
            frameEnds: [0, 10, 20, 70, 80, 90], envelopeBytes: 5, isCompressed: true)
        #expect(compressed.requestRanges(maxBytes: 95) == [0..<2, 2..<3, 3..<5], "uncompressed, 95 bytes take all five")
        #expect(compressed.requestRanges(maxBytes: 126) == [0..<5])
    }

    @Test(arguments: [0, 1, 1_000, 65_535, 65_536, 300_000, Self.cap])
    func gzipGrowthBoundsWhatIncompressibleDataGains(count: Int) throws {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for level in [Gzip.Level.fastest, .default] {
            #expect(try Gzip.compress(bytes, level: level).count <= count + EncodedBatch.gzipGrowth(count))
        }
    }
}

/// Span names from an OTLP/HTTP protobuf request body: request field 1 (resource spans) →
/// field 2 (scope spans) → field 2 (spans) → field 5 (name).
enum OTLPSpanNames {
    static func read(_ body: Data) throws -> [String] {
        try fields(Array(body)[...], number: 1).flatMap { resourceSpans in
            try fields(resourceSpans, number: 2).flatMap { scopeSpans in
                try fields(scopeSpans, number: 2).map { span in
                    String(decoding: try fields(span, number: 5).first ?? [], as: UTF8.self)
                }
            }
        }
    }

    struct Malformed: Error {}

    /// The length-delimited fields numbered `number`, skipping every other field.
    static func fields(_ bytes: ArraySlice<UInt8>, number: Int) throws -> [ArraySlice<UInt8>] {
        var position = bytes.startIndex
        func varint() throws -> UInt64 {
            var value: UInt64 = 0, shift: UInt64 = 0
            while true {
                guard position < bytes.endIndex, shift < 64 else { throw Malformed() }
                let byte = bytes[position]
                position += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
        }
        var found: [ArraySlice<UInt8>] = []
        while position < bytes.endIndex {
            let tag = try varint()
            switch tag & 7 {
            case 0: _ = try varint()
            case 1: position += 8
            case 5: position += 4
            case 2:
                let length = Int(try varint())
                guard length <= bytes.endIndex - position else { throw Malformed() }
                if Int(tag >> 3) == number { found.append(bytes[position..<(position + length)]) }
                position += length
            default: throw Malformed()
            }
        }
        guard position == bytes.endIndex else { throw Malformed() }
        return found
    }
}
