import Foundation
@testable import SpanKit
import TestSupport
import Testing

/// The spool under hostile conditions: damaged files, a directory that cannot be written, a
/// full disk. Problems are reported, nothing crashes, and good batches still get delivered.
@Suite struct SpoolFaultTests {
    static func records(_ count: Int) -> [SpanRecord] {
        let test = TestTracer()
        for index in 0..<count { test.tracer.startSpan("span-\(index)", parent: .root).end() }
        return test.exporter.spans
    }

    /// Retry waits pass at once on a test clock.
    static func exporter(_ url: URL, spool: SpoolConfiguration, diagnostics: DiagnosticsRecorder) -> OTLPExporter {
        var settings = HTTPExportSettings(timeout: .seconds(2), retryPolicy: .quick, spool: spool, onDiagnostic: diagnostics.handler)
        settings.clock = TestPipelineClock(autoAdvancingUpTo: .seconds(5))
        return OTLPExporter(configuration: OTLPExporterConfiguration(endpoint: url, sendsPhoenixAnnotations: false, settings: settings))
    }

    @Test func unwritableSpoolLocationsAreReportedAndCountedAsFailed() async throws {
        let port = try LocalHTTPServer.unusedPort()
        let unreachable = URL(string: "http://127.0.0.1:\(port)/v1/traces")!
        // Tests run as root, which ignores permission bits: use places no one can write to.
        let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-directory-\(UUID().uuidString)")
        try Data("x".utf8).write(to: blocker)
        defer { try? FileManager.default.removeItem(at: blocker) }
        for directory in [blocker.appendingPathComponent("spool"), URL(fileURLWithPath: "/proc/self/spankit-spool")] {
            let diagnostics = DiagnosticsRecorder()
            let result = await Self.exporter(unreachable, spool: SpoolConfiguration(directory: directory), diagnostics: diagnostics).exportResult(Self.records(3))
            guard case .failure(let error) = result else { Issue.record("expected failure, got \(result)"); continue }
            #expect(error.kind == .unreachable, "nothing listens on the port")
            #expect(diagnostics.all.contains { $0.code == .spoolFailed && $0.message.contains(directory.path) })
            ReliabilityReport.record("spool: unwritable directory \(directory.path)", "batch counted as failed; spoolFailed diagnostic naming the directory")
        }
    }

    @Test func aFullSpoolKeepsWhatItHasAndOtherBatchesStillGetDelivered() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = try LocalHTTPServer.unusedPort()
        let unreachable = URL(string: "http://127.0.0.1:\(port)/v1/traces")!
        let diagnostics = DiagnosticsRecorder()
        let small = SpoolConfiguration(directory: directory, maxBytes: 1_500)
        #expect(await Self.exporter(unreachable, spool: small, diagnostics: diagnostics).deliver(Self.records(3), deadline: .now + .seconds(30)).spooled == 3)
        let full = await Self.exporter(unreachable, spool: small, diagnostics: diagnostics).exportResult(Self.records(30))
        guard case .failure = full else { Issue.record("a full spool refuses the batch: \(full)"); return }
        #expect(diagnostics.all.contains { $0.code == .spoolFailed && $0.message.contains("full") })

        // Damaged and foreign files next to the good one do not stop its delivery.
        try Data("SPANKIT-SPOOL/1\n{\"destination\":\"otlp\"".utf8).write(to: directory.appendingPathComponent("00000000000000000000-bad.spool"))
        try Data(repeating: 0, count: 10).write(to: directory.appendingPathComponent("readme.md"))
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let recovering = DiagnosticsRecorder()
        _ = await Self.exporter(server.url("/v1/traces"), spool: small, diagnostics: recovering).delivery.replaySpool(deadline: .now + .seconds(30))
        #expect(server.requests(path: "/v1/traces").count == 1)
        #expect(recovering.all.filter { $0.code == .spoolFailed }.count == 2)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
        #expect(left == ["00000000000000000000-bad.spool.corrupt", "readme.md"])
        ReliabilityReport.record("spool: full (1,500 bytes) plus a damaged and a foreign file",
                                 "new batch refused and counted as failed; the stored batch delivered later; damaged file quarantined, foreign file left alone; both reported")
    }
}
