import OpenInference
import Testing

/// Key builders, checked against literal keys (no Python needed).
@Suite("Key builders")
struct KeyBuilderTests {
    @Test("message keys")
    func messages() {
        let message = OpenInferenceKey.inputMessage(0)
        #expect(message.role == "llm.input_messages.0.message.role")
        #expect(message.content == "llm.input_messages.0.message.content")
        #expect(message.toolCallID == "llm.input_messages.0.message.tool_call_id")
        #expect(OpenInferenceKey.outputMessage(12).name == "llm.output_messages.12.message.name")
        let part = OpenInferenceKey.inputMessage(1).contentPart(2)
        #expect(part.type == "llm.input_messages.1.message.contents.2.message_content.type")
        #expect(part.imageURL == "llm.input_messages.1.message.contents.2.message_content.image.image.url")
        #expect(part.documentMIMEType == "llm.input_messages.1.message.contents.2.message_content.document.document.mime_type")
        #expect(part.toolCall.functionName == "llm.input_messages.1.message.contents.2.tool_call.function.name")
        let call = OpenInferenceKey.outputMessage(0).toolCall(3)
        #expect(call.functionArguments == "llm.output_messages.0.message.tool_calls.3.tool_call.function.arguments")
        #expect(call.reasoningSignature == "llm.output_messages.0.message.tool_calls.3.tool_call.reasoning_signature")
        #expect(message.key(for: MessageAttributes.messageRole) == message.role)
        #expect(part.key(for: MessageContentAttributes.messageContentImage, ImageAttributes.imageURL) == part.imageURL)
    }

    @Test("list keys")
    func lists() {
        #expect(OpenInferenceKey.llmTool(0).jsonSchema == "llm.tools.0.tool.json_schema")
        #expect(OpenInferenceKey.llmTool(1).description == "llm.tools.1.tool.description")
        #expect(OpenInferenceKey.prompt(0).text == "llm.prompts.0.prompt.text")
        #expect(OpenInferenceKey.choice(5).text == "llm.choices.5.completion.text")
        #expect(OpenInferenceKey.retrievalDocument(3).content == "retrieval.documents.3.document.content")
        #expect(OpenInferenceKey.rerankerInputDocument(0).score == "reranker.input_documents.0.document.score")
        #expect(OpenInferenceKey.rerankerOutputDocument(9).id == "reranker.output_documents.9.document.id")
        #expect(OpenInferenceKey.inputDocument(0).mimeType == "input.documents.0.document.mime_type")
        #expect(OpenInferenceKey.outputDocument(0).url == "output.documents.0.document.url")
        #expect(OpenInferenceKey.inputImage(4).url == "input.images.4.image.url")
        #expect(OpenInferenceKey.outputImage(0).url == "output.images.0.image.url")
        #expect(OpenInferenceKey.embedding(2).vector == "embedding.embeddings.2.embedding.vector")
        #expect(OpenInferenceKey.annotation(0).name == "annotations.0.annotation.name")
        #expect(OpenInferenceKey.annotation(1, scope: .trace).score == "trace.annotations.1.annotation.score")
        #expect(OpenInferenceKey.evaluation(0, scope: .session).annotatorKind
            == "session.evaluations.0.evaluation.annotator_kind")
        #expect(OpenInferenceKey.promptTokenCountDetail("cache_read") == SpanAttributes.llmTokenCountPromptDetailsCacheRead)
        #expect(OpenInferenceKey.completionTokenCountDetail("reasoning")
            == SpanAttributes.llmTokenCountCompletionDetailsReasoning)
        #expect(OpenInferenceKey.promptCostDetail("input") == SpanAttributes.llmCostPromptDetailsInput)
        #expect(OpenInferenceKey.completionCostDetail("output") == SpanAttributes.llmCostCompletionDetailsOutput)
    }

    @Test("indices of every size, including ones OpenInference never uses, are written as Swift prints them",
          arguments: [0, 9, 10, 99, 100, 1_000_000, Int.max, -1, -10, Int.min])
    func indices(index: Int) {
        #expect(OpenInferenceKey.inputMessage(index).role == "llm.input_messages.\(index).message.role")
        #expect(OpenInferenceKey.outputMessage(index).toolCall(index).id
            == "llm.output_messages.\(index).message.tool_calls.\(index).tool_call.id")
        #expect(OpenInferenceKey.prompt(index).key(for: "") == "llm.prompts.\(index).")
    }

    @Test("free-form pieces, including empty and non-ASCII ones, are copied verbatim")
    func freeForm() {
        #expect(OpenInferenceKey.promptTokenCountDetail("") == "llm.token_count.prompt_details.")
        #expect(OpenInferenceKey.promptCostDetail("café🙂") == "llm.cost.prompt_details.café🙂")
        #expect(DocumentKey(list: "", index: 0).key(for: "") == ".0.")
        #expect(DocumentKey(list: "a", index: 1).key(for: "b") == "a.1.b")
    }
}
