/// What the current task is inside of: the current span and the inherited context attributes.
struct ActiveContext: Sendable {
    var span: Span?
    /// The innermost scope's attributes, nil standing for ``ContextAttributes/empty``. When a
    /// span is bound they include that span's own session, user and tags, so scopes opened
    /// inside it start from the span's values.
    ///
    /// Optional so that the context outside any scope holds no reference: every span start
    /// copies the current context out of the task-local, and a reference to `empty` cost an
    /// atomic retain and release on each of those copies.
    var scope: ContextAttributes?
    /// Whether the attributes were bound by a scope opened inside the current span (they then
    /// win over the span's own values when a child inherits).
    var attributesAreNewer: Bool
    /// Inside ``withTracingSuppressed(isolation:_:)``: spans started here record nothing.
    var isSuppressed = false

    init(span: Span?, scope: ContextAttributes?, attributesAreNewer: Bool, isSuppressed: Bool = false) {
        self.span = span
        self.scope = scope
        self.attributesAreNewer = attributesAreNewer
        self.isSuppressed = isSuppressed
    }

    /// The scope's attributes, ``ContextAttributes/empty`` outside any scope.
    var attributes: ContextAttributes {
        get { scope ?? .empty }
        set { scope = newValue }
    }

    @TaskLocal static var current = ActiveContext(span: nil, scope: nil, attributesAreNewer: false)
}

extension Span {
    /// The span of the innermost enclosing `withSpan` in this task, if any.
    ///
    /// Child tasks inherit it, so spans started in a task group are children of the span that
    /// created the group. Code that leaves structured concurrency (GCD callbacks, delegates)
    /// does not see it and should pass the span explicitly.
    public static var current: Span? { ActiveContext.current.span }
}
