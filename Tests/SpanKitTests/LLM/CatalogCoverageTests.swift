import Foundation
import OpenInference
@testable import SpanKit
import SpanKitTesting
import Testing
import TestSupport

/// Issue 12: every key of the OpenInference catalog (the Python `openinference-semantic-conventions`
/// package, a real peer) is either written by one of SpanKit's typed helpers or named in the
/// "raw key only" list of the DocC article `TracingAnLLMCall.md`, which says how to set it.
@Suite struct CatalogCoverageTests {
    /// Spans built with every typed helper and every parameter, so that each key a helper can
    /// write is written at least once.
    static func maximalSpans() async -> [SpanRecord] {
        let test = TestTracer()
        let tool = ToolCall(id: "call_1", name: "get_weather", arguments: #"{"city":"Paris"}"#, reasoningSignature: "sig")
        let parts: [MessageContent] = [
            .text("Look", signature: "sig"), .image(url: "https://example.com/a.png"),
            .audio(url: "https://example.com/a.wav", mimeType: "audio/wav", transcript: "hello"),
            .video(url: "https://example.com/a.mp4"),
            .document(url: "https://example.com/a.pdf", mimeType: "application/pdf", name: "a.pdf", id: "doc-1", content: "text"),
            .reasoning("thinking", id: "rs_1", signature: "sig", data: "data", encryptedContent: "enc"),
            .toolUse(tool),
        ]
        let documents = [Document(
            id: "d1", content: "Paris", score: 0.9, metadata: ["source": "atlas"], url: "https://example.com", mimeType: "text/plain", name: "atlas")]
        await withTracer(test.tracer) {
            await withAttributes(
                sessionID: "s", sessionName: "session", userID: "u", metadata: ["k": "v"], tags: ["t": "1"],
                promptTemplate: PromptTemplate(
                    "Hi {name}", variables: ["name": "Ada"], version: "v1", vendor: "langfuse", id: "greet", url: "https://example.com/p")
            ) {
                test.tracer.withSpan("llm", kind: .llm) { span in
                    span.setLLM(
                        model: "gpt-4o", provider: .openai, system: .openai, requestModel: "gpt-4o", responseModel: "gpt-4o-2024",
                        invocationParameters: ["temperature": 0.1], finishReason: "stop")
                    span.setInputMessages([
                        Message(role: "user", content: "Hi", contents: parts, toolCalls: [tool], toolCallID: "call_0", name: "ada"),
                    ])
                    span.setOutputMessages([.assistant("Hello", toolCalls: [tool])])
                    span.setTokenCounts(
                        prompt: 1, completion: 2, total: 3, cacheRead: 1, cacheWrite: 1, cacheInput: 1, promptAudio: 1, reasoning: 1,
                        completionAudio: 1)
                    span.setAvailableTools([ToolDefinition(name: "get_weather", description: "Weather")])
                    span.setIO(input: "in", output: "out")
                    span.setTags(["x": "y"])
                    span.addSignal("cost", 0.1)
                    span.addSignal("ok", true, target: .trace)
                    span.addSignal("solved", true, target: .session)
                }
                test.tracer.withSpan("tool", kind: .tool) { span in
                    span.setTool(name: "get_weather", description: "Weather", parameters: ["type": "object"], callID: "call_1")
                }
                test.tracer.withSpan("agent", kind: .agent) { span in
                    span.setAgent(name: "planner")
                    span.setGraphNode(id: "n1", name: "node", parentID: "n0")
                }
                test.tracer.withSpan("decision", kind: .decision) { span in
                    span.setLLM(model: "gpt-4o", provider: .openai, system: .openai, requestModel: "gpt-4o", responseModel: "gpt-4o-2024")
                    span.setTokenCounts(prompt: 1, completion: 2)
                }
                test.tracer.withSpan("retriever", kind: .retriever) { span in span.setRetrievalDocuments(documents) }
                test.tracer.withSpan("reranker", kind: .reranker) { span in
                    span.setReranker(query: "q", model: "rerank", topK: 1, inputDocuments: documents, outputDocuments: documents)
                }
                test.tracer.withSpan("embedding", kind: .embedding) { span in
                    span.setEmbeddings([Embedding(text: "a", vector: [0.1])], model: "text-embedding-3", invocationParameters: ["dimensions": 1])
                }
            }
        }
        return test.exporter.spans
    }

    /// Every run of whole segments of `key` (indices as `{i}`): a catalog key is reached when it
    /// is one of them — a full key (`llm.input_messages.{i}.message.role`), a relative key under a
    /// list or object (`message.role`, `image.url`), or the prefix of a list or object that holds
    /// written keys (`llm.input_messages`, `message_content.image`).
    static func forms(of key: String) -> Set<String> {
        let segments = key.split(separator: ".").map { $0.allSatisfy(\.isNumber) ? "{i}" : String($0) }
        var forms: Set<String> = []
        for start in segments.indices {
            for end in (start + 1)...segments.count {
                forms.insert(segments[start..<end].joined(separator: "."))
            }
        }
        return forms
    }

    /// The keys the DocC article lists as reachable only through `setAttribute`.
    static func rawKeyOnlyList() throws -> Set<String> {
        let article = PythonPeer.packageRoot.appendingPathComponent("Sources/SpanKit/SpanKit.docc/TracingAnLLMCall.md")
        let text = try String(contentsOf: article, encoding: .utf8)
        guard let section = text.range(of: "### Keys without a typed helper") else { return [] }
        var keys: Set<String> = []
        for line in text[section.upperBound...].split(separator: "\n") {
            if line.hasPrefix("#") { break }
            guard line.hasPrefix("| `") else { continue }
            let cell = line.dropFirst(2).prefix { $0 != "|" }
            // Backticked pieces alternate with the commas between them.
            for (index, piece) in cell.split(separator: "`", omittingEmptySubsequences: false).enumerated() where index % 2 == 1 {
                keys.insert(String(piece))
            }
        }
        return keys
    }

    @Test(.enabled(if: PythonPeer.shouldRun))
    func everyCatalogKeyHasATypedHelperOrIsListedAsRawKeyOnly() async throws {
        let script = """
        import inspect, json
        import openinference.semconv.trace as t
        keys = set()
        for name, cls in inspect.getmembers(t, inspect.isclass):
            keys.update(v for k, v in vars(cls).items() if k.isupper() and isinstance(v, str) and not k.startswith("_"))
        print(json.dumps(sorted(keys)))
        """
        let output = try await PythonPeer.run(script, input: Data())
        let catalog = try #require(try JSONValue(parsing: String(decoding: output, as: UTF8.self)).asArray).compactMap(\.asString)
        #expect(catalog.count > 100, "\(catalog.count) keys")

        var written: Set<String> = []
        for record in await Self.maximalSpans() {
            for attribute in record.exportAttributes.list { written.formUnion(Self.forms(of: attribute.key)) }
        }
        let rawOnly = try Self.rawKeyOnlyList()
        let unreached = catalog.filter { !written.contains($0) && !rawOnly.contains($0) }
        #expect(unreached.isEmpty, "catalog keys with no typed helper and not in the article's raw-key list: \(unreached)")
        let stale = rawOnly.filter { written.contains($0) || !catalog.contains($0) }
        #expect(stale.isEmpty, "listed as raw-key only but written by a helper, or not in the catalog: \(stale.sorted())")
    }
}
