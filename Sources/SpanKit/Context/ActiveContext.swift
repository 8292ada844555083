/// What the current task is inside of: the current span and the inherited context attributes.
struct ActiveContext: Sendable {
    var span: Span?
    /// The innermost scope's attributes. When a span is bound they include that span's own
    /// session, user and tags, so scopes opened inside it start from the span's values.
    var attributes: ContextAttributes
    /// Whether `attributes` were bound by a scope opened inside the current span (they then
    /// win over the span's own values when a child inherits).
    var attributesAreNewer: Bool

    @TaskLocal static var current = ActiveContext(span: nil, attributes: .empty, attributesAreNewer: false)
}

extension Span {
    /// The span of the innermost enclosing `withSpan` in this task, if any.
    ///
    /// Child tasks inherit it, so spans started in a task group are children of the span that
    /// created the group. Code that leaves structured concurrency (GCD callbacks, delegates)
    /// does not see it and should pass the span explicitly.
    public static var current: Span? { ActiveContext.current.span }
}
