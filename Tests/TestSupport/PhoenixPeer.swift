import Foundation
@testable import SpanKit
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real Phoenix server started on 127.0.0.1 by the README test command, which passes its
/// URL in `SPANKIT_PHOENIX_URL`. Tests that need it are skipped under plain `swift test`
/// and fail (instead of skipping) when `SPANKIT_REQUIRE_PEERS=1`.
public enum PhoenixPeer {
    /// The server's base URL, e.g. `http://127.0.0.1:16006`.
    public static var baseURL: URL? {
        guard let text = ProcessInfo.processInfo.environment["SPANKIT_PHOENIX_URL"], !text.isEmpty else { return nil }
        return URL(string: text)
    }

    /// Whether Phoenix tests should run (a missing server then fails them).
    public static var shouldRun: Bool { baseURL != nil || PythonPeer.peersRequired }

    /// A failure talking to Phoenix.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    static func requireBaseURL() throws -> URL {
        guard let baseURL else { throw Failure(description: "Phoenix missing: run scripts/test.sh, which starts it") }
        return baseURL
    }

    /// A fresh project name, unique per call (sessions are unique across Phoenix projects).
    public static func uniqueProject(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// GETs a path (with query) and parses the JSON body.
    public static func get(_ pathAndQuery: String) async throws -> JSONValue {
        let url = URL(string: try requireBaseURL().absoluteString + pathAndQuery)!
        return try await send(URLRequest(url: url))
    }

    /// POSTs a GraphQL query and returns its `data`.
    public static func graphQL(_ query: String, variables: JSONValue = [:]) async throws -> JSONValue {
        var request = URLRequest(url: try requireBaseURL().appendingPathComponent("graphql"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let body: JSONValue = ["query": .string(query), "variables": variables]
        request.httpBody = Data(body.jsonString.utf8)
        let reply = try await send(request)
        if let errors = reply["errors"], errors != .null { throw Failure(description: "GraphQL errors: \(errors.jsonString)") }
        return reply["data"] ?? .null
    }

    /// The spans of the given traces in a project, polling until at least `count` arrived
    /// (Phoenix ingests in the background) or `timeout` passes.
    public static func spans(project: String, traceIDs: [String], atLeast count: Int, timeout: Duration = .seconds(60)) async throws -> [JSONValue] {
        let query = traceIDs.map { "trace_id=\($0)" }.joined(separator: "&")
        return try await poll(timeout: timeout, atLeast: count) {
            guard case .array(let items)? = try await get("/v1/projects/\(project)/spans?limit=1000&\(query)")["data"] else { return [] }
            return items
        }
    }

    /// Polls `fetch` until it returns at least `count` items or `timeout` passes; returns the
    /// last result (tests then assert on it).
    public static func poll(timeout: Duration = .seconds(60), atLeast count: Int, _ fetch: () async throws -> [JSONValue]) async throws -> [JSONValue] {
        let deadline = ContinuousClock.now + timeout
        var last: [JSONValue] = []
        while true {
            do {
                last = try await fetch()
            } catch let failure as Failure where failure.description.contains("HTTP 404") {
                last = []  // the project does not exist until its first span is stored
            }
            if last.count >= count || ContinuousClock.now >= deadline { return last }
            try await Task.sleep(for: .milliseconds(500))
        }
    }

    private static func send(_ request: URLRequest) async throws -> JSONValue {
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let text = String(decoding: data, as: UTF8.self)
        guard (200..<300).contains(status) else {
            throw Failure(description: "HTTP \(status) from \(request.url?.path ?? ""): \(text.prefix(300))")
        }
        return try JSONValue(parsing: text)
    }
}
