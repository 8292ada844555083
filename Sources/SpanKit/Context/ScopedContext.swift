/// Runs `operation` with a session id (and optional name) that every span started inside it
/// inherits, unless the span sets its own.
public func withSession<Result>(
    _ id: String, name: String? = nil, isolation: isolated (any Actor)? = #isolation,
    _ operation: () async throws -> Result
) async rethrows -> Result {
    try await withContextAttributes({ $0.with(sessionID: id, sessionName: name) }, isolation: isolation, operation)
}

/// Runs `operation` with context attributes that every span started inside it inherits — the
/// counterpart of OpenInference's `using_attributes`. Pass only what the scope changes; nested
/// scopes start from the enclosing one, and a span's own explicit values win over the scope's.
///
/// ```swift
/// try await withAttributes(userID: "user-7", metadata: ["plan": "pro"], tags: ["beta": ""]) {
///     try await tracer.chain("answer", input: question) { … }
/// }
/// ```
///
/// - Parameters:
///   - sessionID: the session (see also ``withSession(_:name:isolation:_:)``).
///   - sessionName: the session's human-readable name.
///   - userID: the end user.
///   - metadata: recorded as the JSON `metadata` attribute; merged into enclosing metadata,
///     inner keys winning.
///   - tags: merged into the spans' tags, inner values winning. A plain tag (OpenInference's
///     `tag.tags` entry without a value) is a key with an empty value.
///   - promptTemplate: recorded as `llm.prompt_template.*`.
///   - isolation: the actor `operation` runs on; the caller's, by default.
///   - operation: the work that runs with these attributes.
public func withAttributes<Result>(
    sessionID: String? = nil, sessionName: String? = nil, userID: String? = nil,
    metadata: [String: JSONValue] = [:], tags: [String: String] = [:], promptTemplate: PromptTemplate? = nil,
    isolation: isolated (any Actor)? = #isolation, _ operation: () async throws -> Result
) async rethrows -> Result {
    try await withContextAttributes(
        {
            $0.with(
                sessionID: sessionID, sessionName: sessionName, userID: userID, metadata: metadata, tags: tags,
                promptTemplate: promptTemplate)
        }, isolation: isolation, operation)
}

private func withContextAttributes<Result>(
    _ change: (ContextAttributes) -> ContextAttributes, isolation: isolated (any Actor)?,
    _ operation: () async throws -> Result
) async rethrows -> Result {
    var context = ActiveContext.current
    context.attributes = change(context.attributes)
    context.attributesAreNewer = context.span != nil
    return try await ActiveContext.$current.withValue(context, operation: operation, isolation: isolation)
}
