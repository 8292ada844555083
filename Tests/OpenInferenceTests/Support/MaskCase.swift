import Foundation
import OpenInference

/// An attribute value of any OTel type, for masking tests.
enum TestValue: Sendable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case doubles([Double])
    case strings([String])

    var json: Any {
        switch self {
        case let .string(value): value
        case let .int(value): value
        case let .double(value): value
        case let .bool(value): value
        case let .doubles(value): value
        case let .strings(value): value
        }
    }

    var stringValue: String? {
        if case let .string(value) = self { value } else { nil }
    }
}

/// One masking scenario: settings given in code (by Python field name), environment, key, value.
struct MaskCase: Sendable, CustomStringConvertible {
    var name: String
    var code: [String: Bool] = [:]
    var codeMaxLength: Int? = nil
    var environment: [String: String] = [:]
    var key: String
    var value: TestValue = .string("value")

    var description: String { name }

    /// The JSON the Python peer receives.
    var json: [String: Any] {
        var kwargs: [String: Any] = code
        if let codeMaxLength { kwargs["base64_image_max_length"] = codeMaxLength }
        return ["code": kwargs, "env": environment, "key": key, "value": value.json]
    }

    /// The Swift configuration for the same settings.
    func config(report: (TraceConfig.Issue) -> Void = { _ in }) -> TraceConfig {
        TraceConfig(
            hideInputs: code["hide_inputs"],
            hideOutputs: code["hide_outputs"],
            hideInputMessages: code["hide_input_messages"],
            hideOutputMessages: code["hide_output_messages"],
            hideInputImages: code["hide_input_images"],
            hideInputText: code["hide_input_text"],
            hideOutputText: code["hide_output_text"],
            hideLLMInvocationParameters: code["hide_llm_invocation_parameters"],
            hideLLMTools: code["hide_llm_tools"],
            hidePrompts: code["hide_prompts"],
            hideChoices: code["hide_choices"],
            hideRetrievalDocuments: code["hide_retrieval_documents"],
            hideEmbeddingsVectors: code["hide_embeddings_vectors"],
            hideEmbeddingsText: code["hide_embeddings_text"],
            base64ImageMaxLength: codeMaxLength,
            enableGenAISemanticConventions: code["enable_genai_semconv"],
            environment: environment,
            report: report
        )
    }

    /// Python's outcome name for a Swift action.
    static func outcome(_ action: MaskAction) -> String {
        switch action {
        case .keep: "keep"
        case .drop: "drop"
        case .redact: "redact"
        }
    }
}

/// The Swift value of each `TraceConfig` field, by Python field name (the deprecated alias is
/// checked through its masking effect instead of its deprecated accessor).
let traceConfigFields: [String: @Sendable (TraceConfig) -> Any] = [
    "hide_inputs": { $0.hideInputs },
    "hide_outputs": { $0.hideOutputs },
    "hide_input_messages": { $0.hideInputMessages },
    "hide_output_messages": { $0.hideOutputMessages },
    "hide_input_images": { $0.hideInputImages },
    "hide_input_text": { $0.hideInputText },
    "hide_output_text": { $0.hideOutputText },
    "hide_llm_invocation_parameters": { $0.hideLLMInvocationParameters },
    "hide_llm_tools": { $0.hideLLMTools },
    "hide_prompts": { $0.hidePrompts },
    "hide_choices": { $0.hideChoices },
    "hide_retrieval_documents": { $0.hideRetrievalDocuments },
    "hide_embeddings_vectors": { $0.hideEmbeddingsVectors },
    "hide_embeddings_text": { $0.hideEmbeddingsText },
    "enable_genai_semconv": { $0.enableGenAISemanticConventions },
    "base64_image_max_length": { $0.base64ImageMaxLength },
]

/// Runs Python's `TraceConfig(**code).mask(key, value)` for each case, with exactly the case's
/// `OPENINFERENCE_*` environment, and reports the outcome, the resolved fields and the number of
/// warnings logged.
let pythonMaskScript = #"""
import json, logging, os, sys
from openinference.instrumentation.config import REDACTED_VALUE, TraceConfig
from openinference.instrumentation.logging import logger

warnings = []
class Collect(logging.Handler):
    def emit(self, record):
        warnings.append(record.getMessage())
logger.handlers[:] = [Collect()]

results = []
for case in json.load(sys.stdin):
    for name in [n for n in os.environ if n.startswith("OPENINFERENCE_")]:
        del os.environ[name]
    os.environ.update(case["env"])
    warnings.clear()
    config = TraceConfig(**case["code"])
    value = case["value"]
    masked = config.mask(case["key"], value)
    if masked is None:
        outcome = "drop"
    elif masked == REDACTED_VALUE and value != REDACTED_VALUE:
        outcome = "redact"
    elif masked == value:
        outcome = "keep"
    else:
        outcome = f"other: {masked!r}"
    fields = {k: v for k, v in vars(config).items() if k not in ("blob_uploader", "hide_embedding_vectors")}
    results.append({"outcome": outcome, "fields": fields, "warnings": len(warnings)})
print(json.dumps(results))
"""#
