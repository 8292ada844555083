import Foundation
@testable import SpanKit
import TestSupport
import Testing

/// `agent-tools` against a real Phoenix: concurrent TOOL spans under one AGENT span, one of
/// them failing.
@Suite struct AgentToolsExampleTests {
    @Test(.enabled(if: PhoenixPeer.shouldRun))
    func concurrentToolsAreChildrenOfTheAgentAndTheFailureIsAnError() async throws {
        let project = PhoenixPeer.uniqueProject("example-agent")
        let run = try await ExampleProcess.run("agent-tools", environment: try ExampleProcess.phoenixEnvironment(project: project))
        try #require(run.status == 0, "\(run)")

        let spans = try await PhoenixProject(project).spans(atLeast: 6)
        #expect(spans.count == 6)
        let agent = try #require(spans.roots.first)
        expectTree(spans, root: SpanShape("day-planner", "AGENT"), children: [
            SpanShape("plan", "LLM"), SpanShape("get_weather", "TOOL"), SpanShape("find_museum", "TOOL"),
            SpanShape("book_restaurant", "TOOL"), SpanShape("answer", "LLM"),
        ], ordered: false)
        #expect(agent["agent.name"] == "day-planner")
        #expect(agent.statusCode == "OK")

        // The model asked for three calls; each TOOL span names the call it answers.
        let plan = try #require(spans.named("plan").first)
        #expect(plan["llm.tools.2.tool.name"] != nil && plan["llm.tools.3.tool.name"] == nil)
        let calls = (0..<3).compactMap { position -> (id: String, name: String)? in
            let key = "llm.output_messages.0.message.tool_calls.\(position).tool_call"
            guard let id = plan["\(key).id"]?.asString, let name = plan["\(key).function.name"]?.asString else { return nil }
            return (id, name)
        }
        #expect(calls.map(\.name) == ["get_weather", "find_museum", "book_restaurant"])
        let tools = spans.filter { $0.kind == "TOOL" }
        for call in calls {
            let tool = try #require(tools.first { $0.name == call.name })
            #expect(tool["tool.id"] == .string(call.id))
            #expect(tool["tool.name"] == .string(call.name))
            #expect(tool["input.value"] == #"{"city":"Lisbon"}"#)
            #expect(tool.parentID == agent.spanID)
        }

        // They ran concurrently: each started before every other one ended, and after the plan.
        for tool in tools {
            #expect(tools.allSatisfy { $0.startTime < tool.endTime }, "\(tools.map { ($0.name, $0.startTime, $0.endTime) })")
            #expect(tool.startTime > plan.endTime)
        }

        // The failing tool: status ERROR with an exception event; the others are fine.
        let failed = try #require(tools.first { $0.name == "book_restaurant" })
        #expect(failed.statusCode == "ERROR")
        #expect(failed.json["status_message"]?.asString?.contains("reservation service is unavailable") == true)
        let exception = try #require(failed.events.first { $0["name"] == "exception" })
        #expect(exception["attributes"]?["exception.message"]?.asString?.contains("reservation service") == true)
        #expect(exception["attributes"]?["exception.type"]?.asString?.contains("ToolFailure") == true)
        #expect(tools.filter { $0.statusCode == "OK" }.map(\.name).sorted() == ["find_museum", "get_weather"])

        // The model got the failure as the tool's result.
        let answer = try #require(spans.named("answer").first)
        // The system prompt, the request and the tool calls come first, then the three results.
        let toolResults = (3..<6).compactMap { answer["llm.input_messages.\($0).message.content"]?.asString }
        #expect(toolResults.count == 3 && toolResults.contains { $0.hasPrefix("error: ") }, "\(toolResults)")
        #expect(answer["llm.input_messages.3.message.tool_call_id"] == "call_1")
    }
}
