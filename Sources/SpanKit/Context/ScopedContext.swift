/// Runs `operation` with a session id (and optional name) that every span started inside it
/// inherits, unless the span sets its own.
public func withSession<Result>(
    _ id: String, name: String? = nil, isolation: isolated (any Actor)? = #isolation,
    _ operation: () async throws -> Result
) async rethrows -> Result {
    try await withContextAttributes({ $0.with(sessionID: id, sessionName: name) }, isolation: isolation, operation)
}

/// Runs `operation` with an end-user id that every span started inside it inherits.
public func withUser<Result>(
    _ id: String, isolation: isolated (any Actor)? = #isolation, _ operation: () async throws -> Result
) async rethrows -> Result {
    try await withContextAttributes({ $0.with(userID: id) }, isolation: isolation, operation)
}

/// Runs `operation` with metadata recorded (as the JSON `metadata` attribute) on every span
/// started inside it. Nested scopes merge their metadata; inner keys win.
public func withMetadata<Result>(
    _ metadata: [String: JSONValue], isolation: isolated (any Actor)? = #isolation,
    _ operation: () async throws -> Result
) async rethrows -> Result {
    try await withContextAttributes({ $0.with(metadata: metadata) }, isolation: isolation, operation)
}

/// Runs `operation` with tags merged into every span started inside it.
public func withTags<Result>(
    _ tags: [String: String], isolation: isolated (any Actor)? = #isolation, _ operation: () async throws -> Result
) async rethrows -> Result {
    try await withContextAttributes({ $0.with(tags: tags) }, isolation: isolation, operation)
}

/// Runs `operation` with plain tags (OpenInference's `tag.tags` list) on every span started
/// inside it. Each tag is stored as a key with an empty value.
public func withTags<Result>(
    _ tags: [String], isolation: isolated (any Actor)? = #isolation, _ operation: () async throws -> Result
) async rethrows -> Result {
    try await withTags(Dictionary(tags.map { ($0, "") }, uniquingKeysWith: { first, _ in first }), isolation: isolation, operation)
}

/// Runs `operation` with a prompt template recorded (`llm.prompt_template.*`) on every span
/// started inside it.
public func withPromptTemplate<Result>(
    _ template: PromptTemplate, isolation: isolated (any Actor)? = #isolation, _ operation: () async throws -> Result
) async rethrows -> Result {
    try await withContextAttributes({ $0.with(promptTemplate: template) }, isolation: isolation, operation)
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
