import Foundation
import SpanKitHTTPClient
import TestSupport
import Testing

/// What `closeIdleConnections()` does to the connections a client keeps alive, seen from the
/// server: the idle ones end at once, and one in use then ends with its request instead of
/// being kept.
@Suite struct SocketHTTPClientConnectionTests {
    static func request(_ url: URL) -> HTTPClientRequest {
        HTTPClientRequest(url: url, body: Data("payload".utf8), timeout: .seconds(30))
    }

    /// Polls `condition` for up to 30 s (a loaded machine under ThreadSanitizer is slow to
    /// close sockets, never wrong about it).
    static func eventually(_ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while !condition(), ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(5)) }
        return condition()
    }

    @Test func idleConnectionsAreClosedAndTheClientStaysUsable() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let client = SocketHTTPClient()
        #expect(try await client.send(Self.request(server.url("/one"))).status == 200)
        #expect(server.statistics.connectionsOpen == 1, "kept alive")

        client.closeIdleConnections()
        #expect(await Self.eventually { server.statistics.connectionsOpen == 0 })
        #expect(try await client.send(Self.request(server.url("/two"))).status == 200)
        #expect(server.statistics.connectionsAccepted == 2)
    }

    @Test func aConnectionInUseWhenTheyAreClosedIsNotKeptAfterItsRequest() async throws {
        let server = try LocalHTTPServer(respondingWith: .delayed(.milliseconds(300), then: .ok))
        defer { server.stop() }
        let client = SocketHTTPClient()
        let request = Self.request(server.url("/slow"))
        let inFlight = Task { try await client.send(request) }
        _ = try await server.waitForRequests(count: 1)
        client.closeIdleConnections()
        #expect(try await inFlight.value.status == 200)
        #expect(await Self.eventually { server.statistics.connectionsOpen == 0 }, "closed after its response, not pooled")
    }
}
