import Foundation
@testable import SpanKit
import TestSupport
import Testing

/// One attempt of ``Delivery`` through the socket transport under the real clock, which it
/// awaits directly (the transport enforces the timeout it is given) instead of racing it
/// against a timer: the deadline and cancellation must still end it as the race would.
@Suite(.serialized) struct DeliveryAttemptTests {
    func delivery(_ transport: any HTTPTransport = SocketHTTPTransport()) -> Delivery {
        Delivery(
            transport: transport, headers: [(name: "Authorization", value: "Bearer sk-SECRET-77")], timeout: .seconds(10),
            policy: RetryPolicy(maxAttempts: 1), spool: nil, clock: SystemPipelineClock(), sink: DeliverySink(handler: nil))
    }

    func upload(_ url: URL) -> UploadRequest {
        UploadRequest(url: url, contentType: "application/x-protobuf", contentEncoding: nil, body: Data("spans".utf8), spanCount: 1, purpose: .spans)
    }

    @Test func theSocketTransportEnforcesTimeoutsOfPlainHTTPOnly() {
        let plain = HTTPRequest(url: URL(string: "http://127.0.0.1:4318/v1/traces")!)
        let secure = HTTPRequest(url: URL(string: "https://collector.example/v1/traces")!)
        #expect(SocketHTTPTransport().enforcesTimeout(of: plain))
        #expect(!DefaultHTTPTransport().enforcesTimeout(of: secure), "URLSession cuts timeouts to whole seconds")
        #if canImport(FoundationNetworking)
        #expect(DefaultHTTPTransport().enforcesTimeout(of: plain))
        #else
        #expect(!DefaultHTTPTransport().enforcesTimeout(of: plain))
        #endif
        #expect(!ScriptedTransport().enforcesTimeout(of: plain), "any other transport is raced against the deadline")
    }

    @Test func anAnsweredAttemptSucceeds() async throws {
        let server = try LocalHTTPServer(respondingWith: .status(200, body: "{}"))
        defer { server.stop() }
        let result = await delivery().attempt(upload(server.url("/v1/traces")), deadline: .now + .seconds(5))
        #expect((try? result.get()) != nil)
        #expect(server.requests.map(\.bodyText) == ["spans"])
    }

    @Test func aSilentCollectorEndsTheAttemptAtTheExportDeadline() async throws {
        let server = try LocalHTTPServer(respondingWith: .neverAnswer)
        defer { server.stop() }
        let started = ContinuousClock.now
        let deadline = started + .milliseconds(300)
        let result = await delivery().attempt(upload(server.url("/v1/traces")), deadline: deadline)
        let ended = ContinuousClock.now
        guard case .failure(let failure) = result else {
            Issue.record("a silent collector answered")
            return
        }
        #expect(failure.error == ExportError(.timeout, "no answer from /v1/traces before the export deadline"))
        #expect(ended >= deadline, "not before the deadline")
        #expect(ended - deadline < .seconds(1), "at the deadline (with slack for a loaded machine), not at the 10 s request timeout")
    }

    @Test func cancellingAnAttemptEndsItAtOnceAsACancelledExport() async throws {
        let server = try LocalHTTPServer(respondingWith: .neverAnswer)
        defer { server.stop() }
        let delivery = delivery()
        let request = upload(server.url("/v1/traces"))
        let attempt = Task { await delivery.attempt(request, deadline: .now + .seconds(20)) }
        #expect(await eventually { server.statistics.connectionsAccepted == 1 })
        let cancelled = ContinuousClock.now
        attempt.cancel()
        let result = await attempt.value
        #expect(ContinuousClock.now - cancelled < .seconds(2), "at once, not at the deadline")
        guard case .failure(let failure) = result else {
            Issue.record("a cancelled attempt succeeded")
            return
        }
        #expect(failure.error == ExportError(.cancelled, "export cancelled"))
    }
}
