import Foundation
@testable import SpanKit
import TestSupport
import Testing

/// A process that ends spans and calls `SpanKitSystem.shutdown` before it exits has delivered or
/// spooled every one of them — and a later process delivers what was spooled.
@Suite(.serialized) struct ProcessShutdownTests {
    /// Spans in the OTLP requests a server received, counted by the official protobuf classes.
    static func spanCount(in requests: [RecordedRequest]) async throws -> Int {
        let script = """
        import base64, json, sys
        from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
        total = 0
        for body in json.load(sys.stdin):
            request = ExportTraceServiceRequest.FromString(base64.b64decode(body))
            total += sum(len(s.spans) for r in request.resource_spans for s in r.scope_spans)
        print(total)
        """
        let bodies = requests.map { JSONValue.string(($0.decodedBody ?? $0.body).base64EncodedString()) }
        let output = try await PythonPeer.run(script, input: Data(JSONValue.array(bodies).jsonString.utf8))
        return Int(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test(.enabled(if: PythonPeer.shouldRun))
    func shutdownBeforeExitDeliversEverySpan() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let run = try await ExampleProcess.run("quickstart", environment: ["PHOENIX_COLLECTOR_ENDPOINT": server.baseURL.absoluteString])
        #expect(run.status == 0, "\(run)")
        #expect(run.standardOutput.contains("exported 10 spans over OTLP"))
        #expect(try await Self.spanCount(in: server.requests(path: "/v1/traces")) == 10)
        ReliabilityReport.record("process exit after shutdown, collector up", "all 10 spans delivered before the process exited")
    }

    @Test(.enabled(if: PythonPeer.shouldRun))
    func shutdownBeforeExitSpoolsWhatCannotBeDeliveredAndTheNextProcessDeliversIt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = try LocalHTTPServer.unusedPort()
        let offline = try await ExampleProcess.run("quickstart", environment: [
            "PHOENIX_COLLECTOR_ENDPOINT": "http://127.0.0.1:\(port)", "SPANKIT_SPOOL_DIRECTORY": directory.path,
        ])
        #expect(offline.status == 0, "spooled spans are not lost: \(offline)")
        #expect(offline.standardOutput.contains("spooled 10 for a later run"), "\(offline)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".spool") }
        #expect(!files.isEmpty)

        let server = try LocalHTTPServer()
        defer { server.stop() }
        let online = try await ExampleProcess.run("quickstart", environment: [
            "PHOENIX_COLLECTOR_ENDPOINT": server.baseURL.absoluteString, "SPANKIT_SPOOL_DIRECTORY": directory.path,
        ])
        #expect(online.status == 0, "\(online)")
        #expect(try await Self.spanCount(in: server.requests(path: "/v1/traces")) == 20, "its own 10 spans and the 10 spooled by the first process")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".spool") }.isEmpty)
        ReliabilityReport.record("process exit after shutdown, collector down, spool set",
                                 "10 spans spooled before exit (exit status 0); the next process delivered them with its own 10, spool emptied")
    }
}
