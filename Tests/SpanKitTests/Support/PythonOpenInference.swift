import Foundation
@testable import SpanKit
import TestSupport

/// An attribute value with its exact type, as both sides of a parity test describe it: Python's
/// `int`, `float`, `str`, `bool` and lists of them, and the matching `AttributeValue` cases.
enum TypedValue: Equatable, Sendable, CustomStringConvertible {
    case string(String)
    case int(Int)
    case float(Double)
    case bool(Bool)
    case stringList([String])
    case intList([Int])
    case floatList([Double])
    case boolList([Bool])
    /// A Python value of a type no OpenTelemetry attribute has, with its type name and repr.
    case unsupported(String)

    init(_ value: AttributeValue) {
        switch value {
        case .string(let value): self = .string(value)
        case .int(let value): self = .int(value)
        case .double(let value): self = .float(value)
        case .bool(let value): self = .bool(value)
        case .stringArray(let values): self = .stringList(values)
        case .intArray(let values): self = .intList(values)
        case .doubleArray(let values): self = .floatList(values)
        case .boolArray(let values): self = .boolList(values)
        }
    }

    /// Decodes the `[type, value]` pair the Python script writes. Floats travel as their `repr`,
    /// which parses back to the exact same double.
    init(python pair: Any) {
        guard let pair = pair as? [Any], pair.count == 2, let tag = pair[0] as? String else {
            self = .unsupported("malformed \(pair)")
            return
        }
        let value = pair[1]
        switch tag {
        case "str": self = (value as? String).map(TypedValue.string) ?? .unsupported("\(value)")
        case "int": self = (value as? Int).map(TypedValue.int) ?? .unsupported("\(value)")
        case "bool": self = (value as? Bool).map(TypedValue.bool) ?? .unsupported("\(value)")
        case "float": self = (value as? String).flatMap(Double.init).map(TypedValue.float) ?? .unsupported("\(value)")
        case "list[str]": self = (value as? [String]).map(TypedValue.stringList) ?? .unsupported("\(value)")
        case "list[int]": self = (value as? [Int]).map(TypedValue.intList) ?? .unsupported("\(value)")
        case "list[bool]": self = (value as? [Bool]).map(TypedValue.boolList) ?? .unsupported("\(value)")
        case "list[float]":
            let doubles = (value as? [String])?.compactMap(Double.init)
            self = doubles.map(TypedValue.floatList) ?? .unsupported("\(value)")
        default: self = .unsupported("\(tag): \(value)")
        }
    }

    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var description: String {
        switch self {
        case .string(let value): "str \(value.debugDescription)"
        case .int(let value): "int \(value)"
        case .float(let value): "float \(value)"
        case .bool(let value): "bool \(value)"
        case .stringList(let values): "list[str] \(values)"
        case .intList(let values): "list[int] \(values)"
        case .floatList(let values): "list[float] \(values)"
        case .boolList(let values): "list[bool] \(values)"
        case .unsupported(let text): "unsupported \(text)"
        }
    }
}

/// Runs OpenInference's Python attribute helpers (`openinference-instrumentation`) on Python
/// expressions and returns the attributes each produced, typed.
enum PythonOpenInference {
    /// Python could not run, or a helper raised.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let script = #"""
    import json, sys
    from openinference.instrumentation import (
        get_attributes_from_context, get_context_attributes, get_decision_attributes, get_embedding_attributes, get_input_attributes,
        get_llm_attributes, get_llm_input_message_attributes, get_llm_output_message_attributes, get_metadata_attributes, get_output_attributes, get_reranker_attributes,
        get_retriever_attributes, get_span_kind_attributes, get_tag_attributes, get_tool_attributes,
        infer_llm_provider_from_host, infer_llm_system_from_model_name, using_attributes, using_prompt_template,
    )

    def from_context(manager):
        with manager:
            return dict(get_attributes_from_context())

    def typed(value):
        if isinstance(value, bool):
            return ["bool", value]
        if isinstance(value, int):
            return ["int", value]
        if isinstance(value, float):
            return ["float", repr(value)]
        if isinstance(value, str):
            return ["str", value]
        if isinstance(value, (list, tuple)) and value:
            kinds = {type(item) for item in value}
            if kinds == {bool}:
                return ["list[bool]", list(value)]
            if kinds == {int}:
                return ["list[int]", list(value)]
            if kinds == {float}:
                return ["list[float]", [repr(item) for item in value]]
            if kinds == {str}:
                return ["list[str]", list(value)]
        return ["unsupported " + type(value).__name__, repr(value)]

    namespace = dict(globals())
    results = {}
    for name, expression in json.load(sys.stdin).items():
        try:
            attributes = eval(expression, namespace)
            results[name] = {"attributes": {key: typed(value) for key, value in attributes.items()}}
        except Exception as error:
            results[name] = {"error": repr(error)}
    json.dump(results, sys.stdout, ensure_ascii=False)
    """#

    /// Evaluates every expression in one Python process (importing the package once) and returns
    /// each one's attributes, or the error Python raised.
    static func evaluate(_ expressions: [String: String]) async throws -> [String: Result<[String: TypedValue], Failure>] {
        let reply = try await PythonPeer.runJSON(script, input: expressions)
        guard let results = reply as? [String: [String: Any]] else {
            throw Failure(description: "unexpected reply: \(reply)")
        }
        return results.mapValues { result in
            if let attributes = result["attributes"] as? [String: Any] {
                return .success(attributes.mapValues(TypedValue.init(python:)))
            }
            return .failure(Failure(description: "python raised \(result["error"] ?? "?")"))
        }
    }
}

/// A parsed JSON document for comparing JSON text that differs only in formatting (key order,
/// separators). Numbers keep the integer/float distinction.
indirect enum ParsedJSON: Decodable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([ParsedJSON])
    case object([String: ParsedJSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .int(value) }
        else if let value = try? container.decode(Double.self) { self = .double(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([ParsedJSON].self) { self = .array(value) }
        else { self = .object(try container.decode([String: ParsedJSON].self)) }
    }

    /// The parsed document, or nil when `text` is not JSON.
    static func parse(_ text: String) -> ParsedJSON? {
        try? JSONDecoder().decode(ParsedJSON.self, from: Data(text.utf8))
    }
}
