import OpenInference
/// A call the model asked for: which function, with what arguments, under which id.
///
/// ```swift
/// ToolCall(id: "call_1", name: "get_weather", arguments: #"{"city":"Paris"}"#)
/// ```
///
/// The arguments are the JSON text the model produced, recorded verbatim.
public struct ToolCall: Sendable, Hashable {
    /// The id the model gave the call; a tool result names it in ``Message/toolCallID``.
    public var id: String?
    /// The name of the function to call.
    public var name: String
    /// The arguments as JSON text, as the model produced them.
    public var arguments: String?
    /// An opaque reasoning token attached to the call (Gemini's `thoughtSignature`).
    var reasoningSignature: String?

    /// A call whose arguments are JSON text, recorded verbatim (models return arguments as text;
    /// keeping it exact shows what the model really produced, even when it is not valid JSON).
    ///
    /// - Parameters:
    ///   - id: the id the model gave the call.
    ///   - name: the function's name.
    ///   - arguments: the arguments as JSON text.
    ///   - reasoningSignature: an opaque reasoning token (Gemini's `thoughtSignature`).
    public init(id: String? = nil, name: String, arguments: String? = nil, reasoningSignature: String? = nil) {
        self.id = id
        self.name = name
        self.arguments = arguments
        self.reasoningSignature = reasoningSignature
    }

    /// A call whose arguments are a JSON value, recorded as compact JSON text with sorted keys.
    /// Internal: the text form is what models return, and one public initializer is enough.
    init(id: String? = nil, name: String, arguments: JSONValue, reasoningSignature: String? = nil) {
        self.init(id: id, name: name, arguments: arguments.jsonString, reasoningSignature: reasoningSignature)
    }
}

extension ToolCall {
    /// Appends the call's `tool_call.*` attributes under `keys`.
    func appendAttributes(to list: inout AttributeList, keys: ToolCallKeys) {
        list.append(keys.id, id)
        list.append(keys.functionName, name)
        list.append(keys.functionArguments, arguments)
        list.append(keys.reasoningSignature, reasoningSignature)
    }
}
