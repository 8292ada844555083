import Foundation
@_spi(Benchmarks) @testable import SpanKit
import SpanKitTesting
import Testing
import TestSupport

/// Only 8 bytes of a span id cross in `traceparent`; SpanKit's span ids are rebuilt whole from
/// them, so a trace continued elsewhere joins into one tree in the JSON span format too.
@Suite struct CrossProcessIDTests {
    /// Two tracers that share nothing but the header text, as a client and a server process do.
    /// (The derivation has no per-process state: IDTests pins its output for a fixed id.)
    static func clientAndServerSpans() throws -> (client: SpanRecord, server: SpanRecord) {
        let clientSide = TestTracer(), serverSide = TestTracer()
        var headers: [String: String] = [:]
        let clientSpanID = clientSide.tracer.withSpan("call-server", otelKind: .client) { span in
            W3CTraceContext.inject(span.context, into: &headers)
            return span.spanID
        }
        let wire = try #require(headers["traceparent"]).utf8.count
        #expect(wire == 55, "only the 8-byte span id crosses")
        serverSide.tracer.withSpan("handle", otelKind: .server, parent: .context(W3CTraceContext.extract(from: headers))) { span in
            #expect(span.parentID == clientSpanID, "server.parentID == client.spanID")
        }
        return (try #require(clientSide.exporter.spans.first), try #require(serverSide.exporter.spans.first))
    }

    @Test func theJSONFormatJoinsBothSidesIntoOneTree() async throws {
        let (client, server) = try Self.clientAndServerSpans()
        let collector = try LocalHTTPServer()
        defer { collector.stop() }
        for record in [client, server] {
            let exporter = JSONBatchExporter(baseURL: collector.baseURL, settings: HTTPExportSettings(retryPolicy: .quick))
            #expect(await exporter.exportResult([record]) == .success)
        }
        let bodies = collector.requests(path: "/spans").map { try? JSONValue(parsing: $0.bodyText) }
        try #require(bodies.count == 2)
        guard case .array(let clientSpans)? = bodies[0], case .array(let serverSpans)? = bodies[1] else {
            Issue.record("the bodies are not JSON arrays")
            return
        }
        let clientJSON = try #require(clientSpans.first), serverJSON = try #require(serverSpans.first)
        #expect(serverJSON["parent_span_id"] == clientJSON["id"])
        #expect(serverJSON["trace_id"] == clientJSON["trace_id"])
        #expect(clientJSON["parent_span_id"] == .null)
    }

    @Test(.enabled(if: PythonPeer.shouldRun))
    func theOTLPExportOfTheSameSpansKeepsTheirIDs() async throws {
        let (client, server) = try Self.clientAndServerSpans()
        let decoded = try await DecodedRequest.decode(try OTLPTraceEncoder(resource: Resource()).encode([client, server]))
        let spans = decoded.spans
        try #require(spans.count == 2)
        #expect(spans[0].spanID == client.spanID.otelSpanIDHex)
        #expect(spans[1].parentSpanID == client.spanID.otelSpanIDHex)
        #expect(spans[1].spanID == server.spanID.otelSpanIDHex)
        #expect(spans[0].traceID == client.traceID.otelTraceIDHex && spans[1].traceID == client.traceID.otelTraceIDHex)
    }

    /// The same hop between two real processes (`spankit-diagnostics-probe hop`), which share
    /// nothing but the header text printed by one and passed to the other; each exports in the
    /// JSON format and over OTLP, through a bootstrapped pipeline.
    @Test(.enabled(if: PythonPeer.shouldRun))
    func twoProcessesJoinIntoOneTreeInBothFormats() async throws {
        let collector = try LocalHTTPServer()
        defer { collector.stop() }
        let environment = ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": collector.url("/v1/traces").absoluteString]
        let client = try await ExampleProcess.run("spankit-diagnostics-probe", arguments: ["hop", collector.baseURL.absoluteString], environment: environment)
        #expect(client.status == 0, "\(client)")
        let traceparent = try #require(client.standardOutput.split(separator: "\n").first { $0.hasPrefix("traceparent: ") }?.dropFirst(13))
        #expect(traceparent.utf8.count == 55, "only the 8-byte span id crosses")
        let server = try await ExampleProcess.run(
            "spankit-diagnostics-probe", arguments: ["hop", collector.baseURL.absoluteString, String(traceparent)], environment: environment)
        #expect(server.status == 0, "\(server)")

        // JSON: the server's parent_span_id is the client's whole id.
        let bodies = try collector.requests(path: "/spans").map { try JSONValue(parsing: $0.bodyText).asArray ?? [] }
        try #require(bodies.count == 2 && bodies.allSatisfy { $0.count == 1 }, "\(bodies)")
        let clientJSON = bodies[0][0], serverJSON = bodies[1][0]
        #expect(clientJSON["name"] == "call-server" && serverJSON["name"] == "handle")
        #expect(serverJSON["parent_span_id"] == clientJSON["id"])
        #expect(serverJSON["trace_id"] == clientJSON["trace_id"])
        #expect(server.standardOutput.contains("parent: \(clientJSON["id"]?.asString?.uppercased() ?? "?")"))

        // OTLP, decoded with the official protobuf classes: the same ids.
        let spans = try await DecodedRequest.spans(of: collector.requests(path: "/v1/traces"))
        try #require(spans.count == 2)
        let clientID = try #require(clientJSON["id"]?.asString.flatMap(UUID.init(uuidString:)))
        let serverID = try #require(serverJSON["id"]?.asString.flatMap(UUID.init(uuidString:)))
        let traceID = try #require(clientJSON["trace_id"]?.asString.flatMap(UUID.init(uuidString:)))
        #expect(spans[0].spanID == clientID.otelSpanIDHex && spans[1].spanID == serverID.otelSpanIDHex)
        #expect(spans[1].parentSpanID == clientID.otelSpanIDHex)
        #expect(spans.allSatisfy { $0.traceID == traceID.otelTraceIDHex })
    }
}
