import OpenInference
extension Tracer {
    /// Runs `operation` inside an AGENT span — a reasoning loop over model and tool calls —
    /// recording its input and result as ``chain(_:kind:input:isolation:_:)`` does, and the
    /// span name as `agent.name`.
    ///
    /// ```swift
    /// let plan = try await tracer.agent("travel-planner", input: request) { request in
    ///     try await planner.run(request)      // its LLM and TOOL spans nest under this one
    /// }
    /// ```
    ///
    /// Agents with the same role should share a name; Phoenix groups them by it.
    public func agent<Input, Result>(
        _ name: String, input: Input, isolation: isolated (any Actor)? = #isolation,
        _ operation: (Input) async throws -> Result
    ) async rethrows -> Result {
        try await traced(name, kind: .agent, input: input, recorder: Self.agentRecorder(name), isolation: isolation, operation)
    }

    private static func agentRecorder<Input, Result>(_ name: String) -> Recorder<Input, Result> {
        var recorder = Recorder<Input, Result>()
        recorder.input = { span, input in
            span.setAgent(name: name)
            span.recordInput(input)
        }
        return recorder
    }
}
