import OpenInference
extension Tracer {
    /// Runs `operation` inside a TOOL span — a function the model or an agent called — recording
    /// the tool's description (`tool.name`, `tool.description`, `tool.parameters`, `tool.id`), its
    /// input and its result.
    ///
    /// ```swift
    /// let weather = try await tracer.tool(
    ///     "get_weather", input: call.arguments,
    ///     description: "Current weather for a city.",
    ///     parameters: ["type": "object", "properties": ["city": ["type": "string"]]],
    ///     callID: call.id
    /// ) { arguments in
    ///     try await weatherService.current(arguments)
    /// }
    /// ```
    ///
    /// The counterpart of OpenInference's `@tracer.tool`; input, result, errors and status are
    /// handled as ``chain(_:kind:input:isolation:_:)`` describes.
    ///
    /// - Parameters:
    ///   - name: the tool's name, also the span name.
    ///   - input: the arguments, passed to `operation`.
    ///   - description: what the tool does.
    ///   - parameters: the JSON Schema of its parameters.
    ///   - callID: the id of the model's tool call this run answers.
    ///   - isolation: the actor `operation` runs on; the caller's, by default.
    ///   - operation: the tool, given `input`.
    public func tool<Input, Result>(
        _ name: String, input: Input, description: String? = nil, parameters: JSONValue? = nil, callID: String? = nil,
        isolation: isolated (any Actor)? = #isolation, _ operation: (Input) async throws -> Result
    ) async rethrows -> Result {
        try await traced(
            name, kind: .tool, input: input, recorder: Self.toolRecorder(name, description, parameters, callID),
            isolation: isolation, operation)
    }

    private static func toolRecorder<Input, Result>(
        _ name: String, _ description: String?, _ parameters: JSONValue?, _ callID: String?
    ) -> Recorder<Input, Result> {
        var recorder = Recorder<Input, Result>()
        recorder.input = { span, input in
            span.setTool(name: name, description: description, parameters: parameters, callID: callID)
            span.recordInput(input)
        }
        return recorder
    }
}
