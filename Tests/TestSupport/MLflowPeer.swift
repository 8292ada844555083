import Foundation
@testable import SpanKit

/// A real MLflow tracking server started on 127.0.0.1 by the README test command, which passes
/// its URL in `SPANKIT_MLFLOW_URL`, read back through MLflow's own Python client (installed in
/// `.venv-mlflow`, or the interpreter in `SPANKIT_MLFLOW_PYTHON`). Tests that need it are skipped
/// under plain `swift test` and fail (instead of skipping) when `SPANKIT_REQUIRE_PEERS=1`.
public enum MLflowPeer {
    /// The server's base URL, e.g. `http://127.0.0.1:5000`.
    public static var baseURL: URL? {
        guard let text = ProcessInfo.processInfo.environment["SPANKIT_MLFLOW_URL"], !text.isEmpty else { return nil }
        return URL(string: text)
    }

    /// Whether MLflow tests should run (a missing server then fails them).
    public static var shouldRun: Bool { baseURL != nil || PythonPeer.peersRequired }

    /// The interpreter with the `mlflow` package.
    static var interpreter: URL {
        if let explicit = ProcessInfo.processInfo.environment["SPANKIT_MLFLOW_PYTHON"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        return PythonPeer.packageRoot.appendingPathComponent(".venv-mlflow/bin/python")
    }

    static func requireBaseURL() throws -> URL {
        guard let baseURL else { throw PythonPeer.Failure(description: "MLflow missing: run scripts/test.sh, which starts it") }
        return baseURL
    }

    /// Runs `script` with MLflow's client pointed at the server; its standard output as JSON.
    static func client(_ script: String, arguments: [String]) async throws -> JSONValue {
        let output = try await PythonPeer.run(
            script, arguments: arguments, interpreter: interpreter,
            environment: ["MLFLOW_TRACKING_URI": try requireBaseURL().absoluteString])
        return try JSONValue(parsing: String(decoding: output, as: UTF8.self))
    }

    /// A new experiment with a unique name starting with `prefix`; its id.
    public static func createExperiment(_ prefix: String) async throws -> String {
        let name = "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
        let reply = try await client("import json, sys, mlflow; print(json.dumps(mlflow.create_experiment(sys.argv[1])))", arguments: [name])
        guard case .string(let id) = reply else { throw PythonPeer.Failure(description: "unexpected experiment id \(reply)") }
        return id
    }

    /// The environment that makes an example export to MLflow's OTLP endpoint, into the
    /// experiment `id`: MLflow's documented two variables, nothing else.
    public static func environment(experimentID id: String) throws -> [String: String] {
        [
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": try requireBaseURL().appendingPathComponent("v1/traces").absoluteString,
            "OTEL_EXPORTER_OTLP_TRACES_HEADERS": "\(MLflowAssessments.experimentHeader)=\(id)",
        ]
    }

    /// The experiment's traces as MLflow's client returns them, polling until at least `count`
    /// traces with at least `assessments` assessments in all arrived: `{trace_id, state,
    /// metadata, token_usage, assessments: [{name, span_id, value, metadata}], spans: [{span_id,
    /// parent_id, name, span_type, inputs, outputs, status, status_message, events: [{name,
    /// attributes}], attributes}]}`.
    public static func traces(experimentID: String, atLeast count: Int, assessments: Int = 0, timeout: Duration = .seconds(60)) async throws -> [JSONValue] {
        let reply = try await client(tracesScript, arguments: [experimentID, String(count), String(assessments), String(Int(timeout.components.seconds))])
        guard case .array(let traces) = reply else { throw PythonPeer.Failure(description: "unexpected traces \(reply)") }
        return traces
    }

    private static let tracesScript = #"""
    import json, sys, time
    import mlflow

    experiment, count, assessments, timeout = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])

    def plain(value):
        try:
            json.dumps(value)
            return value
        except TypeError:
            return str(value)

    def dump(trace):
        info = trace.info
        return {
            "trace_id": info.trace_id,
            "state": str(info.state.value if hasattr(info.state, "value") else info.state),
            "metadata": dict(info.trace_metadata or {}),
            "token_usage": info.token_usage,
            "assessments": [
                {"name": a.name, "span_id": a.span_id, "value": plain(a.value), "metadata": a.metadata or {}}
                for a in info.assessments or []
            ],
            "spans": [
                {
                    "span_id": s.span_id, "parent_id": s.parent_id, "name": s.name, "span_type": s.span_type,
                    "inputs": plain(s.inputs), "outputs": plain(s.outputs),
                    "status": s.status.status_code.value, "status_message": s.status.description,
                    "events": [{"name": e.name, "attributes": plain(e.attributes)} for e in s.events],
                    "attributes": {k: plain(v) for k, v in s.attributes.items()},
                }
                for s in trace.data.spans
            ],
        }

    deadline = time.monotonic() + timeout
    while True:
        traces = mlflow.search_traces(locations=[experiment], return_type="list")
        dumped = [dump(t) for t in traces]
        if (len(dumped) >= count and sum(len(t["assessments"]) for t in dumped) >= assessments) or time.monotonic() >= deadline:
            break
        time.sleep(0.5)
    print(json.dumps(dumped))
    """#
}
