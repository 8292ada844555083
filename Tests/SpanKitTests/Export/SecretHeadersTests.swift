import Foundation
@testable import SpanKit
import Testing

/// Issue 17's masking rule: only secret values leave the process masked.
@Suite struct SecretHeadersTests {
    @Test(arguments: [
        "Authorization", "proxy-authorization", "Cookie", "x-api-key", "api_key", "X-Auth-Token", "x-secret",
        "DB-Password", "x-goog-authuser", "KEY",
    ])
    func secretNamesAreMasked(_ name: String) {
        #expect(SecretHeaders.isSecret(name))
        let text = SecretHeaders.scrub("server saw \(name)=value-1234", headers: [(name: name, value: "value-1234")], url: nil)
        #expect(text == "server saw \(name)=[redacted]")
    }

    @Test(arguments: ["x-mlflow-experiment-id", "x-project-name", "Content-Type", "traceparent", "User-Agent"])
    func otherNamesStayReadable(_ name: String) {
        #expect(!SecretHeaders.isSecret(name))
        let text = SecretHeaders.scrub("server saw \(name)=value-1234", headers: [(name: name, value: "value-1234")], url: nil)
        #expect(text == "server saw \(name)=value-1234")
    }

    @Test func bearerTokensURLCredentialsAndContainedSecretsAreMaskedWhole() throws {
        let url = try #require(URL(string: "https://alice:s3cr3t-pw@collector.example.com/v1/traces"))
        let headers = [(name: "Authorization", value: "Bearer tok-abcdef"), (name: "x-api-key", value: "tok-abcdef-longer")]
        let text = SecretHeaders.scrub("got tok-abcdef and tok-abcdef-longer for alice / s3cr3t-pw", headers: headers, url: url)
        #expect(text == "got [redacted] and [redacted] for [redacted] / [redacted]")
        #expect(SecretHeaders.scrub("id 12 of key", headers: [(name: "x-key", value: "12")], url: nil) == "id 12 of key",
                "values too short to search for are left (a guess would find them as easily)")
    }
}
