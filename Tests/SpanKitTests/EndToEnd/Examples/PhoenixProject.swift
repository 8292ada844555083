import Foundation
@testable import SpanKit
import TestSupport

/// What an example run stored in its Phoenix project, read back through the REST and GraphQL
/// APIs. Phoenix ingests spans, annotations and costs in the background, so every read polls
/// until the expected amount is there or the timeout passes (the tests then assert on what came).
struct PhoenixProject {
    let name: String

    init(_ name: String) { self.name = name }

    /// Every span of the project, once at least `count` are stored.
    func spans(atLeast count: Int) async throws -> [StoredSpan] {
        try await PhoenixPeer.poll(timeout: .seconds(60), atLeast: count) {
            try await PhoenixPeer.get("/v1/projects/\(name)/spans?limit=1000")["data"]?.asArray ?? []
        }.map(StoredSpan.init)
    }

    /// The project's sessions (`session_id`, `traces` with `trace_id`, token counts), once at
    /// least `count` exist.
    func sessions(atLeast count: Int) async throws -> [JSONValue] {
        try await PhoenixPeer.poll(timeout: .seconds(30), atLeast: count) {
            try await PhoenixPeer.get("/v1/projects/\(name)/sessions")["data"]?.asArray ?? []
        }
    }

    /// Span annotations of the given spans (hex ids), once at least `count` exist.
    func spanAnnotations(spanIDs: [String], atLeast count: Int) async throws -> [JSONValue] {
        try await annotations("span_annotations", key: "span_ids", ids: spanIDs, atLeast: count)
    }

    /// Trace annotations of the given traces (hex ids), once at least `count` exist.
    func traceAnnotations(traceIDs: [String], atLeast count: Int) async throws -> [JSONValue] {
        try await annotations("trace_annotations", key: "trace_ids", ids: traceIDs, atLeast: count)
    }

    /// Session annotations of the given sessions, once at least `count` exist.
    func sessionAnnotations(sessionIDs: [String], atLeast count: Int) async throws -> [JSONValue] {
        try await annotations("session_annotations", key: "session_ids", ids: sessionIDs, atLeast: count)
    }

    private func annotations(_ resource: String, key: String, ids: [String], atLeast count: Int) async throws -> [JSONValue] {
        let query = ids.map { "\(key)=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" }.joined(separator: "&")
        return try await PhoenixPeer.poll(timeout: .seconds(30), atLeast: count) {
            try await PhoenixPeer.get("/v1/projects/\(name)/\(resource)?\(query)")["data"]?.asArray ?? []
        }
    }

    /// The total cost Phoenix computed for a span (by its GlobalID), polling until it is
    /// positive: a daemon prices new LLM spans about every 5 seconds. Nil if none came in time.
    static func cost(ofSpan globalID: String, timeout: Duration = .seconds(45)) async throws -> Double? {
        let query = "query ($id: ID!) { node(id: $id) { ... on Span { costSummary { total { cost } } } } }"
        let found = try await PhoenixPeer.poll(timeout: timeout, atLeast: 1) {
            let data = try await PhoenixPeer.graphQL(query, variables: ["id": .string(globalID)])
            guard let cost = data["node"]?["costSummary"]?["total"]?["cost"]?.asDouble, cost > 0 else { return [] }
            return [.double(cost)]
        }
        return found.first?.asDouble
    }
}
