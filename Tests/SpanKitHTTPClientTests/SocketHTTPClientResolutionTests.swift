import Foundation
@testable import SpanKitHTTPClient
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The socket client's system parts that need no server: address resolution (without
/// connecting anywhere) and wait rounding.
@Suite struct SocketHTTPClientResolutionTests {
    // MARK: Resolution

    @Test func addressLiteralsResolveWithoutALookup() throws {
        let v4 = try SocketAddress.resolve(host: "127.0.0.1", port: 80, numericOnly: true).get()
        #expect(v4.map(\.family) == [AF_INET])
        let v6 = try SocketAddress.resolve(host: "::1", port: 80, numericOnly: true).get()
        #expect(v6.map(\.isIPv6) == [true])
        #expect(throws: ResolutionFailure.self) { try SocketAddress.resolve(host: "localhost", port: 80, numericOnly: true).get() }
    }

    @Test func namesResolveOnAHelperThreadWithinTheDeadline() throws {
        let control = RequestControl(timeout: .seconds(5))
        let target = try HTTPTarget(url: URL(string: "http://localhost:4318/")!)
        let addresses = try HostResolver.addresses(for: target, control: control)
        #expect(addresses.contains { $0.family == AF_INET || $0.family == AF_INET6 })
    }

    @Test func resolutionGivesUpAtTheDeadline() throws {
        let control = RequestControl(timeout: .zero)
        let target = try HTTPTarget(url: URL(string: "http://localhost:4318/")!)
        let error = #expect(throws: HTTPClientError.self) { try HostResolver.addresses(for: target, control: control) }
        #expect(error?.kind == .timeout)
    }

    @Test func waitsRoundUpToWholeMilliseconds() {
        #expect(SocketConnection.milliseconds(roundingUp: .microseconds(1)) == 1)
        #expect(SocketConnection.milliseconds(roundingUp: .milliseconds(40)) == 40)
        #expect(SocketConnection.milliseconds(roundingUp: .microseconds(40_001)) == 41)
        #expect(SocketConnection.milliseconds(roundingUp: .seconds(3)) == 3_000)
        #expect(SocketConnection.milliseconds(roundingUp: .zero) == 1)
    }
}
