import OpenInference
/// The machinery shared by the kind-specific wrappers (`chain`, `tool`, `llm`…): open a span of
/// the kind, record the input, run the operation with it, record the output, and let `withSpan`
/// record a thrown error, set the status and end the span.
extension Tracer {
    /// How a wrapper records its input before the operation and its result after.
    struct Recorder<Input, Result> {
        var input: (Span, Input) -> Void = { span, input in span.recordInput(input) }
        var output: (Span, Result) -> Void = { span, result in span.recordOutputUnlessSet(result) }
    }

    func traced<Input, Result>(
        _ name: String, kind: SpanKind, input: Input, recorder: Recorder<Input, Result>,
        isolation: isolated (any Actor)?, _ operation: (Input) async throws -> Result
    ) async rethrows -> Result {
        try await withSpan(name, kind: kind, isolation: isolation) { span in
            let recording = span.storage != nil
            if recording { recorder.input(span, input) }
            let result = try await operation(input)
            if recording { recorder.output(span, result) }
            return result
        }
    }
}

/// Lets the wrappers tell an absent optional from a value without knowing the wrapped type.
private protocol OptionalValue {
    var isNone: Bool { get }
}

extension Optional: OptionalValue {
    var isNone: Bool { self == nil }
}

extension Span {
    /// Records a wrapper's input: strings as text, other `Encodable` values as JSON; nil and
    /// values that are not `Encodable` are not recorded.
    func recordInput<Value>(_ value: Value) {
        guard let encodable = Self.recordable(value) else { return }
        setInput(encodable)
    }

    /// Records a wrapper's result as ``recordInput(_:)`` records an input, unless the operation
    /// already set `output.value` itself (what it chose to record wins).
    func recordOutputUnlessSet<Value>(_ value: Value) {
        guard let encodable = Self.recordable(value), !hasAttribute(SpanAttributes.outputValue) else { return }
        setOutput(encodable)
    }

    /// Whether `key` is set, without copying the attributes.
    func hasAttribute(_ key: String) -> Bool {
        read { $0.attributes[key] != nil } ?? false
    }

    private static func recordable<Value>(_ value: Value) -> (any Encodable)? {
        if let optional = value as? any OptionalValue, optional.isNone { return nil }
        return value as? any Encodable
    }
}
