import Foundation
@testable import SpanKit
import Testing

/// `Configuration.exitTimeout` and `SPANKIT_EXIT_TIMEOUT`, as the resolver reads them.
@Suite struct ExitTimeoutConfigurationTests {
    func resolve(_ exitTimeout: Duration? = nil, environment: [String: String] = [:]) -> (Duration, [String]) {
        let diagnostics = DiagnosticsRecorder()
        let configuration = SpanKitSystem.Configuration(
            destination: .console(file: nil), onDiagnostic: diagnostics.handler, environment: environment, exitTimeout: exitTimeout)
        return (ConfigurationResolver.resolve(configuration).exitTimeout, diagnostics.all.map(\.message))
    }

    @Test func theDefaultIsThreeSeconds() {
        #expect(resolve() == (.seconds(3), []))
    }

    @Test func theVariableIsInMillisecondsAndZeroTurnsTheFlushOff() {
        #expect(resolve(environment: ["SPANKIT_EXIT_TIMEOUT": "1500"]) == (.milliseconds(1500), []))
        #expect(resolve(environment: ["SPANKIT_EXIT_TIMEOUT": "0"]) == (.zero, []))
    }

    @Test func codeWinsOverTheVariable() {
        #expect(resolve(.zero, environment: ["SPANKIT_EXIT_TIMEOUT": "1500"]) == (.zero, []))
        #expect(resolve(.seconds(10), environment: ["SPANKIT_EXIT_TIMEOUT": "0"]) == (.seconds(10), []))
    }

    @Test func invalidValuesAreReportedAndTheDefaultUsed() {
        #expect(resolve(environment: ["SPANKIT_EXIT_TIMEOUT": "3s"]) == (.seconds(3), [
            "SPANKIT_EXIT_TIMEOUT='3s' ignored: expected a whole number, 0 or more; using 3000",
        ]))
        #expect(resolve(.seconds(-1)) == (.seconds(3), ["exitTimeout -1.0 s ignored: expected zero (off) or more; using 3.0 s"]))
    }

    @Test func aDisabledTracerHasNothingToFlush() {
        var configuration = SpanKitSystem.Configuration(environment: [:])
        configuration.isEnabled = false
        #expect(ConfigurationResolver.resolve(configuration).exitTimeout == .zero)
    }
}
