import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OpenInference
@_spi(Benchmarks) @testable import SpanKit
import SpanKitTesting
import Testing
import TestSupport

/// Issue 12: with `OPENINFERENCE_ENABLE_GENAI_SEMCONV=true`, OTLP export adds the OpenTelemetry
/// GenAI attributes beside the OpenInference ones; key names come from the convention's own
/// Python package, and Phoenix reads a span that carries them alone as an LLM span.
@Suite struct GenAIEmissionTests {
    static func attributes(_ span: DecodedSpan) -> [String: DecodedValue] {
        var result: [String: DecodedValue] = [:]
        for attribute in span.attributes where result[attribute.key] == nil { result[attribute.key] = attribute.value }
        return result
    }

    /// An LLM, a tool and an agent span, recorded in session `conv-9`.
    static func records() async -> [SpanRecord] {
        let test = TestTracer()
        _ = await withTracer(test.tracer) {
            await withSession("conv-9") {
                await test.tracer.agent("planner", input: "Weather?") { _ in
                    Span.current?.setAgent(name: "planner")
                    test.tracer.withSpan("chat", kind: .llm) { span in
                        span.setLLM(
                            model: "mistral-large-latest", provider: .mistralai, responseModel: "mistral-large-2411",
                            invocationParameters: ["temperature": 0.2, "max_tokens": 256, "top_p": 1], finishReason: "tool_calls")
                        span.setTokenCounts(prompt: 40, completion: 12, cacheRead: 8, reasoning: 5)
                    }
                    test.tracer.withSpan("get_weather", kind: .tool) { span in
                        span.setTool(name: "get_weather", description: "Weather for a city", callID: "call_7")
                    }
                    return "sunny"
                }
            }
        }
        return test.exporter.spans
    }

    @Test(.enabled(if: PythonPeer.shouldRun))
    func theKeysAndValuesAreTheConventionsOwn() async throws {
        let script = """
        import json, sys
        import opentelemetry.semconv._incubating.attributes.gen_ai_attributes as g
        keys = {getattr(g, name) for name in dir(g) if name.startswith("GEN_AI_")}
        providers = {m.value for m in g.GenAiProviderNameValues}
        operations = {m.value for m in g.GenAiOperationNameValues}
        wanted = json.load(sys.stdin)
        print(json.dumps({
            "unknown_keys": [k for k in wanted["keys"] if k not in keys],
            "unknown_providers": [p for p in wanted["providers"] if p not in providers],
            "unknown_operations": [o for o in wanted["operations"] if o not in operations],
        }))
        """
        let providers = LLMProvider.allCases.map { GenAIAttributes.providerName($0.rawValue) }
            .filter { $0.contains(".") || $0.contains("_") || ["openai", "anthropic", "cohere", "deepseek", "groq", "perplexity"].contains($0) }
        let input: JSONValue = [
            "keys": .array(GenAIAttributes.Key.all.map { .string($0) }),
            "providers": .array(providers.map { .string($0) }),
            "operations": ["chat", "embeddings", "execute_tool", "invoke_agent"],
        ]
        let reply = try JSONValue(parsing: String(decoding: try await PythonPeer.run(script, input: Data(input.jsonString.utf8)), as: UTF8.self))
        #expect(reply["unknown_keys"] == [])
        #expect(reply["unknown_providers"] == [])
        #expect(reply["unknown_operations"] == [])
        #expect(providers.count >= 10, "the mapped providers are checked: \(providers)")
    }

    @Test(.enabled(if: PythonPeer.shouldRun))
    func llmToolAndAgentSpansCarryTheGenAIAttributesBesideOpenInference() async throws {
        let records = await Self.records()
        let encoder = OTLPTraceEncoder(resource: Resource(), emitsGenAI: true)
        let decoded = try await DecodedRequest.decode(try encoder.encode(records))
        let spans: [DecodedSpan] = decoded.spans
        var byName: [String: [String: DecodedValue]] = [:]
        for span in spans { byName[span.name] = Self.attributes(span) }

        let llm = try #require(byName["chat"])
        #expect(llm["gen_ai.operation.name"] == .string("chat"))
        #expect(llm["gen_ai.provider.name"] == .string("mistral_ai") && llm["gen_ai.system"] == .string("mistral_ai"))
        #expect(llm["gen_ai.request.model"] == .string("mistral-large-latest"))
        #expect(llm["gen_ai.response.model"] == .string("mistral-large-2411"))
        #expect(llm["gen_ai.usage.input_tokens"] == .int("40") && llm["gen_ai.usage.output_tokens"] == .int("12"))
        #expect(llm["gen_ai.usage.cache_read.input_tokens"] == .int("8") && llm["gen_ai.usage.reasoning.output_tokens"] == .int("5"))
        #expect(llm["gen_ai.response.finish_reasons"] == .array([.string("tool_calls")]))
        #expect(llm["gen_ai.conversation.id"] == .string("conv-9"))
        #expect(llm["gen_ai.request.max_tokens"] == .int("256"))
        #expect(llm["gen_ai.request.temperature"] != nil && llm["gen_ai.request.top_p"] != nil)
        #expect(llm["openinference.span.kind"] == .string("LLM") && llm["llm.token_count.prompt"] == .int("40"), "OpenInference stays")

        let tool = try #require(byName["get_weather"])
        #expect(tool["gen_ai.operation.name"] == .string("execute_tool"))
        #expect(tool["gen_ai.tool.name"] == .string("get_weather") && tool["gen_ai.tool.call.id"] == .string("call_7"))
        #expect(tool["gen_ai.tool.description"] == .string("Weather for a city"))

        let agent = try #require(byName["planner"])
        #expect(agent["gen_ai.operation.name"] == .string("invoke_agent") && agent["gen_ai.agent.name"] == .string("planner"))

        let plain = try await DecodedRequest.decode(try OTLPTraceEncoder(resource: Resource()).encode(records))
        let plainSpans: [DecodedSpan] = plain.spans
        let keys = plainSpans.flatMap { $0.attributes.map(\.key) }
        #expect(!keys.contains { $0.hasPrefix("gen_ai.") }, "off by default")
    }

    @Test func theVariableSwitchesItOnAndABadValueIsReported() throws {
        for (value, emits) in [("TRUE", true), ("false", false), ("yes", false)] {
            let diagnostics = DiagnosticsRecorder()
            let otlp = try #require(OTLPExporterConfiguration().applying(
                ["OPENINFERENCE_ENABLE_GENAI_SEMCONV": value], onDiagnostic: diagnostics.handler))
            #expect(otlp.resolve().emitsGenAI == emits, "\(value)")
            #expect(diagnostics.all.map(\.message).contains { $0.hasPrefix("OPENINFERENCE_ENABLE_GENAI_SEMCONV=") } == (value == "yes"),
                    "\(diagnostics.all)")
        }
    }

    @Test(.enabled(if: PythonPeer.shouldRun))
    func theQuickstartsLLMSpansCarryTheGenAIKeys() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let run = try await ExampleProcess.run("quickstart", environment: [
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": server.url("/v1/traces").absoluteString, "OPENINFERENCE_ENABLE_GENAI_SEMCONV": "true",
        ])
        #expect(run.status == 0, "\(run)")
        let spans = try await DecodedRequest.spans(of: server.requests(path: "/v1/traces"))
        let llm = spans.map(Self.attributes).filter { $0["openinference.span.kind"] == .string("LLM") }
        #expect(llm.count >= 2, "\(spans.map(\.name))")
        for attributes in llm {
            #expect(attributes["gen_ai.operation.name"] == .string("chat"))
            #expect(attributes["gen_ai.provider.name"] != nil && attributes["gen_ai.request.model"] == attributes["llm.model_name"])
            #expect(attributes["gen_ai.usage.input_tokens"] == attributes["llm.token_count.prompt"])
            #expect(attributes["gen_ai.usage.output_tokens"] == attributes["llm.token_count.completion"])
            #expect(attributes["gen_ai.conversation.id"] == attributes["session.id"])
        }
    }

    /// With the OpenInference attributes left out, Phoenix still shows the span as an LLM span
    /// with its model and token counts: it translates the GenAI attributes at ingestion, as a
    /// GenAI backend reads them.
    @Test(.enabled(if: PhoenixPeer.shouldRun))
    func phoenixReadsASpanThatCarriesOnlyGenAIAttributesAsAnLLMSpan() async throws {
        let base = try #require(PhoenixPeer.baseURL)
        let project = PhoenixPeer.uniqueProject("genai-only")
        var llm = try #require(await Self.records().first { $0.name == "chat" })
        let genAI = GenAIAttributes.derive(kind: .llm, sessionID: nil, recorded: llm.attributes)
        llm.attributes = Attributes(Dictionary(uniqueKeysWithValues: genAI.map { ($0.key, $0.value) }))
        let resource = Resource(attributes: Attributes(["service.name": "genai-only", "openinference.project.name": .string(project)]))
        let body = try OTLPTraceEncoder(resource: resource, emitsOpenInference: false).encode([llm])
        let sent = try await DecodedRequest.decode(body).spans
        #expect(sent.flatMap { $0.attributes.map(\.key) }.allSatisfy { $0.hasPrefix("gen_ai.") }, "only GenAI attributes are sent")

        var request = URLRequest(url: base.appendingPathComponent("v1/traces"))
        request.httpMethod = "POST"
        request.setValue(OTLPTraceEncoder.contentType, forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body)
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)

        let stored = try await PhoenixPeer.spans(project: project, traceIDs: [llm.traceID.otelTraceIDHex], atLeast: 1)
        let span = try #require(stored.first)
        #expect(span["span_kind"] == "LLM")
        #expect(span["attributes"]?["llm.model_name"] == "mistral-large-latest")
        #expect(span["attributes"]?["llm.token_count.prompt"] == 40 && span["attributes"]?["llm.token_count.completion"] == 12)
    }
}
