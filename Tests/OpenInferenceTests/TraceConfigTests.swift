import OpenInference
import Testing

/// `TraceConfig` settings, environment handling and the masking fast paths (no Python needed; the
/// exact outcomes are compared with Python in `MaskingParityTests`).
@Suite("TraceConfig")
struct TraceConfigTests {
    @Test("defaults hide nothing and limit base64 images to 32000 characters")
    func defaults() {
        let config = TraceConfig(environment: [:])
        #expect(config.hidesNothing)
        #expect(!config.masksNothing)
        #expect(config.base64ImageMaxLength == 32_000)
        #expect(!config.enableGenAISemanticConventions)
        #expect(config.action(forKey: "input.value", stringValue: "x") == .keep)
    }

    @Test("code wins over environment, environment over defaults")
    func precedence() {
        let environment = ["OPENINFERENCE_HIDE_INPUTS": "true", "OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH": "10"]
        let fromEnvironment = TraceConfig(environment: environment)
        #expect(fromEnvironment.hideInputs && fromEnvironment.base64ImageMaxLength == 10)
        let fromCode = TraceConfig(hideInputs: false, base64ImageMaxLength: 99, environment: environment)
        #expect(!fromCode.hideInputs && fromCode.base64ImageMaxLength == 99)
    }

    @Test("invalid environment values are reported and ignored", arguments: [
        ("OPENINFERENCE_HIDE_OUTPUTS", "yes"), ("OPENINFERENCE_HIDE_OUTPUTS", ""), ("OPENINFERENCE_HIDE_OUTPUTS", "1"),
        ("OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH", "lots"), ("OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH", "1.5"),
        ("OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH", "_1"), ("OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH", "1__0"),
        ("OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH", "\u{1C}5"), ("OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH", String(repeating: "9", count: 4301)),
    ])
    func invalidValues(variable: String, value: String) {
        var issues: [TraceConfig.Issue] = []
        let config = TraceConfig(environment: [variable: value]) { issues.append($0) }
        #expect(config == TraceConfig(environment: [:]))
        #expect(issues.count == 1)
        #expect(issues.first?.variable == variable && issues.first?.value == value)
        #expect(issues.first?.description.hasPrefix("\(variable)='") == true)
    }

    @Test("integers are read as Python's int() reads them", arguments: [
        ("42", 42), (" 42\n", 42), ("+7", 7), ("-3", -3), ("1_000", 1_000), ("007", 7), ("٤٢", 42),
        ("\u{2003}12\u{3000}", 12), ("99999999999999999999999", Int.max), ("-99999999999999999999999", Int.min),
        (String(repeating: "0", count: 4300), 0),
    ])
    func integers(text: String, value: Int) {
        var issues: [TraceConfig.Issue] = []
        let config = TraceConfig(environment: ["OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH": text]) { issues.append($0) }
        #expect(issues.isEmpty)
        #expect(config.base64ImageMaxLength == value)
    }

    @Test("booleans ignore letter case")
    func booleans() {
        for text in ["true", "TRUE", "True", "tRuE"] {
            #expect(TraceConfig(environment: ["OPENINFERENCE_HIDE_LLM_TOOLS": text]).hideLLMTools)
        }
        #expect(!TraceConfig(environment: ["OPENINFERENCE_HIDE_LLM_TOOLS": "FALSE"]).hideLLMTools)
    }

    @Test("a blob uploader is reported as unsupported")
    func blobUploader() {
        var issues: [TraceConfig.Issue] = []
        _ = TraceConfig(environment: ["OPENINFERENCE_BLOB_UPLOADER": "s3"]) { issues.append($0) }
        #expect(issues.map(\.variable) == ["OPENINFERENCE_BLOB_UPLOADER"])
    }

    @Test("the environment is read only when asked")
    func processEnvironmentDefault() {
        // With no parameters the process environment is read; with [:] it is not.
        #expect(TraceConfig(environment: [:]) == TraceConfig(environment: ["UNRELATED": "1"]))
    }

    @Test("settable properties")
    func properties() {
        var config = TraceConfig(environment: [:])
        config.hideOutputText = true
        #expect(!config.hidesNothing && config.hideOutputText)
        #expect(config.action(forKey: "llm.output_messages.0.message.content", stringValue: "x") == .redact)
        config.hideOutputText = false
        #expect(config.hidesNothing)
        config.base64ImageMaxLength = .max
        #expect(config.masksNothing)
    }

    @Test("mayAffect: with no hide flag only image URL keys, and never token counts")
    func mayAffect() {
        let config = TraceConfig(environment: [:])
        #expect(!config.mayAffect(key: "input.value"))
        #expect(!config.mayAffect(key: "image.url"))
        #expect(config.mayAffect(key: "llm.input_messages.0.message.contents.0.message_content.image.image.url"))
        #expect(config.mayAffect(key: "input.images.0.image.url"))
        let hidden = TraceConfig(hideInputs: true, hideOutputs: true, environment: [:])
        #expect(hidden.mayAffect(key: "input.value"))
        #expect(!hidden.mayAffect(key: "llm.token_count.prompt"))
    }

    @Test("redaction and drop helpers")
    func masked() {
        let config = TraceConfig(hideInputs: true, base64ImageMaxLength: 30, environment: [:])
        #expect(config.masked("hello", forKey: "input.value") == TraceConfig.redactedValue)
        #expect(config.masked("text/plain", forKey: "input.mime_type") == nil)
        #expect(config.masked("hello", forKey: "output.value") == "hello")
        let image = "data:image/png;base64," + String(repeating: "A", count: 9)
        #expect(config.masked(image, forKey: "output.images.0.image.url") == TraceConfig.redactedValue)
        #expect(config.action(forKey: "output.images.0.image.url", stringValue: nil) == .keep)
    }

    @Test("the base64 limit counts code points, whatever the mix of UTF-8 widths", arguments: [
        String(repeating: "é", count: 3_000), String(repeating: "🙂", count: 700) + String(repeating: "A", count: 9),
        String(repeating: "aé€🙂", count: 1_111), String(repeating: "€", count: 2_041), "é", "",
    ])
    func codePointLimit(payload: String) {
        let image = "data:image/png;base64," + payload
        let length = image.unicodeScalars.count
        let key = "llm.input_messages.0.message.contents.0.message_content.image.image.url"
        for limit in [length - 1, length, length + 1] {
            let config = TraceConfig(base64ImageMaxLength: limit, environment: [:])
            #expect(config.action(forKey: key, stringValue: image) == (length > limit ? .redact : .keep),
                    "length \(length), limit \(limit)")
        }
    }

    @Test("the value is evaluated only for image URL keys")
    func lazyValue() {
        let config = TraceConfig(hideOutputs: true, environment: [:])
        var evaluations = 0
        func value() -> String? { evaluations += 1; return "x" }
        _ = config.action(forKey: "output.value", stringValue: value())
        _ = config.action(forKey: "input.value", stringValue: value())
        #expect(evaluations == 0)
        _ = config.action(forKey: "input.images.0.image.url", stringValue: value())
        #expect(evaluations == 1)
    }

    @Test("every environment variable name is distinct and OPENINFERENCE_-prefixed")
    func variableNames() {
        let names = TraceConfig.environmentVariableNames
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { $0.hasPrefix("OPENINFERENCE_") })
        #expect(names.contains("OPENINFERENCE_HIDE_EMBEDDING_VECTORS"))
    }
}
