import AsyncHTTPClient
import Foundation
import SpanKit
import SpanKitTesting
import SpanKitTracing
import Testing

/// The Phoenix that `scripts/test.sh` starts (`SPANKIT_PHOENIX_URL`); skipped without it, and
/// failing instead when `SPANKIT_REQUIRE_PEERS=1`.
enum Phoenix {
    static var url: String? {
        ProcessInfo.processInfo.environment["SPANKIT_PHOENIX_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }
    static var shouldRun: Bool { url != nil || ProcessInfo.processInfo.environment["SPANKIT_REQUIRE_PEERS"] == "1" }

    /// The spans of `traceID` in `project`, polling until `count` arrived (Phoenix ingests in
    /// the background) or 60 seconds pass.
    static func spans(project: String, traceID: String, atLeast count: Int) async throws -> [[String: Any]] {
        let url = try #require(url, "SPANKIT_PHOENIX_URL is not set")
        let client = ChatServiceHarness.client(tracer: nil)
        defer { Task { try? await client.shutdown() } }
        let deadline = ContinuousClock.now + .seconds(60)
        var spans: [[String: Any]] = []
        while spans.count < count, ContinuousClock.now < deadline {
            let response = try await client.execute(
                HTTPClientRequest(url: "\(url)/v1/projects/\(project)/spans?limit=100&trace_id=\(traceID)"), timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 1 << 22)
            if response.status == .ok, let json = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] {
                spans = json["data"] as? [[String: Any]] ?? []
            }
            if spans.count < count { try await Task.sleep(for: .milliseconds(500)) }
        }
        return spans
    }
}

@Suite("One request, one trace in a real Phoenix", .enabled(if: Phoenix.shouldRun))
struct PhoenixTraceTests {
    @Test("SpanKit as the backend over OTLP: request → CHAIN → LLM → HTTP client span, read back over Phoenix's API")
    func oneTraceInPhoenix() async throws {
        let project = "spankit-tracing-\(UUID().uuidString.prefix(8).lowercased())"
        let exporter = InMemoryExporter()
        var configuration = SpanKitSystem.Configuration(
            destination: .all([.otlp, .processor(exporter)]), environment: [:])
        configuration.otlpEndpoint = URL(string: (Phoenix.url ?? "http://127.0.0.1:9") + "/v1/traces")
        configuration.projectName = project
        configuration.joinsDistributedTracing = true
        let tracer = SpanKitSystem.makeTracer(configuration)
        try await ChatServiceHarness(spanKitTracer: tracer, backend: SpanKitTracer(tracer: tracer)).run { url in
            let (status, _) = try await ChatServiceHarness.chat(url, message: "to phoenix", session: "phoenix-session")
            #expect(status == 200)
        }
        let statistics = await tracer.shutdown()
        #expect(statistics.exported >= 4)
        let traceID = try #require(exporter.spans.first).context.traceID
        let spans = try await Phoenix.spans(project: project, traceID: hex(traceID), atLeast: 4)
        #expect(spans.count == 4)
        func span(_ name: String) -> [String: Any]? { spans.first { $0["name"] as? String == name } }
        func id(_ span: [String: Any]?) -> String? { (span?["context"] as? [String: Any])?["span_id"] as? String }
        let request = span("/chat"), chain = span("answer"), llm = span("chat-completion"), client = span("POST")
        #expect(request?["parent_id"] is NSNull || request?["parent_id"] == nil)
        #expect(chain?["parent_id"] as? String == id(request))
        #expect(llm?["parent_id"] as? String == id(chain))
        #expect(client?["parent_id"] as? String == id(llm))
        #expect(llm?["span_kind"] as? String == "LLM")
        #expect((llm?["attributes"] as? [String: Any])?["session.id"] as? String == "phoenix-session")
    }
}
