import Foundation
@testable import SpanKit
import TestSupport
import Testing

/// Issue 17: `quickstart` and `agent-tools` against a real MLflow tracking server, configured
/// with MLflow's two documented environment variables alone, read back through MLflow's own
/// Python client.
@Suite struct MLflowExampleTests {
    /// Every span shows inputs and outputs in MLflow (its `mlflow.spanInputs` / `spanOutputs`,
    /// read from OpenInference's `input.value` / `output.value`).
    func expectInputsAndOutputs(_ spans: [JSONValue], except failing: Set<String> = [], sourceLocation: SourceLocation = #_sourceLocation) {
        for span in spans {
            let name = span["name"]?.asString ?? "?"
            #expect(span["inputs"] != nil && span["inputs"] != .null, "\(name) has no inputs", sourceLocation: sourceLocation)
            if !failing.contains(name) {
                #expect(span["outputs"] != nil && span["outputs"] != .null, "\(name) has no outputs", sourceLocation: sourceLocation)
            }
        }
    }

    /// The sum of an integer span attribute over `spans`.
    func total(_ key: String, _ spans: [JSONValue]) -> Int {
        spans.compactMap { $0["attributes"]?[key]?.asInt }.reduce(0, +)
    }

    @Test(.enabled(if: MLflowPeer.shouldRun))
    func quickstartLandsTypedWithInputsOutputsTokensSessionAndAssessments() async throws {
        let experiment = try await MLflowPeer.createExperiment("example-quickstart")
        let run = try await ExampleProcess.run("quickstart", environment: try MLflowPeer.environment(experimentID: experiment))
        try #require(run.status == 0, "\(run)")
        #expect(run.standardOutput.contains("exported 10 spans over OTLP"), "\(run)")
        #expect(!run.standardError.contains("SpanKit: error"), "\(run)")

        // 2 turns × (cost, accuracy, grounded) + the session's `resolved`.
        let traces = try await MLflowPeer.traces(experimentID: experiment, atLeast: 2, assessments: 7)
        try #require(traces.count == 2, "\(traces)")
        let session = try #require(traces[0]["metadata"]?["mlflow.trace.session"]?.asString)
        #expect(session.hasPrefix("quickstart-"))
        for trace in traces {
            #expect(trace["state"] == "OK")
            #expect(trace["metadata"]?["mlflow.trace.session"] == .string(session), "both turns in one session")
            #expect(trace["metadata"]?["mlflow.trace.user"] == "user-1")
            let spans = trace["spans"]?.asArray ?? []
            #expect(spans.count == 5)
            let root = try #require(spans.first { $0["parent_id"] == .null })
            #expect(root["name"] == "answer-question" && root["span_type"] == "CHAIN")
            #expect(spans.filter { $0["parent_id"] != .null }.allSatisfy { $0["parent_id"] == root["span_id"] }, "parent links")
            #expect(Set(spans.compactMap { $0["span_type"]?.asString }) == ["CHAIN", "RETRIEVER", "LLM", "TOOL"])
            expectInputsAndOutputs(spans)

            // LLM inputs are the request (messages), outputs the reply; the retriever's output its documents.
            let llms = spans.filter { $0["span_type"] == "LLM" }
            #expect(llms.count == 2)
            for llm in llms {
                #expect(llm["inputs"]?["messages"]?.asArray?.isEmpty == false, "\(llm)")
                #expect(llm["inputs"]?["model"] == "gpt-4o-mini")
                #expect(llm["outputs"]?["messages"]?.asArray?.first?["role"] == "assistant", "\(llm)")
            }
            let retriever = try #require(spans.first { $0["span_type"] == "RETRIEVER" })
            #expect(retriever["outputs"]?["documents"]?.asArray?.first?["content"]?.asString?.isEmpty == false, "\(retriever)")

            // Token usage: MLflow's totals equal what the LLM spans carry.
            let usage = trace["token_usage"]
            #expect(usage?["input_tokens"]?.asInt == total("llm.token_count.prompt", llms))
            #expect(usage?["output_tokens"]?.asInt == total("llm.token_count.completion", llms))
            #expect(usage?["total_tokens"]?.asInt == total("llm.token_count.total", llms))

            // Signals as assessments on the root span; the session's on the last turn's trace.
            let assessments = trace["assessments"]?.asArray ?? []
            let onRoot = assessments.filter { $0["span_id"] == root["span_id"] }
            #expect(Set(onRoot.compactMap { $0["name"]?.asString }) == ["cost", "accuracy", "grounded"], "\(assessments)")
            #expect(onRoot.first { $0["name"] == "grounded" }?["value"] == true)
            #expect((onRoot.first { $0["name"] == "cost" }?["value"]?.asDouble ?? 0) > 0)
        }
        let resolved = traces.flatMap { $0["assessments"]?.asArray ?? [] }.filter { $0["name"] == "resolved" }
        #expect(resolved.count == 1 && resolved.first?["value"] == true)
        #expect(resolved.first?["metadata"]?["session_id"] == .string(session))
    }

    @Test(.enabled(if: MLflowPeer.shouldRun))
    func agentToolsShowsEveryKindAndTheFailingToolAsAnError() async throws {
        let experiment = try await MLflowPeer.createExperiment("example-agent")
        let run = try await ExampleProcess.run("agent-tools", environment: try MLflowPeer.environment(experimentID: experiment))
        try #require(run.status == 0, "\(run)")

        let traces = try await MLflowPeer.traces(experimentID: experiment, atLeast: 1)
        try #require(traces.count == 1, "\(traces)")
        let spans = traces[0]["spans"]?.asArray ?? []
        #expect(spans.count == 6)
        let agent = try #require(spans.first { $0["parent_id"] == .null })
        #expect(agent["name"] == "day-planner" && agent["span_type"] == "AGENT")
        #expect(spans.filter { $0["parent_id"] != .null }.allSatisfy { $0["parent_id"] == agent["span_id"] }, "parent links")
        #expect(spans.filter { $0["span_type"] == "LLM" }.count == 2 && spans.filter { $0["span_type"] == "TOOL" }.count == 3)
        expectInputsAndOutputs(spans, except: ["book_restaurant"])

        let failed = try #require(spans.first { $0["name"] == "book_restaurant" })
        #expect(failed["status"] == "ERROR")
        #expect(failed["status_message"]?.asString?.contains("reservation service is unavailable") == true, "\(failed)")
        let exception = try #require(failed["events"]?.asArray?.first { $0["name"] == "exception" })
        #expect(exception["attributes"]?["exception.type"]?.asString?.contains("ToolFailure") == true)
        #expect(spans.filter { $0["name"] != "book_restaurant" }.allSatisfy { $0["status"] == "OK" })

        let llms = spans.filter { $0["span_type"] == "LLM" }
        let usage = traces[0]["token_usage"]
        #expect(usage?["input_tokens"]?.asInt == total("llm.token_count.prompt", llms))
        #expect(usage?["output_tokens"]?.asInt == total("llm.token_count.completion", llms))
    }
}
