import Foundation
import OpenInference
@testable import SpanKit

/// A value that SpanKit records as JSON through `Encodable`.
private struct ParityQuestion: Encodable, Sendable {
    let text: String
    let topK: Int
}

/// The parity cases. Each Python expression calls the public helpers of
/// `openinference-instrumentation` 0.1.72 with the same data the Swift code records; keys that
/// Python has no helper for (`llm.finish_reason`, `tool.id`, `agent.name`, `graph.node.*`,
/// `embedding.invocation_parameters`) are added as raw keys, since Python instrumentations set
/// them with `span.set_attribute` too.
enum ParityScenarios {
    static let all: [ParityScenario] = [
        chat, multimodalImage, toolCallsAndResults, tokenDetails, toolsList, retrieval, reranker, embedding,
        promptTemplate, promptTemplateFromScope, metadataTagsSessionUser, contextScopes, toolSpan, agentSpan,
        chainWithJSONInput, multimodalBeyondPython, customProviderAndSystem, providerFromBaseURL, llmWrapper,
        retrieverWrapper, decisionSpan, managedPrompt,
    ]

    static let decisionSpan = ParityScenario(
        name: "a DECISION span records its model under decision.*",
        python: #"""
        {**get_span_kind_attributes("decision"),
         **get_decision_attributes(
            provider="openai", system="openai", model_name="gpt-4o-mini",
            request_model_name="gpt-4o-mini", response_model_name="gpt-4o-mini-2024-07-18",
            token_count={"input": 30, "output": 2})}
        """#,
        jsonKeys: []
    ) { tracer in
        tracer.withSpan("route-question", kind: .decision) { span in
            span.setLLM(model: "gpt-4o-mini", provider: .openai, requestModel: "gpt-4o-mini", responseModel: "gpt-4o-mini-2024-07-18")
            span.setTokenCounts(prompt: 30, completion: 2)
        }
    }

    static let managedPrompt = ParityScenario(
        name: "a PROMPT span with a template from a prompt service",
        python: #"""
        {**get_span_kind_attributes("prompt"),
         **from_context(using_prompt_template(template="Summarise {text}.", variables={"text": "a"}, version="3")),
         "prompt.vendor": "langfuse", "prompt.id": "summarise", "prompt.url": "https://prompts.example.com/summarise"}
        """#,
        jsonKeys: ["llm.prompt_template.variables"]
    ) { tracer in
        tracer.withSpan("render-prompt", kind: .prompt) { span in
            span.setPromptTemplate(PromptTemplate(
                "Summarise {text}.", variables: ["text": "a"], version: "3",
                vendor: "langfuse", id: "summarise", url: "https://prompts.example.com/summarise"))
        }
    }

    static let chat = ParityScenario(
        name: "chat with system, user and assistant",
        python: #"""
        {**get_span_kind_attributes("llm"),
         **get_llm_attributes(
            provider="openai", system=infer_llm_system_from_model_name("gpt-4o-mini"), model_name="gpt-4o-mini",
            response_model_name="gpt-4o-mini-2024-07-18",
            invocation_parameters={"temperature": 0.2, "max_tokens": 256},
            input_messages=[{"role": "system", "content": "Answer from the documents."},
                            {"role": "user", "content": "What is the capital of France?"}],
            output_messages=[{"role": "assistant", "content": "Paris."}],
            token_count={"prompt": 12, "completion": 3, "total": 15}),
         **get_input_attributes({
            "messages": [{"role": "system", "content": "Answer from the documents."},
                         {"role": "user", "content": "What is the capital of France?"}],
            "model": "gpt-4o-mini", "temperature": 0.2, "max_tokens": 256}),
         **get_output_attributes({"messages": [{"role": "assistant", "content": "Paris."}]}),
         "llm.finish_reason": "stop"}
        """#,
        jsonKeys: ["llm.invocation_parameters", "input.value", "output.value"]
    ) { tracer in
        tracer.withSpan("chat-completion", kind: .llm) { span in
            span.setLLM(
                model: "gpt-4o-mini", provider: .openai, responseModel: "gpt-4o-mini-2024-07-18",
                invocationParameters: ["temperature": 0.2, "max_tokens": 256])
            span.setInputMessages([.system("Answer from the documents."), .user("What is the capital of France?")])
            span.setOutputMessages([.assistant("Paris.")])
            span.setTokenCounts(prompt: 12, completion: 3)  // total 15 is derived
            span.setLLM(finishReason: "stop")
        }
    }

    static let multimodalImage = ParityScenario(
        name: "multimodal image input",
        python: #"""
        {**get_span_kind_attributes("llm"),
         **get_llm_attributes(
            provider="anthropic", system=infer_llm_system_from_model_name("claude-sonnet-4-5"),
            model_name="claude-sonnet-4-5",
            input_messages=(inputs := [
                {"role": "system", "content": "Describe images in one sentence."},
                {"role": "user", "contents": [
                    {"type": "text", "text": "What is in these pictures?", "signature": "sig-1"},
                    {"type": "image", "image": {"url": "https://example.com/cat.png"}},
                    {"type": "image", "image": {"url": "data:image/png;base64,iVBORw0KGgo="}}]}]),
            output_messages=(outputs := [{"role": "assistant", "content": "Two cats, one of them very small."}])),
         **get_input_attributes({"messages": inputs, "model": "claude-sonnet-4-5"}),
         **get_output_attributes({"messages": outputs})}
        """#,
        jsonKeys: ["input.value", "output.value"]
    ) { tracer in
        tracer.withSpan("describe-images", kind: .llm) { span in
            span.setLLM(model: "claude-sonnet-4-5", provider: .anthropic)
            span.setInputMessages([
                .system("Describe images in one sentence."),
                .user([
                    .text("What is in these pictures?", signature: "sig-1"),
                    .image(url: "https://example.com/cat.png"),
                    .image(url: "data:image/png;base64,iVBORw0KGgo="),
                ]),
            ])
            span.setOutputMessages([.assistant("Two cats, one of them very small.")])
        }
    }

    static let toolCallsAndResults = ParityScenario(
        name: "tool calls and tool results",
        python: #"""
        {**get_span_kind_attributes("llm"),
         **get_llm_attributes(
            provider="openai", system="openai", model_name="gpt-4o",
            input_messages=[
                {"role": "user", "content": "Weather and time in Paris?"},
                {"role": "assistant", "tool_calls": [
                    {"id": "call_1", "function": {"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}},
                    {"id": "call_2", "reasoning_signature": "rs-9",
                     "function": {"name": "get_time", "arguments": "{\"tz\": \"Europe/Paris\"}"}}]},
                {"role": "tool", "content": "18°C and sunny", "tool_call_id": "call_1"},
                {"role": "tool", "content": "14:05", "tool_call_id": "call_2"}],
            output_messages=[{"role": "assistant", "content": "It is 18°C and sunny; the time is 14:05."}]),
         **get_input_attributes({"model": "gpt-4o", "messages": [
            {"role": "user", "content": "Weather and time in Paris?"},
            {"role": "assistant", "tool_calls": [
                {"id": "call_1", "function": {"name": "get_weather",
                                              "arguments": json.dumps({"city": "Paris", "unit": "celsius"}, separators=(",", ":"))}},
                {"id": "call_2", "reasoning_signature": "rs-9",
                 "function": {"name": "get_time", "arguments": "{\"tz\": \"Europe/Paris\"}"}}]},
            {"role": "tool", "content": "18°C and sunny", "tool_call_id": "call_1"},
            {"role": "tool", "content": "14:05", "tool_call_id": "call_2"}]}),
         **get_output_attributes({"messages": [{"role": "assistant", "content": "It is 18°C and sunny; the time is 14:05."}]})}
        """#,
        jsonKeys: ["llm.input_messages.1.message.tool_calls.0.tool_call.function.arguments", "input.value", "output.value"]
    ) { tracer in
        tracer.withSpan("agent-turn", kind: .llm) { span in
            span.setLLM(model: "gpt-4o", provider: .openai, system: .openai)
            span.setInputMessages([
                .user("Weather and time in Paris?"),
                .assistant(toolCalls: [
                    ToolCall(id: "call_1", name: "get_weather", arguments: ["city": "Paris", "unit": "celsius"]),
                    // Text arguments are kept byte for byte, so this key is compared exactly.
                    ToolCall(id: "call_2", name: "get_time", arguments: #"{"tz": "Europe/Paris"}"#, reasoningSignature: "rs-9"),
                ]),
                .tool("18°C and sunny", toolCallID: "call_1"),
                .tool("14:05", toolCallID: "call_2"),
            ])
            span.setOutputMessages([.assistant("It is 18°C and sunny; the time is 14:05.")])
        }
    }

    /// Python's `get_llm_token_count_attributes` writes only prompt, completion, total and three
    /// prompt details; SpanKit also writes `prompt_details.cache_input` (a catalog constant) and
    /// the spec's `completion_details.reasoning` and `.audio`, which Phoenix prices.
    static let tokenDetails = ParityScenario(
        name: "token counts with prompt and completion details",
        python: #"""
        {**get_span_kind_attributes("llm"),
         **get_llm_attributes(
            provider="openai", system="openai", model_name="gpt-4o-2024-08-06",
            token_count={"prompt": 1000, "completion": 500, "total": 1500,
                         "prompt_details": {"cache_read": 200, "cache_write": 50, "audio": 10}})}
        """#,
        swiftOnly: [
            "llm.token_count.prompt_details.cache_input": 30,
            "llm.token_count.completion_details.reasoning": 100,
            "llm.token_count.completion_details.audio": 20,
        ]
    ) { tracer in
        tracer.withSpan("chat-completion", kind: .llm) { span in
            span.setLLM(model: "gpt-4o-2024-08-06", provider: .openai)
            span.setTokenCounts(
                prompt: 1000, completion: 500,
                cacheRead: 200, cacheWrite: 50, cacheInput: 30, promptAudio: 10,
                reasoning: 100, completionAudio: 20)
        }
    }

    static let toolsList = ParityScenario(
        name: "tools advertised to the model",
        python: #"""
        {**get_span_kind_attributes("llm"),
         **get_llm_attributes(
            provider="openai", system="openai", model_name="gpt-4o",
            tools=[
                {"json_schema": {"type": "function", "function": {
                    "name": "get_weather", "description": "Current weather for a city.",
                    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}},
                 "name": "get_weather", "description": "Current weather for a city."},
                {"json_schema": "{\"name\": \"search\", \"input_schema\": {\"type\": \"object\"}}", "name": "search"}])}
        """#,
        jsonKeys: ["llm.tools.0.tool.json_schema"]
    ) { tracer in
        tracer.withSpan("chat-completion", kind: .llm) { span in
            span.setLLM(model: "gpt-4o", provider: .openai)
            span.setAvailableTools([
                ToolDefinition(
                    name: "get_weather", description: "Current weather for a city.",
                    parameters: ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]]),
                ToolDefinition(jsonSchema: #"{"name": "search", "input_schema": {"type": "object"}}"#, name: "search"),
            ])
        }
    }

    /// Python's `_document_attributes` writes id, content, score and metadata only; SpanKit also
    /// writes the spec's `document.url`, `.mime_type` and `.name` for file documents.
    static let retrieval = ParityScenario(
        name: "retrieval documents",
        python: #"""
        {**get_span_kind_attributes("retriever"),
         **get_input_attributes("capital of France"),
         **get_retriever_attributes(documents=[
            {"id": "doc-1", "content": "Paris is the capital of France.", "score": 0.92,
             "metadata": {"source": "atlas", "page": 12, "tags": ["geo", "europe"]}},
            {"id": "doc-2", "content": "France is in Europe.", "score": 0.5},
            {"id": "doc-3", "content": "Capitals of Europe (PDF)"}]),
         **get_output_attributes({"documents": [
            {"id": "doc-1", "content": "Paris is the capital of France.", "score": 0.92,
             "metadata": {"source": "atlas", "page": 12, "tags": ["geo", "europe"]}},
            {"id": "doc-2", "content": "France is in Europe.", "score": 0.5},
            {"id": "doc-3", "content": "Capitals of Europe (PDF)", "url": "https://example.com/capitals.pdf",
             "mime_type": "application/pdf", "name": "capitals.pdf"}]})}
        """#,
        jsonKeys: ["retrieval.documents.0.document.metadata", "output.value"],
        swiftOnly: [
            "retrieval.documents.2.document.url": "https://example.com/capitals.pdf",
            "retrieval.documents.2.document.mime_type": "application/pdf",
            "retrieval.documents.2.document.name": "capitals.pdf",
        ]
    ) { tracer in
        tracer.withSpan("search-docs", kind: .retriever) { span in
            span.setInput("capital of France")
            span.setRetrievalDocuments([
                Document(
                    id: "doc-1", content: "Paris is the capital of France.", score: 0.92,
                    metadata: ["source": "atlas", "page": 12, "tags": ["geo", "europe"]]),
                Document(id: "doc-2", content: "France is in Europe.", score: 0.5),
                Document(
                    id: "doc-3", content: "Capitals of Europe (PDF)", url: "https://example.com/capitals.pdf",
                    mimeType: "application/pdf", name: "capitals.pdf"),
            ])
        }
    }

    static let reranker = ParityScenario(
        name: "reranker",
        python: #"""
        {**get_span_kind_attributes("reranker"),
         **get_reranker_attributes(
            query="capital of France", model_name="rerank-english-v3.0", top_k=2,
            input_documents=(candidates := [{"id": "a", "content": "France is in Europe.", "score": 0.5},
                             {"id": "b", "content": "Paris is the capital of France.", "score": 0.4},
                             {"id": "c", "content": "Rome is in Italy.", "score": 0.3}]),
            output_documents=(ranked := [{"id": "b", "content": "Paris is the capital of France.", "score": 0.98},
                              {"id": "a", "content": "France is in Europe.", "score": 0.61}])),
         **get_input_attributes({"query": "capital of France", "documents": candidates}),
         **get_output_attributes({"documents": ranked})}
        """#,
        jsonKeys: ["input.value", "output.value"]
    ) { tracer in
        let candidates = [
            Document(id: "a", content: "France is in Europe.", score: 0.5),
            Document(id: "b", content: "Paris is the capital of France.", score: 0.4),
            Document(id: "c", content: "Rome is in Italy.", score: 0.3),
        ]
        _ = await tracer.reranker("rerank", input: candidates, query: "capital of France", model: "rerank-english-v3.0", topK: 2) { _ in
            [
                Document(id: "b", content: "Paris is the capital of France.", score: 0.98),
                Document(id: "a", content: "France is in Europe.", score: 0.61),
            ]
        }
    }

    static let embedding = ParityScenario(
        name: "embeddings",
        python: #"""
        {**get_span_kind_attributes("embedding"),
         **get_embedding_attributes(model_name="text-embedding-3-small", embeddings=[
            {"text": "hello", "vector": [0.5, -0.25, 0.125]},
            {"text": "world", "vector": [1.5, 0.0, -2.75]}]),
         **get_input_attributes({"input": ["hello", "world"], "model": "text-embedding-3-small", "dimensions": 3}),
         **get_output_attributes({"embeddings": [[0.5, -0.25, 0.125], [1.5, 0.0, -2.75]]}),
         "embedding.invocation_parameters": json.dumps({"dimensions": 3})}
        """#,
        jsonKeys: ["embedding.invocation_parameters", "input.value", "output.value"]
    ) { tracer in
        _ = await tracer.embedding(input: ["hello", "world"], model: "text-embedding-3-small", invocationParameters: ["dimensions": 3]) { _ in
            [[0.5, -0.25, 0.125], [1.5, 0.0, -2.75]] as [[Float]]
        }
    }

    static let promptTemplate = ParityScenario(
        name: "prompt template on the span",
        python: #"""
        {**get_span_kind_attributes("llm"),
         **from_context(using_prompt_template(
            template="Answer {question} using {context}.", version="v2",
            variables={"question": "What is the capital of France?", "context": "Paris is the capital."}))}
        """#,
        jsonKeys: ["llm.prompt_template.variables"]
    ) { tracer in
        tracer.withSpan("chat-completion", kind: .llm) { span in
            span.setPromptTemplate(PromptTemplate(
                "Answer {question} using {context}.",
                variables: ["question": "What is the capital of France?", "context": "Paris is the capital."], version: "v2"))
        }
    }

    static let promptTemplateFromScope = ParityScenario(
        name: "prompt template from a withPromptTemplate scope",
        python: #"""
        {**get_span_kind_attributes("prompt"),
         **from_context(using_prompt_template(template="Summarise {text}.", variables={"text": "Les Misérables"}))}
        """#,
        jsonKeys: ["llm.prompt_template.variables"]
    ) { tracer in
        await withAttributes(promptTemplate: PromptTemplate("Summarise {text}.", variables: ["text": "Les Misérables"])) {
            tracer.withSpan("render-prompt", kind: .prompt) { _ in }
        }
    }

    static let metadataTagsSessionUser = ParityScenario(
        name: "metadata, tags, session and user on the span",
        python: #"""
        {**get_span_kind_attributes("chain"),
         **get_context_attributes(
            session_id="chat-42", user_id="user-7", tags=["beta", "swift"],
            metadata={"tier": "gold", "retries": 3, "ratio": 0.75, "flags": {"new_ui": True}, "note": None})}
        """#,
        jsonKeys: ["metadata"]
    ) { tracer in
        tracer.withSpan("answer-question") { span in
            span.setMetadata(["tier": "gold", "retries": 3, "ratio": 0.75, "flags": ["new_ui": true], "note": nil])
            span.setTags(["beta": "", "swift": ""])
            span.setSession(id: "chat-42")
            span.setUser(id: "user-7")
        }
    }

    static let contextScopes = ParityScenario(
        name: "session, user, metadata and tags from scopes",
        python: #"""
        {**get_span_kind_attributes("chain"),
         **from_context(using_attributes(
            session_id="chat-43", user_id="user-8", metadata={"experiment": "b"}, tags=["eu", "nightly"]))}
        """#,
        jsonKeys: ["metadata"]
    ) { tracer in
        // Python keeps the caller's tag order; SpanKit's tags are a set, exported sorted, so
        // Python gets the sorted list.
        await withSession("chat-43") {
            await withAttributes(userID: "user-8") {
                await withAttributes(metadata: ["experiment": "b"]) {
                    await withAttributes(tags: ["nightly": "", "eu": ""]) {
                        tracer.withSpan("answer-question") { _ in }
                    }
                }
            }
        }
    }

    static let toolSpan = ParityScenario(
        name: "tool span from tracer.tool",
        python: #"""
        {**get_span_kind_attributes("tool"),
         **get_input_attributes({"city": "Paris"}),
         **get_output_attributes("18°C and sunny"),
         **get_tool_attributes(
            name="get_weather", description="Current weather for a city.",
            parameters={"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}),
         "tool.id": "call_1"}
        """#,
        jsonKeys: ["input.value", "tool.parameters"]
    ) { tracer in
        let arguments: JSONValue = ["city": "Paris"]
        _ = await tracer.tool(
            "get_weather", input: arguments, description: "Current weather for a city.",
            parameters: ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]],
            callID: "call_1"
        ) { _ in "18°C and sunny" }
    }

    static let agentSpan = ParityScenario(
        name: "agent span from tracer.agent, with a graph node",
        python: #"""
        {**get_span_kind_attributes("agent"),
         **get_input_attributes("Plan a weekend in Rome"),
         **get_output_attributes({"saturday": "Colosseum", "sunday": "Vatican Museums"}),
         "agent.name": "travel-planner",
         "graph.node.id": "planner", "graph.node.name": "Planner", "graph.node.parent_id": "supervisor"}
        """#,
        jsonKeys: ["output.value"]
    ) { tracer in
        _ = await tracer.agent("travel-planner", input: "Plan a weekend in Rome") { _ in
            Span.current?.setGraphNode(id: "planner", name: "Planner", parentID: "supervisor")
            return ["saturday": "Colosseum", "sunday": "Vatican Museums"]
        }
    }

    static let chainWithJSONInput = ParityScenario(
        name: "chain span from tracer.chain with an Encodable input",
        python: #"""
        {**get_span_kind_attributes("chain"),
         **get_input_attributes({"text": "What is the capital of France?", "topK": 3}),
         **get_output_attributes("Paris")}
        """#,
        jsonKeys: ["input.value"]
    ) { tracer in
        _ = await tracer.chain("answer-question", input: ParityQuestion(text: "What is the capital of France?", topK: 3)) { _ in "Paris" }
    }

    /// Python's message helper knows text, image and reasoning parts and tool-call lists; it
    /// writes only the `type` of audio, video, document and tool_use parts and no `message.name`
    /// or `message_content.id`. SpanKit writes those spec keys too.
    static let multimodalBeyondPython = ParityScenario(
        name: "audio, video, document, reasoning and tool_use parts",
        python: #"""
        {**get_span_kind_attributes("llm"),
         **get_llm_input_message_attributes([
            {"role": "user", "contents": [
                {"type": "audio"}, {"type": "video"}, {"type": "document"}]},
            {"role": "tool", "content": "42", "tool_call_id": "toolu_1"}]),
         **get_llm_output_message_attributes([
            {"role": "assistant", "contents": [
                {"type": "reasoning", "text": "The user wants a sum.", "signature": "sig-r", "data": "opaque",
                 "encrypted_content": "enc"},
                {"type": "tool_use"}]}]),
         **get_input_attributes({"messages": [
            {"role": "user", "contents": [
                {"type": "audio", "audio": {"url": "https://example.com/q.wav", "mime_type": "audio/wav",
                                            "transcript": "What is six times seven?"}},
                {"type": "video", "video": {"url": "s3://bucket/clip.mp4"}},
                {"type": "document", "document": {"url": "https://example.com/a.pdf", "mime_type": "application/pdf",
                                                  "name": "a.pdf", "id": "file-1"}}]},
            {"role": "tool", "content": "42", "tool_call_id": "toolu_1", "name": "calculator"}]}),
         **get_output_attributes({"messages": [
            {"role": "assistant", "contents": [
                {"type": "reasoning", "text": "The user wants a sum.", "id": "rs_1", "signature": "sig-r", "data": "opaque",
                 "encrypted_content": "enc"},
                {"type": "tool_use", "tool_call": {"id": "toolu_2", "function": {"name": "multiply", "arguments": "{\"a\":6,\"b\":7}"}}}]}]})}
        """#,
        jsonKeys: ["input.value", "output.value"],
        swiftOnly: [
            "llm.input_messages.0.message.contents.0.message_content.audio.audio.url": "https://example.com/q.wav",
            "llm.input_messages.0.message.contents.0.message_content.audio.audio.mime_type": "audio/wav",
            "llm.input_messages.0.message.contents.0.message_content.audio.audio.transcript": "What is six times seven?",
            "llm.input_messages.0.message.contents.1.message_content.video.video.url": "s3://bucket/clip.mp4",
            "llm.input_messages.0.message.contents.2.message_content.document.document.url": "https://example.com/a.pdf",
            "llm.input_messages.0.message.contents.2.message_content.document.document.mime_type": "application/pdf",
            "llm.input_messages.0.message.contents.2.message_content.document.document.name": "a.pdf",
            "llm.input_messages.0.message.contents.2.message_content.document.document.id": "file-1",
            "llm.input_messages.1.message.name": "calculator",
            "llm.output_messages.0.message.contents.0.message_content.id": "rs_1",
            "llm.output_messages.0.message.contents.1.tool_call.id": "toolu_2",
            "llm.output_messages.0.message.contents.1.tool_call.function.name": "multiply",
            "llm.output_messages.0.message.contents.1.tool_call.function.arguments": #"{"a":6,"b":7}"#,
        ]
    ) { tracer in
        tracer.withSpan("voice-turn", kind: .llm) { span in
            span.setInputMessages([
                .user([
                    .audio(url: "https://example.com/q.wav", mimeType: "audio/wav", transcript: "What is six times seven?"),
                    .video(url: "s3://bucket/clip.mp4"),
                    .document(url: "https://example.com/a.pdf", mimeType: "application/pdf", name: "a.pdf", id: "file-1"),
                ]),
                .tool("42", toolCallID: "toolu_1", name: "calculator"),
            ])
            span.setOutputMessages([
                Message(role: "assistant", contents: [
                    .reasoning("The user wants a sum.", id: "rs_1", signature: "sig-r", data: "opaque", encryptedContent: "enc"),
                    .toolUse(ToolCall(id: "toolu_2", name: "multiply", arguments: ["a": 6, "b": 7])),
                ]),
            ])
        }
    }

    static let customProviderAndSystem = ParityScenario(
        name: "a provider and system the catalog does not list, through their attributes",
        python: #"""
        {**get_span_kind_attributes("llm"),
         **get_llm_attributes(provider="acme-cloud", system="acme", model_name="house-7b",
                              request_model_name="house-latest")}
        """#
    ) { tracer in
        tracer.withSpan("chat-completion", kind: .llm) { span in
            span.setAttribute(SpanAttributes.llmProvider, "acme-cloud")
            span.setAttribute(SpanAttributes.llmSystem, "acme")
            span.setLLM(model: "house-7b", requestModel: "house-latest")
        }
    }

    static let providerFromBaseURL = ParityScenario(
        name: "provider inferred from the base URL, system from the response model",
        python: #"""
        {**get_span_kind_attributes("llm"),
         **get_llm_attributes(
            provider=infer_llm_provider_from_host("api.mistral.ai"),
            system=infer_llm_system_from_model_name("mistral-large-2411"),
            response_model_name="mistral-large-2411")}
        """#
    ) { tracer in
        tracer.withSpan("chat-completion", kind: .llm) { span in
            span.setLLM(responseModel: "mistral-large-2411", baseURL: URL(string: "https://api.mistral.ai/v1"))
        }
    }

    static let llmWrapper = ParityScenario(
        name: "LLM span from tracer.llm",
        python: #"""
        {**get_span_kind_attributes("llm"),
         **get_llm_attributes(
            provider="openai", system="openai", model_name="gpt-4o-mini",
            invocation_parameters={"temperature": 0},
            input_messages=[{"role": "user", "content": "Say hi."}],
            output_messages=[{"role": "assistant", "content": "Hi!"}],
            token_count={"prompt": 9, "completion": 2, "total": 11},
            tools=[{"json_schema": {"type": "function", "function": {"name": "noop", "parameters": {"type": "object", "properties": {}}}},
                    "name": "noop"}]),
         **get_input_attributes({"messages": [{"role": "user", "content": "Say hi."}], "model": "gpt-4o-mini", "temperature": 0}),
         **get_output_attributes({"messages": [{"role": "assistant", "content": "Hi!"}]})}
        """#,
        jsonKeys: ["llm.invocation_parameters", "llm.tools.0.tool.json_schema", "input.value", "output.value"]
    ) { tracer in
        _ = await tracer.llm(
            "chat-completion", messages: [.user("Say hi.")], model: "gpt-4o-mini", provider: .openai,
            invocationParameters: ["temperature": 0], tools: [ToolDefinition(name: "noop")]
        ) { _ in
            Span.current?.setTokenCounts(prompt: 9, completion: 2)
            return Message.assistant("Hi!")
        }
    }

    static let retrieverWrapper = ParityScenario(
        name: "retriever span from tracer.retriever",
        python: #"""
        {**get_span_kind_attributes("retriever"),
         **get_input_attributes("capital of Italy"),
         **get_retriever_attributes(documents=(found := [{"id": "it-1", "content": "Rome is the capital of Italy.", "score": 0.88}])),
         **get_output_attributes({"documents": found})}
        """#,
        jsonKeys: ["output.value"]
    ) { tracer in
        _ = await tracer.retriever("search-docs", input: "capital of Italy") { _ in
            [Document(id: "it-1", content: "Rome is the capital of Italy.", score: 0.88)]
        }
    }
}
