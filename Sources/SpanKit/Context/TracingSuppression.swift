/// Runs `operation` with tracing suppressed: no span started inside — by any tracer, in child
/// tasks too — is recorded or exported, so the model calls of an evaluator or grader stay out
/// of the product's traces. Spans started after it returns record as usual.
///
/// ```swift
/// let verdict = try await withTracingSuppressed {
///     try await grader.grade(answer)   // its LLM spans are not recorded
/// }
/// ```
///
/// Inside, ``Tracer/startSpan(_:kind:otelKind:parent:sessionID:sessionName:userID:tags:attributes:links:startTime:)``
/// and the span wrappers return spans that do not record (``Span/isRecording`` is false), as a
/// sampled-out span does; their context carries the trace on with the not-sampled flag, so a
/// service called from inside does not record its side either. Detached tasks do not inherit
/// task-local values, and so do not inherit the suppression.
public func withTracingSuppressed<Result>(
    isolation: isolated (any Actor)? = #isolation, _ operation: () async throws -> Result
) async rethrows -> Result {
    var context = ActiveContext.current
    context.isSuppressed = true
    return try await ActiveContext.$current.withValue(context, operation: operation, isolation: isolation)
}

/// Runs synchronous `operation` with tracing suppressed (see
/// ``withTracingSuppressed(isolation:_:)``).
public func withTracingSuppressed<Result>(_ operation: () throws -> Result) rethrows -> Result {
    var context = ActiveContext.current
    context.isSuppressed = true
    return try ActiveContext.$current.withValue(context, operation: operation)
}
