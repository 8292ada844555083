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
    static func exporter(_ url: URL, spool: SpoolConfiguration, diagnostics: DiagnosticsRecorder, timeout: Duration = .seconds(2)) -> OTLPExporter {
        var settings = HTTPExportSettings(timeout: timeout, retryPolicy: .quick, spool: spool, onDiagnostic: diagnostics.handler)
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

    /// Spools `batches` batches of 3 spans into `directory` through an exporter whose collector
    /// answers 503, one file each (a server of its own: a port found unused may be another
    /// test's by the time it is used).
    static func spoolBatches(_ batches: Int, into directory: URL) async throws {
        let unavailable = try LocalHTTPServer(respondingWith: .status(503))
        defer { unavailable.stop() }
        let exporter = exporter(unavailable.url("/v1/traces"), spool: SpoolConfiguration(directory: directory), diagnostics: DiagnosticsRecorder(), timeout: .seconds(30))
        for _ in 0..<batches {
            try #require(await exporter.deliver(records(3), deadline: .now + .seconds(30)).spooled == 3)
        }
    }

    static func files(in directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    /// Two exporters (two tracers, or two processes) on one spool directory replay it at the
    /// same time against a slow collector: each file is claimed by one of them, so every batch
    /// arrives once, and neither reports the other's files.
    @Test func twoReplayersOnOneSpoolSendEachBatchOnce() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Self.spoolBatches(12, into: directory)
        #expect(try Self.files(in: directory).count == 12)
        let server = try LocalHTTPServer(respondingWith: .delayed(.milliseconds(20), then: .ok))
        defer { server.stop() }
        let diagnostics = DiagnosticsRecorder()
        let url = server.url("/v1/traces")
        // A request timeout no loaded machine reaches: a timed-out request would be sent again.
        let first = Self.exporter(url, spool: SpoolConfiguration(directory: directory), diagnostics: diagnostics, timeout: .seconds(30))
        let second = Self.exporter(url, spool: SpoolConfiguration(directory: directory), diagnostics: diagnostics, timeout: .seconds(30))
        func drain(_ exporter: OTLPExporter) async -> Int {
            var recovered = 0
            while true {
                let round = await exporter.delivery.replaySpool(deadline: .now + .seconds(30))
                guard round > 0 else { return recovered }
                recovered += round
            }
        }
        async let fromFirst = drain(first)
        async let fromSecond = drain(second)
        let recovered = await (fromFirst, fromSecond)

        let bodies = server.requests(path: "/v1/traces").compactMap(\.decodedBody)
        #expect(bodies.count == 12 && Set(bodies).count == 12, "every batch once")
        #expect(recovered.0 + recovered.1 == 36)
        #expect(try Self.files(in: directory).isEmpty)
        #expect(diagnostics.all.filter { $0.code == .spoolFailed }.isEmpty, "\(diagnostics.all)")
        ReliabilityReport.record("spool: two exporters replaying one directory at once",
                                 "each file claimed by one of them: 12 batches arrived once each, nothing reported")
    }

    /// An exporter that found its spool empty still finds a file another exporter or process
    /// stores there later (it looks again when the directory changed), and one put back.
    @Test func filesStoredByAnotherSpoolAfterAnEmptyListingAreFound() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let server = try LocalHTTPServer()
        defer { server.stop() }
        // A directory time old enough to trust (see SpoolHoldings.racyInterval).
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-3_600)], ofItemAtPath: directory.path)
        let exporter = Self.exporter(server.url("/v1/traces"), spool: SpoolConfiguration(directory: directory), diagnostics: DiagnosticsRecorder(), timeout: .seconds(30))
        let spool = try #require(exporter.delivery.spool)
        #expect(await exporter.delivery.replaySpool(deadline: .now + .seconds(30)) == 0, "empty")
        #expect(spool.holdings.withLock { $0.mayHoldFiles } == false, "known empty: no more listings")
        try await Self.spoolBatches(1, into: directory)
        #expect(await exporter.delivery.replaySpool(deadline: .now + .seconds(30)) == 3)
        #expect(try Self.files(in: directory).isEmpty)
    }

    /// A file that cannot be claimed for a reason of its own (here a name too long to take the
    /// claim's suffix) is reported once and skipped; the files after it are still delivered.
    @Test func aFileThatCannotBeClaimedIsSkippedNotBlocking() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Self.spoolBatches(3, into: directory)
        let stored = try Self.files(in: directory)
        try #require(stored.count == 3)
        let long = "00000000000000000000-" + String(repeating: "x", count: 220) + ".spool"  // sorts first; 247 bytes of 255
        try FileManager.default.moveItem(at: directory.appendingPathComponent(stored[0]), to: directory.appendingPathComponent(long))
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let diagnostics = DiagnosticsRecorder()
        let exporter = Self.exporter(server.url("/v1/traces"), spool: SpoolConfiguration(directory: directory), diagnostics: diagnostics, timeout: .seconds(30))
        #expect(await exporter.delivery.replaySpool(deadline: .now + .seconds(30)) == 6)
        #expect(try Self.files(in: directory) == [long])
        #expect(await exporter.delivery.replaySpool(deadline: .now + .seconds(30)) == 0)
        #expect(diagnostics.all.map(\.code) == [.spoolFailed], "once: \(diagnostics.all)")
        #expect(diagnostics.all.first?.message.contains("could not be claimed") == true)
    }

    /// A round started after its deadline claims nothing and asks for no other round (a worker
    /// would start one again at once, by the same deadline).
    @Test func aRoundPastItsDeadlineTouchesNothing() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Self.spoolBatches(1, into: directory)
        let stored = try Self.files(in: directory)
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let exporter = Self.exporter(server.url("/v1/traces"), spool: SpoolConfiguration(directory: directory), diagnostics: DiagnosticsRecorder())
        // A claim and its release would rename the file twice, moving the directory's time.
        let past = Date(timeIntervalSince1970: 1_700_000_000)
        try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: directory.path)
        let round = await exporter.delivery.replay(deadline: .now - .seconds(1))
        #expect(round == Delivery.SpoolReplay())
        #expect(try Self.files(in: directory) == stored && server.requests.isEmpty)
        #expect(try FileManager.default.attributesOfItem(atPath: directory.path)[.modificationDate] as? Date == past, "nothing claimed")
    }

    /// A file claimed by a replayer that died mid-send is put back once the claim is stale and
    /// delivered; a fresh claim, another replayer at work, is left alone until it is stale.
    @Test func aStaleClaimIsPutBackAndAFreshOneLeftAlone() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Self.spoolBatches(2, into: directory)
        let stored = try Self.files(in: directory)
        try #require(stored.count == 2)
        // Claims as another replayer names them: the file's name, the claim's time in seconds on
        // the wall clock (the test clock's, here), its token.
        let wallClock = Int(TestPipelineClock().wallClock.timeIntervalSince1970)
        func claim(_ name: String, at seconds: Int, from current: String? = nil) throws -> String {
            let claimed = "\(name).\(seconds)-0ther0ne.sending"
            try FileManager.default.moveItem(at: directory.appendingPathComponent(current ?? name), to: directory.appendingPathComponent(claimed))
            return claimed
        }
        _ = try claim(stored[0], at: wallClock - 3_600)
        let fresh = try claim(stored[1], at: wallClock - 5)
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let diagnostics = DiagnosticsRecorder()
        let exporter = Self.exporter(server.url("/v1/traces"), spool: SpoolConfiguration(directory: directory), diagnostics: diagnostics, timeout: .seconds(30))
        #expect(await exporter.delivery.replaySpool(deadline: .now + .seconds(30)) == 3)
        #expect(server.requests(path: "/v1/traces").count == 1)
        #expect(try Self.files(in: directory) == [fresh])
        #expect(diagnostics.all.isEmpty, "\(diagnostics.all)")
        #expect(await exporter.delivery.replaySpool(deadline: .now + .seconds(30)) == 0, "another replayer's")
        // That replayer died: an hour on, its claim is stale.
        _ = try claim(stored[1], at: wallClock - 3_600, from: fresh)
        #expect(await exporter.delivery.replaySpool(deadline: .now + .seconds(30)) == 3)
        #expect(try Self.files(in: directory).isEmpty)
        #expect(server.requests(path: "/v1/traces").count == 2)
    }
}
