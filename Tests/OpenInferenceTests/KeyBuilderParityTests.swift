import Foundation
import OpenInference
import Testing
import TestSupport

/// The key builders produce exactly the keys the Python helpers produce.
@Suite("Key builders vs Python", .enabled(if: PythonPeer.shouldRun))
struct KeyBuilderParityTests {
    static let helperKeys = #"""
    import json
    from openinference.instrumentation import (
        get_annotation_attributes, get_embedding_attributes, get_evaluation_attributes,
        get_llm_attributes, get_reranker_attributes, get_retriever_attributes,
    )

    def message(tool_calls):
        return {
            "role": "user", "content": "hi", "tool_call_id": "c0",
            "contents": [
                {"type": "text", "text": "look", "signature": "s"},
                {"type": "image", "image": {"url": "https://example.com/a.png"}},
                {"type": "reasoning", "text": "r", "data": "d", "encrypted_content": "e"},
            ],
            "tool_calls": [
                {"id": f"c{k}", "reasoning_signature": "rs", "function": {"name": "f", "arguments": {"a": k}}}
                for k in range(tool_calls)
            ],
        }

    document = {"id": "d", "content": "c", "score": 0.5, "metadata": {"k": "v"}}
    entry = {"name": "n", "score": 1.0, "label": "l", "explanation": "e", "annotator_kind": "CODE",
             "identifier": "i", "metadata": {"k": 1}}
    keys = set()
    keys |= set(get_llm_attributes(
        input_messages=[message(2), message(1)], output_messages=[message(3)],
        tools=[{"json_schema": {"type": "function"}, "name": "t", "description": "d"}] * 2,
    ))
    keys |= set(get_retriever_attributes(documents=[document] * 2))
    keys |= set(get_reranker_attributes(input_documents=[document] * 2, output_documents=[document]))
    keys |= set(get_embedding_attributes(embeddings=[{"text": "t", "vector": [0.5]}] * 2))
    for scope in ("span", "trace", "session"):
        keys |= set(get_annotation_attributes(annotations=[entry] * 2, scope=scope))
        keys |= set(get_evaluation_attributes(evaluations=[entry] * 2, scope=scope))
    print(json.dumps(sorted(k for k in keys if any(part.isdigit() for part in k.split(".")))))
    """#

    /// Keys no Python helper emits, composed from the Python constants the way the spec describes.
    static let composedKeys = #"""
    import json, sys
    from openinference.semconv.trace import (
        AudioAttributes as A, ChoiceAttributes as Ch, DocumentAttributes as D, ImageAttributes as I,
        MessageAttributes as M, MessageContentAttributes as C, PromptAttributes as P,
        SpanAttributes as S, ToolCallAttributes as T, VideoAttributes as V,
    )
    indices = json.load(sys.stdin)
    out = {}
    for i in indices:
        for direction, base in (("input", S.LLM_INPUT_MESSAGES), ("output", S.LLM_OUTPUT_MESSAGES)):
            m = f"{base}.{i}"
            out[f"{direction}.{i}.name"] = f"{m}.{M.MESSAGE_NAME}"
            out[f"{direction}.{i}.functionCallName"] = f"{m}.{M.MESSAGE_FUNCTION_CALL_NAME}"
            out[f"{direction}.{i}.functionCallArgumentsJSON"] = f"{m}.{M.MESSAGE_FUNCTION_CALL_ARGUMENTS_JSON}"
            c = f"{m}.{M.MESSAGE_CONTENTS}.{i}"
            out[f"{direction}.{i}.part.id"] = f"{c}.{C.MESSAGE_CONTENT_ID}"
            out[f"{direction}.{i}.part.audioURL"] = f"{c}.{C.MESSAGE_CONTENT_AUDIO}.{A.AUDIO_URL}"
            out[f"{direction}.{i}.part.audioMIMEType"] = f"{c}.{C.MESSAGE_CONTENT_AUDIO}.{A.AUDIO_MIME_TYPE}"
            out[f"{direction}.{i}.part.audioTranscript"] = f"{c}.{C.MESSAGE_CONTENT_AUDIO}.{A.AUDIO_TRANSCRIPT}"
            out[f"{direction}.{i}.part.videoURL"] = f"{c}.{C.MESSAGE_CONTENT_VIDEO}.{V.VIDEO_URL}"
            for leaf, const in (("URL", D.DOCUMENT_URL), ("MIMEType", D.DOCUMENT_MIME_TYPE),
                                ("Name", D.DOCUMENT_NAME), ("ID", D.DOCUMENT_ID), ("Content", D.DOCUMENT_CONTENT)):
                out[f"{direction}.{i}.part.document{leaf}"] = f"{c}.{C.MESSAGE_CONTENT_DOCUMENT}.{const}"
            for leaf, const in (("id", T.TOOL_CALL_ID), ("functionName", T.TOOL_CALL_FUNCTION_NAME),
                                ("functionArguments", T.TOOL_CALL_FUNCTION_ARGUMENTS_JSON),
                                ("reasoningSignature", T.TOOL_CALL_REASONING_SIGNATURE)):
                out[f"{direction}.{i}.part.toolCall.{leaf}"] = f"{c}.{const}"
        out[f"prompt.{i}"] = f"{S.LLM_PROMPTS}.{i}.{P.PROMPT_TEXT}"
        out[f"choice.{i}"] = f"{S.LLM_CHOICES}.{i}.{Ch.COMPLETION_TEXT}"
        out[f"inputImage.{i}"] = f"{S.INPUT_IMAGES}.{i}.{I.IMAGE_URL}"
        out[f"outputImage.{i}"] = f"{S.OUTPUT_IMAGES}.{i}.{I.IMAGE_URL}"
        for name, base in (("input", S.INPUT_DOCUMENTS), ("output", S.OUTPUT_DOCUMENTS)):
            for leaf, const in (("id", D.DOCUMENT_ID), ("score", D.DOCUMENT_SCORE), ("content", D.DOCUMENT_CONTENT),
                                ("metadata", D.DOCUMENT_METADATA), ("url", D.DOCUMENT_URL),
                                ("mimeType", D.DOCUMENT_MIME_TYPE), ("name", D.DOCUMENT_NAME)):
                out[f"{name}Document.{i}.{leaf}"] = f"{base}.{i}.{const}"
    out["promptTokenCountDetail"] = f"{S.LLM_TOKEN_COUNT_PROMPT_DETAILS}.cache_read"
    out["completionTokenCountDetail"] = S.LLM_TOKEN_COUNT_COMPLETION_DETAILS_REASONING
    out["promptCostDetail"] = S.LLM_COST_PROMPT_DETAILS_CACHE_WRITE
    out["completionCostDetail"] = S.LLM_COST_COMPLETION_DETAILS_AUDIO
    print(json.dumps(out))
    """#

    @Test("flattened keys of messages, tools, documents, embeddings and feedback match the helpers")
    func helperKeys() async throws {
        let expected = try #require(await PythonPeer.runJSON(Self.helperKeys, input: [String]()) as? [String])
        var keys: Set<String> = []
        func addMessage(_ message: MessageKey, toolCalls: Int) {
            keys.formUnion([message.role, message.content, message.toolCallID])
            let text = message.contentPart(0), image = message.contentPart(1), reasoning = message.contentPart(2)
            keys.formUnion([text.type, text.text, text.signature, image.type, image.imageURL])
            keys.formUnion([reasoning.type, reasoning.text, reasoning.data, reasoning.encryptedContent])
            for k in 0..<toolCalls {
                let call = message.toolCall(k)
                keys.formUnion([call.id, call.reasoningSignature, call.functionName, call.functionArguments])
            }
        }
        addMessage(OpenInferenceKey.inputMessage(0), toolCalls: 2)
        addMessage(OpenInferenceKey.inputMessage(1), toolCalls: 1)
        addMessage(OpenInferenceKey.outputMessage(0), toolCalls: 3)
        for i in 0..<2 {
            let tool = OpenInferenceKey.llmTool(i)
            keys.formUnion([tool.jsonSchema, tool.name, tool.description])
            let document = OpenInferenceKey.retrievalDocument(i)
            keys.formUnion([document.id, document.content, document.score, document.metadata])
            let input = OpenInferenceKey.rerankerInputDocument(i)
            keys.formUnion([input.id, input.content, input.score, input.metadata])
            let embedding = OpenInferenceKey.embedding(i)
            keys.formUnion([embedding.text, embedding.vector])
            for scope in AnnotationScope.allCases {
                for entry in [OpenInferenceKey.annotation(i, scope: scope), OpenInferenceKey.evaluation(i, scope: scope)] {
                    keys.formUnion([entry.name, entry.score, entry.label, entry.explanation,
                                    entry.annotatorKind, entry.identifier, entry.metadata])
                }
            }
        }
        let output = OpenInferenceKey.rerankerOutputDocument(0)
        keys.formUnion([output.id, output.content, output.score, output.metadata])

        #expect(expected.count > 100)
        #expect(Set(expected).subtracting(keys).sorted() == [], "keys Python emits that the builders do not")
        #expect(keys.subtracting(expected).sorted() == [], "keys the builders emit that Python does not")
    }

    @Test("keys without a Python helper match the Python constants composed per the spec",
          arguments: [[0, 1, 7, 42], [12_345, -1, Int.max, Int.min]])
    func composedKeys(indices: [Int]) async throws {
        let expected = try #require(await PythonPeer.runJSON(Self.composedKeys, input: indices) as? [String: String])
        var actual: [String: String] = [:]
        for i in indices {
            for (direction, message) in [("input", OpenInferenceKey.inputMessage(i)), ("output", OpenInferenceKey.outputMessage(i))] {
                actual["\(direction).\(i).name"] = message.name
                actual["\(direction).\(i).functionCallName"] = message.functionCallName
                actual["\(direction).\(i).functionCallArgumentsJSON"] = message.functionCallArgumentsJSON
                let part = message.contentPart(i)
                actual["\(direction).\(i).part.id"] = part.id
                actual["\(direction).\(i).part.audioURL"] = part.audioURL
                actual["\(direction).\(i).part.audioMIMEType"] = part.audioMIMEType
                actual["\(direction).\(i).part.audioTranscript"] = part.audioTranscript
                actual["\(direction).\(i).part.videoURL"] = part.videoURL
                actual["\(direction).\(i).part.documentURL"] = part.documentURL
                actual["\(direction).\(i).part.documentMIMEType"] = part.documentMIMEType
                actual["\(direction).\(i).part.documentName"] = part.documentName
                actual["\(direction).\(i).part.documentID"] = part.documentID
                actual["\(direction).\(i).part.documentContent"] = part.documentContent
                actual["\(direction).\(i).part.toolCall.id"] = part.toolCall.id
                actual["\(direction).\(i).part.toolCall.functionName"] = part.toolCall.functionName
                actual["\(direction).\(i).part.toolCall.functionArguments"] = part.toolCall.functionArguments
                actual["\(direction).\(i).part.toolCall.reasoningSignature"] = part.toolCall.reasoningSignature
            }
            actual["prompt.\(i)"] = OpenInferenceKey.prompt(i).text
            actual["choice.\(i)"] = OpenInferenceKey.choice(i).text
            actual["inputImage.\(i)"] = OpenInferenceKey.inputImage(i).url
            actual["outputImage.\(i)"] = OpenInferenceKey.outputImage(i).url
            for (name, document) in [("input", OpenInferenceKey.inputDocument(i)), ("output", OpenInferenceKey.outputDocument(i))] {
                actual["\(name)Document.\(i).id"] = document.id
                actual["\(name)Document.\(i).score"] = document.score
                actual["\(name)Document.\(i).content"] = document.content
                actual["\(name)Document.\(i).metadata"] = document.metadata
                actual["\(name)Document.\(i).url"] = document.url
                actual["\(name)Document.\(i).mimeType"] = document.mimeType
                actual["\(name)Document.\(i).name"] = document.name
            }
        }
        actual["promptTokenCountDetail"] = OpenInferenceKey.promptTokenCountDetail("cache_read")
        actual["completionTokenCountDetail"] = OpenInferenceKey.completionTokenCountDetail("reasoning")
        actual["promptCostDetail"] = OpenInferenceKey.promptCostDetail("cache_write")
        actual["completionCostDetail"] = OpenInferenceKey.completionCostDetail("audio")
        #expect(actual.count == expected.count)
        for (label, key) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(actual[label] == key, "\(label)")
        }
    }
}
