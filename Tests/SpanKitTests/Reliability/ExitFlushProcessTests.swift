import Foundation
@testable import SpanKit
import TestSupport
import Testing

/// Issue 10's exit flush, in real processes (`spankit-diagnostics-probe`): a process that
/// bootstraps, ends spans and exits WITHOUT `SpanKitSystem.shutdown` — by returning from its
/// top-level code or by calling `exit(0)` — still delivers them, or spools them, within the
/// documented bound, and says on standard error what it could not deliver.
@Suite(.serialized) struct ExitFlushProcessTests {
    /// The documented bound of the exit flush with the default settings: the exit timeout plus
    /// the grace for spooling what it cut off.
    static let bound = SpanKitSystem.defaultExitTimeout + SpanKitSystem.exitGrace
    /// Thread scheduling on a loaded machine, on top of the bound.
    static let schedulingSlack: Duration = .milliseconds(500)

    static func lines(_ run: ExampleProcess.Run) -> [Substring] {
        run.standardError.split(separator: "\n").filter { $0.hasPrefix("SpanKit:") }
    }

    /// Runs the probe and reads how long its exit flush held the process: the probe prints when
    /// its code ended, and an `atexit` handler registered before SpanKit's (so run after it)
    /// prints when the flush let the process go.
    static func probe(_ arguments: [String], _ environment: [String: String]) async throws -> (run: ExampleProcess.Run, exit: Duration) {
        let run = try await ExampleProcess.run("spankit-diagnostics-probe", arguments: arguments, environment: environment)
        func time(_ prefix: String) throws -> Double {
            let line = run.standardOutput.split(separator: "\n").first { $0.hasPrefix(prefix) }
            guard let time = line.flatMap({ Double($0.dropFirst(prefix.count)) }) else {
                throw ExampleProcess.Failure(description: "the probe did not print '\(prefix)…'\n\(run)")
            }
            return time
        }
        let began = try time("probe finished at "), ended = try time("exit flush ended at ")
        return (run, .milliseconds(Int(((ended - began) * 1000).rounded())))
    }

    @Test(.enabled(if: PythonPeer.shouldRun), arguments: ["return", "exit"])
    func exitWithoutShutdownDeliversEverySpanWithinTheBound(_ ending: String) async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let (run, elapsed) = try await Self.probe(["export", "14", ending], ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": server.url("/v1/traces").absoluteString])
        #expect(run.status == 0, "\(run)")
        #expect(try await ProcessShutdownTests.spanCount(in: server.requests(path: "/v1/traces")) == 14, "every queued span reached the collector")
        #expect(elapsed < Self.bound + Self.schedulingSlack, "\(elapsed)")
        #expect(Self.lines(run).isEmpty, "nothing lost, nothing to say: \(run)")
        ReliabilityReport.record("process exit without shutdown (\(ending)), collector up", "all 14 spans delivered by the exit flush")
    }

    @Test func aCollectorThatNeverAnswersCannotHoldTheExitPastTheBound() async throws {
        let server = try LocalHTTPServer(respondingWith: .neverAnswer)
        defer { server.stop() }
        let (run, elapsed) = try await Self.probe(["export", "14", "return"], [
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": server.url("/v1/traces").absoluteString, "SPANKIT_EXIT_TIMEOUT": "1000",
        ])
        #expect(run.status == 0, "\(run)")
        #expect(elapsed < .seconds(1) + SpanKitSystem.exitGrace + Self.schedulingSlack, "\(elapsed)")
        #expect(elapsed >= .milliseconds(900), "the flush waited for its timeout: \(elapsed)")
        let errors = Self.lines(run).filter { $0.hasPrefix("SpanKit: error: 14 spans not delivered to 127.0.0.1:\(server.port): ") }
        // Whichever ends the request first at the deadline names the reason: the delivery's
        // deadline, the socket client's timeout, or the shutdown cancelling the export.
        #expect(errors.count == 1 && ["before the export deadline", "timed out", "export cancelled"].contains { errors[0].contains($0) }, "\(run)")
        ReliabilityReport.record("process exit without shutdown, collector never answers, SPANKIT_EXIT_TIMEOUT=1000",
                                 "the exit took \(Wording.duration(elapsed)); 14 spans reported not delivered on standard error")
    }

    @Test(.enabled(if: PythonPeer.shouldRun))
    func exitWithoutShutdownSpoolsWhatTheClosedPortRefusedAndTheNextProcessDeliversIt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("exit-spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = try LocalHTTPServer.unusedPort()
        let (offline, elapsed) = try await Self.probe(["export", "14", "exit"], [
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:\(port)/v1/traces", "SPANKIT_SPOOL_DIRECTORY": directory.path,
        ])
        #expect(offline.status == 0, "\(offline)")
        #expect(elapsed < .seconds(1) + Self.schedulingSlack, "a refused connection is not retried at exit: \(elapsed)")
        let reported = Self.lines(offline)
        #expect(reported.count == 1, "\(offline)")
        #expect(reported.first?.hasPrefix("SpanKit: warning: 14 spans not delivered to 127.0.0.1:\(port): could not connect: connection refused") == true)
        #expect(reported.first?.hasSuffix("(not retried at shutdown); stored in the spool for a later attempt") == true, "\(offline)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".spool") }.count == 1)

        let server = try LocalHTTPServer()
        defer { server.stop() }
        let online = try await ExampleProcess.run("spankit-diagnostics-probe", arguments: ["export", "1", "return"], environment: [
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": server.url("/v1/traces").absoluteString, "SPANKIT_SPOOL_DIRECTORY": directory.path,
        ])
        #expect(online.status == 0 && Self.lines(online).isEmpty, "\(online)")
        #expect(try await ProcessShutdownTests.spanCount(in: server.requests(path: "/v1/traces")) == 15, "its own span and the 14 spooled at the first exit")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".spool") }.isEmpty)
        ReliabilityReport.record("process exit without shutdown, closed port, spool set",
                                 "14 spans spooled at exit (reported on standard error); the next process delivered them at its own exit")
    }

    @Test func exitTimeoutZeroTurnsTheFlushOffButNotTheReport() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let (run, _) = try await Self.probe(["export", "14", "return"], [
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": server.url("/v1/traces").absoluteString, "SPANKIT_EXIT_TIMEOUT": "0",
        ])
        #expect(run.status == 0, "\(run)")
        #expect(server.requests(path: "/v1/traces").isEmpty)
        #expect(Self.lines(run) == [
            "SpanKit: error: 14 spans not delivered: the process exited without SpanKitSystem.shutdown and the exit flush is off (SPANKIT_EXIT_TIMEOUT=0)",
        ], "\(run)")
    }

    @Test func theRepeatCountsHeldBackByTheRateLimitArePrintedAtExit() async throws {
        let (run, _) = try await Self.probe(["storm", "5000", "return"], [:])
        #expect(run.status == 0, "\(run)")
        let printed = Self.lines(run)
        #expect(printed.count == 2 && printed.first?.hasPrefix("SpanKit: warning: ") == true, "\(run)")
        #expect(printed.last?.hasSuffix("(repeated 4999 times)") == true, "\(run)")
    }

    @Test func afterShutdownTheExitHandlerDoesNothing() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let run = try await ExampleProcess.run("spankit-diagnostics-probe", arguments: ["export", "14", "shutdown"], environment: [
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": server.url("/v1/traces").absoluteString,
        ])
        #expect(run.status == 0 && Self.lines(run).isEmpty, "\(run)")
        #expect(server.requests(path: "/v1/traces").count == 1, "one export, by shutdown; the exit handler sent nothing more")
    }
}
