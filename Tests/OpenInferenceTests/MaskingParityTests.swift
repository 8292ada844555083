import Foundation
import OpenInference
import Testing
import TestSupport

/// `TraceConfig` masks exactly as Python's `TraceConfig.mask`.
@Suite("Masking vs Python TraceConfig.mask", .enabled(if: PythonPeer.shouldRun))
struct MaskingParityTests {
    static let smallImage = "data:image/png;base64," + String(repeating: "A", count: 100)
    static func base64Image(length: Int) -> String {
        let head = "data:image/png;base64,"
        return head + String(repeating: "A", count: max(0, length - head.count))
    }

    static let cases: [MaskCase] = {
        let inMessage = "llm.input_messages.0.message.content"
        let outMessage = "llm.output_messages.0.message.content"
        let inText = "llm.input_messages.1.message.contents.0.message_content.text"
        let outText = "llm.output_messages.0.message.contents.2.message_content.text"
        let inImage = "llm.input_messages.0.message.contents.1.message_content.image.image.url"
        let outImage = "llm.output_messages.0.message.contents.1.message_content.image.image.url"
        let all = [
            "hide_inputs", "hide_outputs", "hide_input_messages", "hide_output_messages", "hide_input_images",
            "hide_input_text", "hide_output_text", "hide_llm_invocation_parameters", "hide_llm_tools",
            "hide_prompts", "hide_choices", "hide_retrieval_documents", "hide_embeddings_vectors",
            "hide_embeddings_text",
        ]
        let everything = Dictionary(uniqueKeysWithValues: all.map { ($0, true) })
        return [
            MaskCase(name: "defaults keep input.value", key: "input.value"),
            MaskCase(name: "hide_inputs redacts input.value", code: ["hide_inputs": true], key: "input.value"),
            MaskCase(name: "hide_inputs drops input.mime_type", code: ["hide_inputs": true], key: "input.mime_type"),
            MaskCase(name: "hide_inputs drops input message roles", code: ["hide_inputs": true],
                     key: "llm.input_messages.0.message.role"),
            MaskCase(name: "hide_inputs drops advertised tools", code: ["hide_inputs": true],
                     key: "llm.tools.0.tool.json_schema"),
            MaskCase(name: "hide_inputs redacts reranker.query", code: ["hide_inputs": true], key: "reranker.query"),
            MaskCase(name: "hide_inputs drops reranker input documents", code: ["hide_inputs": true],
                     key: "reranker.input_documents.0.document.content"),
            MaskCase(name: "hide_inputs redacts prompts", code: ["hide_inputs": true], key: "llm.prompts.0.prompt.text"),
            MaskCase(name: "hide_inputs drops span input images", code: ["hide_inputs": true],
                     key: "input.images.0.image.url", value: .string("https://example.com/a.png")),
            MaskCase(name: "hide_inputs keeps output.value", code: ["hide_inputs": true], key: "output.value"),
            MaskCase(name: "hide_outputs redacts output.value", code: ["hide_outputs": true], key: "output.value"),
            MaskCase(name: "hide_outputs drops output.mime_type", code: ["hide_outputs": true], key: "output.mime_type"),
            MaskCase(name: "hide_outputs drops output messages", code: ["hide_outputs": true], key: outMessage),
            MaskCase(name: "hide_outputs drops reranker output documents", code: ["hide_outputs": true],
                     key: "reranker.output_documents.2.document.score", value: .double(0.5)),
            MaskCase(name: "hide_outputs redacts retrieval document content", code: ["hide_outputs": true],
                     key: "retrieval.documents.0.document.content"),
            MaskCase(name: "hide_outputs redacts choices", code: ["hide_outputs": true], key: "llm.choices.0.completion.text"),
            MaskCase(name: "hide_outputs drops span output images", code: ["hide_outputs": true],
                     key: "output.images.0.image.url"),
            MaskCase(name: "hide_outputs keeps completion token count", code: ["hide_outputs": true],
                     key: "llm.token_count.completion", value: .int(42)),
            MaskCase(name: "hide_outputs keeps advertised tools", code: ["hide_outputs": true],
                     key: "llm.tools.0.tool.name"),
            MaskCase(name: "hide_input_messages drops input content", code: ["hide_input_messages": true], key: inMessage),
            MaskCase(name: "hide_input_messages keeps output content", code: ["hide_input_messages": true], key: outMessage),
            MaskCase(name: "hide_output_messages drops output content", code: ["hide_output_messages": true], key: outMessage),
            MaskCase(name: "hide_input_images drops message images", code: ["hide_input_images": true], key: inImage,
                     value: .string("https://example.com/a.png")),
            MaskCase(name: "hide_input_images keeps message text", code: ["hide_input_images": true], key: inText),
            MaskCase(name: "hide_input_images keeps output images", code: ["hide_input_images": true], key: outImage,
                     value: .string(smallImage)),
            MaskCase(name: "hide_input_text redacts message.content", code: ["hide_input_text": true], key: inMessage),
            MaskCase(name: "hide_input_text redacts content part text", code: ["hide_input_text": true], key: inText),
            MaskCase(name: "hide_input_text keeps content part type", code: ["hide_input_text": true],
                     key: "llm.input_messages.1.message.contents.0.message_content.type"),
            MaskCase(name: "hide_input_text keeps roles", code: ["hide_input_text": true],
                     key: "llm.input_messages.0.message.role"),
            MaskCase(name: "hide_input_text keeps output text", code: ["hide_input_text": true], key: outText),
            MaskCase(name: "hide_output_text redacts output part text", code: ["hide_output_text": true], key: outText),
            MaskCase(name: "hide_output_text redacts output message.content", code: ["hide_output_text": true], key: outMessage),
            MaskCase(name: "hide_input_messages wins over hide_input_text",
                     code: ["hide_input_text": true, "hide_input_messages": true], key: inMessage),
            MaskCase(name: "hide_llm_invocation_parameters drops them", code: ["hide_llm_invocation_parameters": true],
                     key: "llm.invocation_parameters", value: .string("{\"temperature\":0}")),
            MaskCase(name: "hide_llm_tools drops tool names", code: ["hide_llm_tools": true], key: "llm.tools.3.tool.name"),
            MaskCase(name: "hide_prompts redacts prompts", code: ["hide_prompts": true], key: "llm.prompts.1.prompt.text"),
            MaskCase(name: "hide_choices redacts choices", code: ["hide_choices": true], key: "llm.choices.0.completion.text"),
            MaskCase(name: "hide_retrieval_documents redacts metadata", code: ["hide_retrieval_documents": true],
                     key: "retrieval.documents.4.document.metadata"),
            MaskCase(name: "hide_retrieval_documents keeps ids", code: ["hide_retrieval_documents": true],
                     key: "retrieval.documents.4.document.id"),
            MaskCase(name: "hide_embeddings_vectors redacts an array value", code: ["hide_embeddings_vectors": true],
                     key: "embedding.embeddings.0.embedding.vector", value: .doubles([0.25, 0.5])),
            MaskCase(name: "deprecated OPENINFERENCE_HIDE_EMBEDDING_VECTORS redacts vectors",
                     environment: ["OPENINFERENCE_HIDE_EMBEDDING_VECTORS": "true"],
                     key: "embedding.embeddings.1.embedding.vector", value: .doubles([1.5])),
            MaskCase(name: "deprecated alias still hides when the new flag is false in code",
                     code: ["hide_embeddings_vectors": false],
                     environment: ["OPENINFERENCE_HIDE_EMBEDDING_VECTORS": "true"],
                     key: "embedding.embeddings.1.embedding.vector", value: .doubles([1.5])),
            MaskCase(name: "hide_embeddings_text redacts text", code: ["hide_embeddings_text": true],
                     key: "embedding.embeddings.0.embedding.text"),
            MaskCase(name: "base64 image under the default limit is kept", key: inImage, value: .string(smallImage)),
            MaskCase(name: "base64 image of exactly 32000 characters is kept", key: inImage,
                     value: .string(base64Image(length: 32_000))),
            MaskCase(name: "base64 image of 32001 characters is redacted", key: inImage,
                     value: .string(base64Image(length: 32_001))),
            MaskCase(name: "custom limit: 101 characters redacted", codeMaxLength: 100, key: inImage,
                     value: .string(base64Image(length: 101))),
            MaskCase(name: "custom limit: 100 characters kept", codeMaxLength: 100, key: inImage,
                     value: .string(base64Image(length: 100))),
            MaskCase(name: "long https image URL is kept", codeMaxLength: 10, key: inImage,
                     value: .string("https://example.com/" + String(repeating: "x", count: 100))),
            MaskCase(name: "long base64 under a non-image key is kept", codeMaxLength: 10, key: "input.value",
                     value: .string(smallImage)),
            MaskCase(name: "long base64 output image is redacted", codeMaxLength: 10, key: outImage,
                     value: .string(smallImage)),
            MaskCase(name: "long base64 span image is redacted", codeMaxLength: 10, key: "output.images.3.image.url",
                     value: .string(smallImage)),
            MaskCase(name: "hide_input_images wins over the size rule", code: ["hide_input_images": true],
                     codeMaxLength: 10, key: inImage, value: .string(smallImage)),
            MaskCase(name: "non-string image value is kept", codeMaxLength: 0, key: inImage, value: .int(7)),
            MaskCase(name: "limit counts code points, not bytes", codeMaxLength: 30, key: inImage,
                     value: .string("data:image/png;base64," + String(repeating: "é", count: 8))),
            MaskCase(name: "long non-ASCII data URL: one code point over", codeMaxLength: 5_022, key: inImage,
                     value: .string("data:image/png;base64," + String(repeating: "é€🙂", count: 1_667))),
            MaskCase(name: "long non-ASCII data URL: exactly at the limit", codeMaxLength: 5_023, key: inImage,
                     value: .string("data:image/png;base64," + String(repeating: "é€🙂", count: 1_667))),
            MaskCase(name: "data URL prefix is case-sensitive", codeMaxLength: 5, key: inImage,
                     value: .string("DATA:IMAGE/png;base64,AAAA")),
            MaskCase(name: "env TRUE in capitals hides inputs", environment: ["OPENINFERENCE_HIDE_INPUTS": "TRUE"],
                     key: "input.value"),
            MaskCase(name: "env 'yes' is invalid and ignored", environment: ["OPENINFERENCE_HIDE_INPUTS": "yes"],
                     key: "input.value"),
            MaskCase(name: "env '1' is invalid and ignored", environment: ["OPENINFERENCE_HIDE_OUTPUTS": "1"],
                     key: "output.value"),
            MaskCase(name: "env empty string is invalid", environment: ["OPENINFERENCE_HIDE_PROMPTS": ""],
                     key: "llm.prompts.0.prompt.text"),
            MaskCase(name: "env ' true' with a space is invalid", environment: ["OPENINFERENCE_HIDE_CHOICES": " true"],
                     key: "llm.choices.0.completion.text"),
            MaskCase(name: "code false wins over env true", code: ["hide_inputs": false],
                     environment: ["OPENINFERENCE_HIDE_INPUTS": "true"], key: "input.value"),
            MaskCase(name: "code true wins over env false", code: ["hide_inputs": true],
                     environment: ["OPENINFERENCE_HIDE_INPUTS": "false"], key: "input.value"),
            MaskCase(name: "code wins over an invalid env value, which is not reported", code: ["hide_outputs": true],
                     environment: ["OPENINFERENCE_HIDE_OUTPUTS": "maybe"], key: "output.value"),
            MaskCase(name: "env limit with whitespace", environment: ["OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH": "  30 "],
                     key: inImage, value: .string(base64Image(length: 31))),
            MaskCase(name: "env limit with underscore", environment: ["OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH": "1_00"],
                     key: inImage, value: .string(base64Image(length: 101))),
            MaskCase(name: "env limit invalid falls back to 32000",
                     environment: ["OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH": "10k"], key: inImage, value: .string(smallImage)),
            MaskCase(name: "env limit 0x10 is invalid", environment: ["OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH": "0x10"],
                     key: inImage, value: .string(smallImage)),
            MaskCase(name: "env limit negative redacts every base64 image",
                     environment: ["OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH": "-1"], key: inImage,
                     value: .string("data:image/gif;base64,")),
            MaskCase(name: "env limit in Arabic-Indic digits", environment: ["OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH": "٤٠"],
                     key: inImage, value: .string(base64Image(length: 41))),
            MaskCase(name: "env limit beyond Int", environment: ["OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH": "99999999999999999999999"],
                     key: inImage, value: .string(smallImage)),
            MaskCase(name: "code limit wins over env limit", codeMaxLength: 1_000,
                     environment: ["OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH": "10"], key: inImage, value: .string(smallImage)),
            MaskCase(name: "env genai flag parses", environment: ["OPENINFERENCE_ENABLE_GENAI_SEMCONV": "True"],
                     key: "input.value"),
            MaskCase(name: "all flags keep prompt token count", code: everything, key: "llm.token_count.prompt", value: .int(10)),
            MaskCase(name: "all flags keep cache-read detail", code: everything,
                     key: "llm.token_count.prompt_details.cache_read", value: .int(3)),
            MaskCase(name: "all flags keep the model name", code: everything, key: "llm.model_name"),
            MaskCase(name: "all flags keep session.id", code: everything, key: "session.id"),
            MaskCase(name: "all flags redact embedding vectors", code: everything,
                     key: "embedding.embeddings.0.embedding.vector", value: .doubles([0.1])),
            MaskCase(name: "all flags in env", environment: Dictionary(uniqueKeysWithValues: all.map {
                ("OPENINFERENCE_" + $0.uppercased(), "true")
            }), key: "llm.input_messages.0.message.role"),
        ]
    }()

    @Test("named cases: outcome, resolved settings and reported issues")
    func namedCases() async throws {
        let cases = Self.cases
        #expect(cases.count >= 25)
        let output = try #require(await PythonPeer.runJSON(pythonMaskScript, input: cases.map(\.json)) as? [[String: Any]])
        #expect(output.count == cases.count)
        for (item, python) in zip(cases, output) {
            var issues: [TraceConfig.Issue] = []
            let config = item.config { issues.append($0) }
            let action = config.action(forKey: item.key, stringValue: item.value.stringValue)
            #expect(MaskCase.outcome(action) == python["outcome"] as? String, "\(item.name)")
            #expect(issues.count == python["warnings"] as? Int, "\(item.name): issues \(issues)")
            let fields = python["fields"] as? [String: Any] ?? [:]
            #expect(Set(fields.keys) == Set(traceConfigFields.keys), "\(item.name): field set")
            for (field, read) in traceConfigFields {
                let swift = read(config), expected = fields[field]
                let same = if let bool = swift as? Bool {
                    (expected as? Bool) == bool
                } else {
                    clampedPythonInt(expected) == (swift as? Int)
                }
                #expect(same, "\(item.name): \(field) Swift \(swift) Python \(String(describing: expected))")
            }
            if action != .keep, let value = item.value.stringValue {
                #expect(config.masked(value, forKey: item.key) == (action == .drop ? nil : TraceConfig.redactedValue))
            }
            #expect(config.mayAffect(key: item.key) || action == .keep, "\(item.name): mayAffect")
        }
    }

    @Test("2000 generated combinations of flags, limits, keys and values")
    func generatedCases() async throws {
        let cases = GeneratedMaskCases.make(count: 2_000, seed: 0x5EED)
        let output = try #require(await PythonPeer.runJSON(pythonMaskScript, input: cases.map(\.json)) as? [[String: Any]])
        #expect(output.count == cases.count)
        var mismatches: [String] = []
        var seen: Set<String> = []
        for (item, python) in zip(cases, output) {
            let config = item.config()
            let action = MaskCase.outcome(config.action(forKey: item.key, stringValue: item.value.stringValue))
            let expected = python["outcome"] as? String ?? "missing"
            seen.insert(expected)
            if action != expected {
                mismatches.append("\(item.code.filter(\.value).keys.sorted()) limit \(String(describing: item.codeMaxLength)) \(item.key) \(item.value): Swift \(action), Python \(expected)")
            }
            if !config.mayAffect(key: item.key), action != "keep" {
                mismatches.append("mayAffect false but \(action): \(item.key)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(10))")
        #expect(seen == ["keep", "drop", "redact"], "the sample should exercise every outcome")
    }
}

/// Python's unbounded int, clamped to `Int` as Swift stores it.
private func clampedPythonInt(_ value: Any?) -> Int? {
    guard let number = value as? NSNumber else { return nil }
    if let exact = value as? Int { return exact }
    return number.doubleValue > 0 ? .max : .min
}

/// A deterministic pseudo-random sample of masking scenarios.
enum GeneratedMaskCases {
    static let flags = [
        "hide_inputs", "hide_outputs", "hide_input_messages", "hide_output_messages", "hide_input_images",
        "hide_input_text", "hide_output_text", "hide_llm_invocation_parameters", "hide_llm_tools",
        "hide_prompts", "hide_choices", "hide_retrieval_documents", "hide_embeddings_vectors",
        "hide_embeddings_text",
    ]

    static let keys = [
        "input.value", "input.mime_type", "output.value", "output.mime_type", "llm.invocation_parameters",
        "llm.invocation_parameters.x", "llm.tools", "llm.tools.0.tool.json_schema", "xllm.toolsx", "llm.tools_count",
        "reranker.query", "reranker.query.x", "reranker.input_documents", "reranker.input_documents.0.document.content",
        "reranker.input_documentsX", "reranker.output_documents.1.document.id", "reranker.output_documents",
        "retrieval.documents.0.document.content", "retrieval.documents.0.document.metadata",
        "retrieval.documents.0.document.id", "retrieval.documents", "retrieval.documentsX.document.content",
        "x.retrieval.documents.0.document.content", "llm.input_messages.0.message.role",
        "llm.input_messages.0.message.content", "llm.input_messages.0.message.contents.0.message_content.text",
        "llm.input_messages.0.message.contents.0.message_content.type",
        "llm.input_messages.0.message.contents.1.message_content.image.image.url",
        "llm.output_messages.0.message.content", "llm.output_messages.0.message.contents.0.message_content.text",
        "llm.output_messages.0.message.contents.1.message_content.image.image.url",
        "llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments", "llm.prompts.0.prompt.text",
        "llm.prompts", "llm.choices.0.completion.text", "llm.choices", "input.images.0.image.url", "input.images",
        "input.imagesX.image.url", "xinput.images.0.image.url", "output.images.2.image.url", "output.images",
        "embedding.embeddings.0.embedding.vector", "embedding.embeddings.0.embedding.text", "embedding.model_name",
        "embedding.text", "llm.token_count.prompt", "llm.token_count.completion", "llm.token_count.total",
        "llm.token_count.prompt_details.cache_read", "llm.model_name", "session.id", "metadata", "tag.tags",
        "tool.parameters", "image.url", "foo.image.url", "llm.input_messages.image.url",
        "llm.input_messages.0.message_content.image", "llm.input_messages.0.message_content.image.image.url",
        "", "llm.input_messages.0.message.content.extra", "llm.input_messages_legacy.0.message.content",
        "embedding.embeddings.0.embedding.text.image.url", "llm.output_messages.0.message_content.image.image.url.x",
        "input.images.image.url", "llm.choices.0.llm.input_messages.message.content",
    ]

    static let limits: [Int?] = [nil, 10, 22, 25, 26, 40, -1, 0]

    static let values: [TestValue] = [
        .string("hello"), .string(""), .string("data:image/png;base64,"), .string("data:image/png;base64,AAA"),
        .string("data:image/png;base64," + String(repeating: "B", count: 30)),
        .string("data:image/jpeg;base64," + String(repeating: "é", count: 4)),
        .string("data:image/svg+xml,<svg>" + String(repeating: "x", count: 40) + "</svg>"),
        .string("xdata:image/png;base64,AAAA"), .string("data:image/png;charset=base64"), .int(5),
        .double(0.5), .bool(true), .doubles([0.1, 0.2]), .strings(["a", "b"]),
    ]

    static func make(count: Int, seed: UInt64) -> [MaskCase] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        return (0..<count).map { index in
            var item = MaskCase(name: "generated \(index)", key: keys[next(keys.count)], value: values[next(values.count)])
            let density = [2, 4, 8][next(3)]
            for flag in flags where next(density) == 0 { item.code[flag] = true }
            item.codeMaxLength = limits[next(limits.count)]
            return item
        }
    }
}
