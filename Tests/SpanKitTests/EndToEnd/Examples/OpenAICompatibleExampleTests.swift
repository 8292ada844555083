import Foundation
@testable import SpanKit
import TestSupport
import Testing

/// `openai-compatible` against a local chat-completions stub (``ChatCompletionsStub``): a
/// plain call that asks for a tool, the tool, and a streamed answer. Checked in the console and
/// JSON-lines output (no Phoenix needed) and in Phoenix.
@Suite struct OpenAICompatibleExampleTests {
    /// A key unique to the test, to look for anywhere it must not be.
    let key = "sk-test-\(UUID().uuidString)"

    func environment(_ server: LocalHTTPServer, extra: [String: String] = [:]) -> [String: String] {
        ["OPENAI_BASE_URL": server.url("/v1").absoluteString, "OPENAI_MODEL": "gpt-4o-mini", "OPENAI_API_KEY": key]
            .merging(extra) { _, new in new }
    }

    @Test func withoutConfigurationItPrintsUsageAndFails() async throws {
        let run = try await ExampleProcess.run("openai-compatible")
        #expect(run.status == 64, "\(run)")
        #expect(run.standardError.contains("usage:") && run.standardError.contains("OPENAI_BASE_URL") && run.standardError.contains("OPENAI_MODEL"))
        #expect(run.standardOutput.isEmpty && run.spansFile == nil, "\(run)")
    }

    @Test func plainAndStreamedCallsAreSentAndRecorded() async throws {
        let server = try ChatCompletionsStub.start()
        defer { server.stop() }
        let run = try await ExampleProcess.run("openai-compatible", environment: environment(server))
        try #require(run.status == 0, "\(run)")
        #expect(run.standardOutput.contains("tool call: get_weather(\(ChatCompletionsStub.toolArguments))"), "\(run)")
        #expect(run.standardOutput.contains("assistant: \(ChatCompletionsStub.answer)\n"), "\(run)")
        #expect(run.standardOutput.contains("time to first token"), "\(run)")

        // What the server received: the key as a bearer token, tools, then a streamed request
        // asking for usage, with the tool's result.
        let requests = server.requests(path: "/v1/chat/completions")
        try #require(requests.count == 2, "\(server.requests)")
        #expect(requests.allSatisfy { $0.header("Authorization") == "Bearer \(key)" })
        let plain = try JSONValue(parsing: requests[0].bodyText), streamed = try JSONValue(parsing: requests[1].bodyText)
        #expect(plain["model"] == "gpt-4o-mini" && plain["stream"] == nil)
        #expect(plain["tools"]?.asArray?.first?["function"]?["name"] == "get_weather")
        #expect(streamed["stream"] == true && streamed["stream_options"]?["include_usage"] == true)
        let sent = streamed["messages"]?.asArray ?? []
        #expect(sent.map { $0["role"] } == ["system", "user", "assistant", "tool"])
        #expect(sent.last?["tool_call_id"] == .string(ChatCompletionsStub.toolCallID))
        #expect(sent[2]["tool_calls"]?.asArray?.first?["function"]?["arguments"] == .string(ChatCompletionsStub.toolArguments))

        // The spans, from the JSON-lines file.
        let spans = try run.fileSpans()
        #expect(spans.map { $0["name"] } == ["ChatCompletion", "get_weather", "ChatCompletion", "weather-question"])
        #expect(spans.map { $0["kind"] } == ["llm", "tool", "llm", "chain"])
        #expect(Set(spans.compactMap { $0["trace_id"] }).count == 1)
        let first = spans[0]["attributes"] ?? [:], second = spans[2]["attributes"] ?? [:]
        #expect(first["llm.output_messages.0.message.tool_calls.0.tool_call.id"] == .string(ChatCompletionsStub.toolCallID))
        #expect(first["llm.token_count.total"] == .int(ChatCompletionsStub.plainUsage.total))
        #expect(second["llm.output_messages.0.message.content"] == .string(ChatCompletionsStub.answer))
        #expect(second["llm.token_count.prompt"] == .int(ChatCompletionsStub.streamedUsage.prompt))
        #expect(spans[2]["events"]?.asArray?.map { $0["name"] } == ["first_token"])
        #expect((second["gen_ai.response.time_to_first_chunk"]?.asDouble ?? 0) > 0)
        #expect((second["spankit.stream.chunk_count"]?.asInt ?? 0) > 1)
        #expect(spans[1]["attributes"]?["tool.id"] == .string(ChatCompletionsStub.toolCallID))

        // The key went only into the Authorization header.
        #expect(!run.standardOutput.contains(key) && !run.standardError.contains(key) && !(run.spansFile ?? "").contains(key))
    }

    @Test func aRejectedCallFailsWithoutShowingTheKey() async throws {
        let server = try ChatCompletionsStub.startRejecting(key: key)
        defer { server.stop() }
        let run = try await ExampleProcess.run("openai-compatible", environment: environment(server))
        #expect(run.status == 1, "\(run)")
        #expect(run.standardError.contains("HTTP 401: Incorrect API key provided: <redacted>."), "\(run)")
        let spans = try run.fileSpans()
        #expect(spans.map { $0["name"] } == ["ChatCompletion", "weather-question"])
        #expect(spans.allSatisfy { $0["status"] == "error" })
        #expect(spans[0]["error_message"]?.asString?.contains("HTTP 401") == true)
        #expect(!run.standardOutput.contains(key) && !run.standardError.contains(key) && !(run.spansFile ?? "").contains(key))
    }

    @Test(.enabled(if: PhoenixPeer.shouldRun))
    func callsLandInPhoenixWithToolsTokensCostAndFirstToken() async throws {
        let server = try ChatCompletionsStub.start()
        defer { server.stop() }
        let project = PhoenixPeer.uniqueProject("example-openai")
        // The stub's host names no provider; say it is OpenAI's model so that Phoenix prices it.
        var environment = environment(server, extra: ["OPENAI_PROVIDER": "openai"])
        environment.merge(try ExampleProcess.phoenixEnvironment(project: project)) { _, new in new }
        let run = try await ExampleProcess.run("openai-compatible", environment: environment)
        try #require(run.status == 0, "\(run)")

        let phoenix = PhoenixProject(project)
        let spans = try await phoenix.spans(atLeast: 4)
        expectTree(spans, root: SpanShape("weather-question", "CHAIN"), children: [
            SpanShape("ChatCompletion", "LLM"), SpanShape("get_weather", "TOOL"), SpanShape("ChatCompletion", "LLM"),
        ])
        let root = try #require(spans.roots.first)
        let steps = spans.children(of: root)
        try #require(steps.count == 3)
        let (plain, tool, streamed) = (steps[0], steps[1], steps[2])

        for call in [plain, streamed] {
            #expect(call["llm.model_name"] == .string(ChatCompletionsStub.model))
            #expect(call["llm.provider"] == "openai" && call["llm.system"] == "openai")
            #expect(call["llm.tools.0.tool.name"] == "get_weather")
            #expect(call["llm.input_messages.1.message.role"] == "user")
        }
        #expect(plain["llm.token_count.prompt"] == .int(ChatCompletionsStub.plainUsage.prompt))
        #expect(plain["llm.token_count.completion"] == .int(ChatCompletionsStub.plainUsage.completion))
        #expect(plain["llm.finish_reason"] == "tool_calls")
        #expect(plain["llm.output_messages.0.message.tool_calls.0.tool_call.function.name"] == "get_weather")
        #expect(plain["llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments"] == .string(ChatCompletionsStub.toolArguments))
        #expect(tool["tool.id"] == .string(ChatCompletionsStub.toolCallID) && tool["input.value"] == .string(ChatCompletionsStub.toolArguments))
        #expect(tool["output.value"]?.asString?.contains("sunny") == true)

        #expect(streamed["llm.output_messages.0.message.content"] == .string(ChatCompletionsStub.answer))
        #expect(streamed["llm.token_count.total"] == .int(ChatCompletionsStub.streamedUsage.total))
        #expect(streamed["llm.finish_reason"] == "stop")
        #expect(streamed["llm.input_messages.3.message.tool_call_id"] == .string(ChatCompletionsStub.toolCallID))
        #expect(streamed["llm.invocation_parameters"]?.asString?.contains(#""stream":true"#) == true)
        // The first token arrived while the stream was still running (it is trickled).
        let firstToken = try #require(streamed.events.first { $0["name"] == "first_token" })
        let firstTokenTime = try #require(firstToken["timestamp"]?.asString)
        #expect(firstTokenTime > streamed.startTime && firstTokenTime < streamed.endTime, "\(firstToken)")
        #expect((streamed["gen_ai.response.time_to_first_chunk"]?.asDouble ?? 0) > 0)

        let sessionID = try #require(root["session.id"]?.asString)
        #expect(sessionID.hasPrefix("openai-compatible-"))
        let sessions = try await phoenix.sessions(atLeast: 1)
        #expect(sessions.map { $0["session_id"] } == [.string(sessionID)])

        let cost = try await PhoenixProject.cost(ofSpan: streamed.globalID)
        #expect((cost ?? 0) > 0, "Phoenix computed no cost for \(ChatCompletionsStub.model)")
        #expect(spans.allSatisfy { !$0.json.jsonString.contains(key) })
    }
}
