import Foundation
import OpenInference

extension Tracer {
    /// Starts a span without making it current; you must call ``Span/end(at:)``.
    ///
    /// Use it for work that outlives a scope (a stream consumed elsewhere, a delegate callback).
    /// Children of this span must name it as their parent (`parent: .span(span)`), because the
    /// ambient context does not change.
    ///
    /// - Parameters:
    ///   - name: a low-cardinality operation name.
    ///   - kind: the OpenInference kind (CHAIN by default).
    ///   - otelKind: the OpenTelemetry kind (internal by default).
    ///   - parent: the parent, the current span by default.
    ///   - sessionID: the session; inherited from the parent or a `withSession` scope when nil.
    ///   - sessionName: the session's human-readable name.
    ///   - userID: the end user; inherited like the session.
    ///   - tags: tags merged over inherited tags.
    ///   - attributes: initial attributes; they win over context attributes such as metadata.
    ///   - links: the spans this one links to (``Span/addLink(to:attributes:)`` links one with
    ///     attributes).
    ///   - startTime: when the operation began, for work recorded after the fact or timed by
    ///     another system; now by default. The duration is then measured from that instant.
    // The empty defaults are spelled `.init()`: an empty literal (`[:]`, `[]`) is a call to the
    // literal initialiser at every call site that omits the argument, a fifth of the cost of a
    // sampled-out span.
    public func startSpan(
        _ name: String, kind: SpanKind = .chain, otelKind: OTelSpanKind = .internal, parent: SpanParent = .current,
        sessionID: String? = nil, sessionName: String? = nil, userID: String? = nil, tags: [String: String] = .init(),
        attributes: [String: AttributeValue] = .init(), links: [SpanContext] = .init(), startTime: Date? = nil
    ) -> Span {
        makeSpan(
            name, kind: kind, otelKind: otelKind, parent: parent, sessionID: sessionID, sessionName: sessionName,
            userID: userID, tags: tags, attributes: attributes, links: links, active: ActiveContext.current,
            startTime: startTime
        ).span
    }

    /// Runs `operation` inside a new span that is current for its duration, and ends the span
    /// when it returns or throws. A thrown error is recorded on the span (status error and an
    /// `exception` event) and rethrown; on success an unset status becomes ok.
    ///
    /// The parameters are those of ``startSpan(_:kind:otelKind:parent:sessionID:sessionName:userID:tags:attributes:links:startTime:)``.
    public func withSpan<Result>(
        _ name: String, kind: SpanKind = .chain, otelKind: OTelSpanKind = .internal, parent: SpanParent = .current,
        sessionID: String? = nil, sessionName: String? = nil, userID: String? = nil, tags: [String: String] = .init(),
        attributes: [String: AttributeValue] = .init(), links: [SpanContext] = .init(),
        _ operation: (Span) throws -> Result
    ) rethrows -> Result {
        var binding = ActiveContext.current
        let span = scopedSpan(
            name, kind: kind, otelKind: otelKind, parent: parent, sessionID: sessionID, sessionName: sessionName,
            userID: userID, tags: tags, attributes: attributes, links: links, binding: &binding)
        let result: Result
        do {
            result = try withCurrent(span, binding) { try operation(span) }
        } catch {
            span.recordError(error, escaped: true)
            span.end()
            throw error
        }
        // One lock for "ok unless a status was set" and the end, instead of one each.
        span.end(markingSucceeded: true)
        return result
    }

    /// Runs async `operation` inside a new span that is current for its duration (child tasks
    /// inherit it), and ends the span when it returns or throws. A thrown error is recorded on
    /// the span and rethrown; on success an unset status becomes ok.
    ///
    /// The parameters are those of ``startSpan(_:kind:otelKind:parent:sessionID:sessionName:userID:tags:attributes:links:startTime:)``.
    public func withSpan<Result>(
        _ name: String, kind: SpanKind = .chain, otelKind: OTelSpanKind = .internal, parent: SpanParent = .current,
        sessionID: String? = nil, sessionName: String? = nil, userID: String? = nil, tags: [String: String] = .init(),
        attributes: [String: AttributeValue] = .init(), links: [SpanContext] = .init(),
        isolation: isolated (any Actor)? = #isolation,
        _ operation: (Span) async throws -> Result
    ) async rethrows -> Result {
        var binding = ActiveContext.current
        let span = scopedSpan(
            name, kind: kind, otelKind: otelKind, parent: parent, sessionID: sessionID, sessionName: sessionName,
            userID: userID, tags: tags, attributes: attributes, links: links, binding: &binding)
        let result: Result
        do {
            result = try await withCurrent(span, binding, isolation: isolation) { try await operation(span) }
        } catch {
            span.recordError(error, escaped: true)
            span.end()
            throw error
        }
        span.end(markingSucceeded: true)
        return result
    }

    /// Runs `operation` with `span` current: in SpanKit's context (`binding`, from
    /// ``scopedSpan(_:kind:otelKind:parent:sessionID:sessionName:userID:tags:attributes:links:binding:)``)
    /// and, when one is bridged, in the other system's.
    @inline(__always)
    func withCurrent<Result>(_ span: Span, _ binding: ActiveContext, _ operation: () throws -> Result) rethrows -> Result {
        guard hasBridge, let bridge else { return try ActiveContext.$current.withValue(binding, operation: operation) }
        return try bridge.withCurrent(span) { try ActiveContext.$current.withValue(binding, operation: operation) }
    }

    /// Runs async `operation` with `span` current in both contexts (see ``withCurrent(_:_:_:)``).
    @inline(__always)
    func withCurrent<Result>(
        _ span: Span, _ binding: ActiveContext, isolation: isolated (any Actor)?, _ operation: () async throws -> Result
    ) async rethrows -> Result {
        guard hasBridge, let bridge else {
            return try await ActiveContext.$current.withValue(binding, operation: operation, isolation: isolation)
        }
        return try await bridge.withCurrent(span, isolation: isolation) {
            try await ActiveContext.$current.withValue(binding, operation: operation, isolation: isolation)
        }
    }

    /// Creates a span under `binding`, the current context, and changes `binding` into the
    /// context that makes the span current (its suppression carries over).
    ///
    /// In place, not returned beside the span: a returned pair held the span twice, and built a
    /// new context that was copied into the task-local and destroyed, field by field, on every
    /// `withSpan`.
    @inline(__always)
    func scopedSpan(
        _ name: String, kind: SpanKind, otelKind: OTelSpanKind, parent: SpanParent,
        sessionID: String?, sessionName: String?, userID: String?, tags: [String: String],
        attributes: [String: AttributeValue], links: [SpanContext], binding: inout ActiveContext
    ) -> Span {
        let (span, scope) = makeSpan(
            name, kind: kind, otelKind: otelKind, parent: parent, sessionID: sessionID, sessionName: sessionName,
            userID: userID, tags: tags, attributes: attributes, links: links, active: binding)
        binding.span = span
        binding.scope = scope
        binding.attributesAreNewer = false
        return span
    }

    /// Creates a span; also returns the context attributes to bind while it is current (nil for
    /// none, see ``ActiveContext/scope``).
    @inline(__always)
    func makeSpan(
        _ name: String, kind: SpanKind, otelKind: OTelSpanKind, parent: SpanParent, traceID explicitTraceID: ID128? = nil,
        sessionID: String?, sessionName: String?, userID: String?, tags: [String: String],
        attributes: [String: AttributeValue], links: [SpanContext], active: ActiveContext, startTime: Date? = nil
    ) -> (span: Span, scope: ContextAttributes?) {
        // The grouping a child inherits is read from its parent's storage (the current span's
        // when `parentIsCurrent`, else `parentStorage`) only once the span is sampled: a
        // sampled-out span costs as little as possible.
        let parentContext: SpanContext?
        var parentStorage: SpanStorage?
        var parentIsCurrent = false
        var contextIsNewer = active.attributesAreNewer
        switch parent {
        case .current:
            // The other context system's current span, when one is bridged: SpanKit scopes bind
            // themselves there too, so it is the innermost span of either system.
            if hasBridge, let bridge, let ambient = bridge.currentParent() {
                (parentContext, parentStorage) = Self.resolve(ambient, active: active, contextIsNewer: &contextIsNewer)
            } else {
                parentContext = active.span?.context
                parentIsCurrent = true
            }
        default:
            (parentContext, parentStorage) = Self.resolve(parent, active: active, contextIsNewer: &contextIsNewer)
        }
        let local = ThreadLocalState.current()
        let traceID = parentContext?.traceIDValue ?? explicitTraceID ?? IDGenerator.makeID(using: local)
        let spanID = IDGenerator.makeSpanID(using: local)
        let parentID = parentContext?.spanIDValue

        guard isEnabled, !active.isSuppressed, sampling.shouldSample(traceID: traceID, parent: parentContext) else {
            let context = SpanContext(traceID: traceID, spanID: spanID, traceFlags: 0, traceStateBox: parentContext?.traceStateBox)
            return (Span(context: context, parentID: parentID, storage: nil), active.scope)
        }
        let context = SpanContext(traceID: traceID, spanID: spanID, traceFlags: 1, traceStateBox: parentContext?.traceStateBox)

        let scope = active.scope
        let groupingSource = parentIsCurrent ? active.span?.storage : parentStorage
        let grouping: SpanState.Grouping?
        if groupingSource == nil, Self.namesNoGrouping(sessionID: sessionID, userID: userID, tags: tags, scope: scope) {
            grouping = nil  // The common root span, decided without handling an optional grouping.
        } else {
            grouping = Self.grouping(
                sessionID: sessionID, sessionName: sessionName, userID: userID, tags: tags, scope: scope,
                inherited: groupingSource?.withLock { $0.grouping }, scopeIsNewer: contextIsNewer)
        }
        // The scope this span's children start from, worked out before the grouping moves into
        // the state.
        let boundScope = ContextAttributes.matches(scope, grouping) ? scope : (scope ?? .empty).rebound(to: grouping)

        var (wallStart, monotonicStart) = startTimes(using: local)
        if let startTime {
            // Moves both readings back (or forward) to `startTime`, so the duration an `end()`
            // measures on the monotonic clock starts there too.
            let explicit = startTime.unixNanoseconds
            monotonicStart = monotonicStart &- (wallStart &- explicit)
            wallStart = explicit
        }
        let storage = SpanStorage.start(
            reusing: local.pointee.spareStorage.take(), tracer: self, context: context, parentID: parentID, name: name,
            kind: kind, otelKind: otelKind, startTime: wallStart, monotonicStart: monotonicStart,
            hasRemoteParent: parentContext?.isRemote ?? false)
        // Written apart, only when there is one: captured by the closure above, the grouping was
        // copied in and destroyed (through outlined code that tests each field) on every start.
        if let grouping { storage.withLock { $0.grouping = grouping } }
        if scope?.hasSpanAttributes == true || !attributes.isEmpty || !links.isEmpty {
            applyInitialAttributes(to: storage, scope: scope, attributes: attributes, links: links)
        }
        let span = Span(context: context, parentID: parentID, storage: storage)

        return (span, boundScope)
    }

    /// Writes a new span's context and explicit attributes and links. Out of line: most spans
    /// start without any, and inlined, its diagnostics path made every span start pay for the
    /// stack space of a clock reading it might report.
    @inline(never)
    private func applyInitialAttributes(
        to storage: SpanStorage, scope: ContextAttributes?, attributes: [String: AttributeValue], links: [SpanContext]
    ) {
        var diagnostics: [Diagnostic] = []
        storage.withLock { $0.applyInitialAttributes(scope: scope, attributes: attributes, links: links, diagnostics: &diagnostics) }
        for diagnostic in diagnostics { report(diagnostic) }
    }

    /// The parent context of an explicit parent, and the storage its grouping is inherited from
    /// (`.current` is resolved by the caller and stands for none here).
    @inline(__always)
    static func resolve(
        _ parent: SpanParent, active: ActiveContext, contextIsNewer: inout Bool
    ) -> (SpanContext?, SpanStorage?) {
        switch parent {
        case .current, .root:
            return (nil, nil)
        case .span(let span):
            if span.context != active.span?.context { contextIsNewer = true }
            return (span.context, span.storage)
        case .context(let context):
            return (context, nil)
        }
    }

    /// Whether neither the span's arguments nor the scope name a session, user or tag: then the
    /// span has a grouping only if its parent has one.
    @inline(__always)
    static func namesNoGrouping(sessionID: String?, userID: String?, tags: [String: String], scope: ContextAttributes?) -> Bool {
        sessionID == nil && userID == nil && tags.isEmpty && scope?.hasGrouping != true
    }

    /// Resolves session, user and tags. Precedence: the explicit argument, then the newer of
    /// scope and parent, then the older.
    @inline(__always)
    static func grouping(
        sessionID: String?, sessionName: String?, userID: String?, tags: [String: String],
        scope: ContextAttributes?, inherited: SpanState.Grouping?, scopeIsNewer: Bool
    ) -> SpanState.Grouping? {
        if inherited == nil, namesNoGrouping(sessionID: sessionID, userID: userID, tags: tags, scope: scope) { return nil }
        let fromScope = SpanState.Grouping(
            sessionID: scope?.sessionID, sessionName: scope?.sessionName, userID: scope?.userID, tags: scope?.tags ?? [:])
        let parent = inherited ?? SpanState.Grouping()
        let (newer, older) = scopeIsNewer ? (fromScope, parent) : (parent, fromScope)
        var result = SpanState.Grouping()
        if let sessionID {
            result.sessionID = sessionID
            result.sessionName = sessionName
        } else if let session = newer.sessionID {
            result.sessionID = session
            result.sessionName = sessionName ?? newer.sessionName
        } else {
            result.sessionID = older.sessionID
            result.sessionName = sessionName ?? older.sessionName
        }
        result.userID = userID ?? newer.userID ?? older.userID
        result.tags = older.tags.isEmpty ? newer.tags : older.tags.merging(newer.tags) { _, new in new }
        if !tags.isEmpty { result.tags.merge(tags) { _, new in new } }
        return result
    }
}

extension SpanState {
    /// Writes context attributes (metadata, prompt template), then explicit attributes (which
    /// win), then links.
    mutating func applyInitialAttributes(
        scope: ContextAttributes?, attributes: [String: AttributeValue], links: [SpanContext], diagnostics: inout [Diagnostic]
    ) {
        if let metadata = scope?.metadataJSON, let diagnostic = setAttribute(SpanAttributes.metadata, .string(metadata)) {
            diagnostics.append(diagnostic)
        }
        if let template = scope?.promptTemplate { applyPromptTemplate(template, diagnostics: &diagnostics) }
        for key in attributes.keys.sorted() {
            if let diagnostic = setAttribute(key, attributes[key]!) { diagnostics.append(diagnostic) }
        }
        for link in links {
            if let diagnostic = appendLink(link, attributes: [:]) { diagnostics.append(diagnostic) }
        }
    }

    mutating func applyPromptTemplate(_ template: PromptTemplate, diagnostics: inout [Diagnostic]) {
        var values: [(String, AttributeValue)] = [(SpanAttributes.llmPromptTemplate, .string(template.template))]
        if !template.variables.isEmpty {
            values.append((SpanAttributes.llmPromptTemplateVariables, .string(JSONValue.object(template.variables).jsonString)))
        }
        if let version = template.version { values.append((SpanAttributes.llmPromptTemplateVersion, .string(version))) }
        if let vendor = template.vendor { values.append((SpanAttributes.promptVendor, .string(vendor))) }
        if let id = template.id { values.append((SpanAttributes.promptID, .string(id))) }
        if let url = template.url { values.append((SpanAttributes.promptURL, .string(url))) }
        for (key, value) in values {
            if let diagnostic = setAttribute(key, value) { diagnostics.append(diagnostic) }
        }
    }
}

