import Foundation
@testable import SpanKit
import SpanKitTesting
import Testing
import TestSupport

/// Replies from a script, in order, and remembers what it was sent.
private final class ScriptedChatClient: ChatClient, @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var replies: [ChatReply]
    private var sent: [[Message]] = []

    init(_ replies: [ChatReply]) { self.replies = replies }

    var requests: [[Message]] { lock.withLock { sent } }

    func complete(_ messages: [Message], tools: [ToolDefinition]) async throws -> ChatReply {
        lock.withLock {
            sent.append(messages)
            return replies.removeFirst()
        }
    }
}

private struct Atlas: SearchIndex {
    func search(_ query: String, limit: Int) async throws -> [Document] {
        [Document(id: "atlas-7", content: "Paris is the capital of France.", score: 0.93, metadata: ["source": "atlas"])]
    }
}

private struct FixedWeather: WeatherService {
    func report(forArguments arguments: String) async throws -> String { "18°C and sunny" }
}

@Suite struct DocumentationExampleTests {
    @Test("every Swift sample in the SpanKit DocC articles is code in a documentation example file")
    func articleSamplesAreCompiledCode() throws {
        let root = PythonPeer.packageRoot
        let files = FileManager.default
        let catalog = root.appendingPathComponent("Sources/SpanKit/SpanKit.docc")
        let exampleDirectory = root.appendingPathComponent("Tests/SpanKitTests/Documentation")
        let exampleFiles = [root.appendingPathComponent("Tests/SpanKitTests/LLM/TracingAnLLMCallExample.swift")]
            + (try files.contentsOfDirectory(at: exampleDirectory, includingPropertiesForKeys: nil))
            .filter { $0.lastPathComponent.hasSuffix("Example.swift") }
        // The server-side article's samples are compiled by the integration package.
        let integration = root.appendingPathComponent("Integrations/SpanKitTracing")
        let integrationFiles = [
            integration.appendingPathComponent("Sources/ChatService/ChatService.swift"),
            integration.appendingPathComponent("Tests/SpanKitTracingTests/ServerSideSwiftExample.swift"),
        ]
        let compiled = try (exampleFiles + integrationFiles).map { Self.normalized(try String(contentsOf: $0, encoding: .utf8)) }
        let articles = try files.contentsOfDirectory(at: catalog, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "md" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        #expect(Set(articles.map(\.lastPathComponent)).isSuperset(of: ["SpanKit.md", "TracingAnLLMCall.md"]))
        var sampleCount = 0
        for article in articles {
            let text = try String(contentsOf: article, encoding: .utf8)
            for sample in Self.swiftSamples(in: text) {
                sampleCount += 1
                if Self.isPackageManifest(sample) {
                    try Self.checkManifestSample(sample, article: article.lastPathComponent)
                    continue
                }
                let code = Self.normalized(sample)
                #expect(!code.isEmpty, "\(article.lastPathComponent) has an empty Swift sample")
                #expect(
                    compiled.contains { $0.contains(code) },
                    "\(article.lastPathComponent) sample is not in any documentation example file:\n\(sample)")
            }
        }
        #expect(sampleCount >= 7)
    }

    /// Whether a sample is a `Package.swift` manifest, which a test target cannot compile.
    static func isPackageManifest(_ sample: String) -> Bool {
        sample.split(separator: "\n").first?.hasPrefix("// swift-tools-version") == true
    }

    /// A manifest sample must agree with the real manifest: the same tools version and platforms,
    /// and products that the package declares.
    static func checkManifestSample(_ sample: String, article: String) throws {
        let manifest = try String(contentsOf: PythonPeer.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        let manifestLines = manifest.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let sampleLines = sample.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(sampleLines.first == manifestLines.first, "\(article): the manifest sample's tools version differs from Package.swift")
        let platforms = try #require(manifestLines.first { $0.hasPrefix("platforms:") })
        #expect(sampleLines.contains(platforms), "\(article): the manifest sample's platforms differ from Package.swift")
        var products = 0
        for line in sampleLines {
            var rest = Substring(line)
            while let start = rest.range(of: ".product(name: \"") {
                let name = rest[start.upperBound...].prefix { $0 != "\"" }
                #expect(manifest.contains(".library(name: \"\(name)\""), "\(article): Package.swift has no product \(name)")
                products += 1
                rest = rest[start.upperBound...]
            }
        }
        #expect(products > 0, "\(article): the manifest sample uses no SpanKit product")
    }

    @Test func theChatExampleRecordsModelMessagesAndTokens() async throws {
        let test = TestTracer()
        let client = ScriptedChatClient([
            ChatReply(text: "Paris.", model: "gpt-4o-mini-2024-07-18", finishReason: "stop", promptTokens: 20,
                      completionTokens: 2, cachedTokens: 8, costInDollars: 0.00001),
        ])
        let reply = try await withTracer(test.tracer) { try await chat("Capital of France?", client: client) }
        #expect(reply == "Paris.")
        let span = try #require(test.exporter.spans.first)
        #expect(span.kind == .llm && span.status == .ok)
        // The answering model replaces the requested one in llm.model_name, as the spec asks.
        #expect(span.attributes["llm.model_name"] == "gpt-4o-mini-2024-07-18")
        #expect(span.attributes["llm.response.model_name"] == "gpt-4o-mini-2024-07-18")
        #expect(span.attributes["llm.provider"] == "openai")
        #expect(span.attributes["llm.system"] == "openai")
        #expect(span.attributes["llm.finish_reason"] == "stop")
        #expect(span.attributes["llm.invocation_parameters"] == #"{"max_tokens":300,"temperature":0.2}"#)
        #expect(span.attributes["llm.input_messages.1.message.content"] == "Capital of France?")
        #expect(span.attributes["llm.output_messages.0.message.content"] == "Paris.")
        #expect(span.attributes["llm.token_count.total"] == 22)
        #expect(span.attributes["llm.token_count.prompt_details.cache_read"] == 8)
    }

    @Test func theSpanHelperExampleRecordsTheSameKeys() async throws {
        let test = TestTracer()
        let client = ScriptedChatClient([
            ChatReply(text: "Hi.", model: "gpt-4o-mini", finishReason: "stop", promptTokens: 5, completionTokens: 1, costInDollars: 0),
        ])
        _ = try await withTracer(test.tracer) { try await chatWithSpanHelpers("Hello", client: client) }
        let span = try #require(test.exporter.spans.first)
        #expect(span.attributes["llm.input_messages.0.message.role"] == "system")
        #expect(span.attributes["llm.output_messages.0.message.content"] == "Hi.")
        #expect(span.attributes["llm.token_count.total"] == 6)
    }

    @Test func theAgentExampleTracesTheToolLoop() async throws {
        let test = TestTracer()
        let call = ToolCall(id: "call_1", name: "get_weather", arguments: ["city": "Paris"])
        let client = ScriptedChatClient([
            ChatReply(text: nil, toolCalls: [call], model: "gpt-4o-mini", finishReason: "tool_calls", promptTokens: 40,
                      completionTokens: 12, costInDollars: 0),
            ChatReply(text: "It is 18°C and sunny in Paris.", model: "gpt-4o-mini", finishReason: "stop", promptTokens: 70,
                      completionTokens: 10, costInDollars: 0),
        ])
        let reply = try await withTracer(test.tracer) {
            try await weatherAssistant("Weather in Paris?", client: client, weather: FixedWeather())
        }
        #expect(reply == "It is 18°C and sunny in Paris.")
        #expect(test.exporter.spans.map(\.name) == ["chat-completion", "get_weather", "chat-completion", "weather-assistant"])
        let agent = try #require(test.exporter.spans(named: "weather-assistant").first)
        #expect(agent.kind == .agent && agent.attributes["agent.name"] == "weather-assistant")
        #expect(test.exporter.spans.dropLast().allSatisfy { $0.parentID == agent.spanID })

        let calls = test.exporter.spans(named: "chat-completion")
        #expect(calls[0].attributes["llm.tools.0.tool.name"] == "get_weather")
        #expect(calls[0].attributes["llm.output_messages.0.message.tool_calls.0.tool_call.id"] == "call_1")
        #expect(calls[0].attributes["llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments"] == #"{"city":"Paris"}"#)
        #expect(calls[1].attributes["llm.input_messages.3.message.role"] == "tool")
        #expect(calls[1].attributes["llm.input_messages.3.message.tool_call_id"] == "call_1")
        #expect(calls[1].attributes["llm.input_messages.3.message.content"] == "18°C and sunny")

        let tool = try #require(test.exporter.spans(named: "get_weather").first)
        #expect(tool.kind == .tool)
        #expect(tool.attributes["tool.id"] == "call_1")
        #expect(tool.attributes["input.value"] == #"{"city":"Paris"}"#)
        #expect(tool.attributes["output.value"] == "18°C and sunny")
    }

    @Test func theRetrievalExampleGroupsBySessionAndAddsSignals() async throws {
        let test = TestTracer()
        let client = ScriptedChatClient([
            ChatReply(text: "Paris.", model: "gpt-4o-mini", finishReason: "stop", promptTokens: 30, completionTokens: 2,
                      costInDollars: 0.0000123),
        ])
        let reply = try await withTracer(test.tracer) {
            try await answer("Capital of France?", conversation: "conv-1", user: "user-9", client: client, index: Atlas())
        }
        #expect(reply == "Paris.")
        #expect(test.exporter.spans.map(\.name) == ["search-docs", "chat-completion", "answer-question"])
        #expect(test.exporter.spans.allSatisfy { $0.sessionID == "conv-1" && $0.userID == "user-9" })
        let root = try #require(test.exporter.spans(named: "answer-question").first)
        #expect(root.input == "Capital of France?" && root.output == "Paris.")
        #expect(root.signals.map(\.name) == ["grounded"])
        let retriever = try #require(test.exporter.spans(named: "search-docs").first)
        #expect(retriever.attributes["retrieval.documents.0.document.metadata"] == #"{"source":"atlas"}"#)
        let llm = try #require(test.exporter.spans(named: "chat-completion").first)
        #expect(llm.signals.map(\.name) == ["cost"])
        #expect(llm.exportAttributes["session.id"] == "conv-1")
        #expect(client.requests.first?.first?.content == "Answer from these documents:\nParis is the capital of France.")
    }

    @Test func theTemplateExampleRecordsTemplateAndMetadata() async throws {
        let test = TestTracer()
        let client = ScriptedChatClient([
            ChatReply(text: "A span.", model: "claude-haiku-4-5", finishReason: "end_turn", promptTokens: 9, completionTokens: 3,
                      costInDollars: 0),
        ])
        let summary = try await withTracer(test.tracer) { try await summarise("Spans are …", client: client) }
        #expect(summary == "A span.")
        let span = try #require(test.exporter.spans.first)
        #expect(span.attributes["llm.prompt_template.template"] == "Summarise in one sentence: {text}")
        #expect(span.attributes["llm.prompt_template.variables"] == #"{"text":"Spans are …"}"#)
        #expect(span.attributes["llm.prompt_template.version"] == "v3")
        #expect(span.attributes["metadata"] == #"{"experiment":"short-prompts","feature":"summary"}"#)
        #expect(span.attributes["llm.system"] == "anthropic")
        #expect(span.attributes["output.value"] == "A span.")
    }

    /// The ```swift blocks of a markdown text.
    static func swiftSamples(in markdown: String) -> [String] {
        var samples: [String] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if current == nil, trimmed == "```swift" {
                current = []
            } else if current != nil, trimmed == "```" {
                samples.append(current!.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return samples
    }

    /// Lines without their indentation and blank lines, so a sample matches the code whatever its
    /// nesting.
    static func normalized(_ code: String) -> String {
        code.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "\n")
    }
}
