import OpenInference

extension Tracer {
    /// Starts a span without making it current; you must call ``Span/end()``.
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
    ///   - links: links to other spans.
    public func startSpan(
        _ name: String, kind: SpanKind = .chain, otelKind: OTelSpanKind = .internal, parent: SpanParent = .current,
        sessionID: String? = nil, sessionName: String? = nil, userID: String? = nil, tags: [String: String] = [:],
        attributes: [String: AttributeValue] = [:], links: [SpanLink] = []
    ) -> Span {
        makeSpan(
            name, kind: kind, otelKind: otelKind, parent: parent, sessionID: sessionID, sessionName: sessionName,
            userID: userID, tags: tags, attributes: attributes, links: links, active: ActiveContext.current
        ).span
    }

    /// Runs `operation` inside a new span that is current for its duration, and ends the span
    /// when it returns or throws. A thrown error is recorded on the span (status error and an
    /// `exception` event) and rethrown; on success an unset status becomes ok.
    ///
    /// The parameters are those of ``startSpan(_:kind:otelKind:parent:sessionID:sessionName:userID:tags:attributes:links:)``.
    public func withSpan<Result>(
        _ name: String, kind: SpanKind = .chain, otelKind: OTelSpanKind = .internal, parent: SpanParent = .current,
        sessionID: String? = nil, sessionName: String? = nil, userID: String? = nil, tags: [String: String] = [:],
        attributes: [String: AttributeValue] = [:], links: [SpanLink] = [],
        _ operation: (Span) throws -> Result
    ) rethrows -> Result {
        let active = ActiveContext.current
        let (span, binding) = makeSpan(
            name, kind: kind, otelKind: otelKind, parent: parent, sessionID: sessionID, sessionName: sessionName,
            userID: userID, tags: tags, attributes: attributes, links: links, active: active)
        defer { span.end() }
        do {
            let result = try ActiveContext.$current.withValue(binding) { try operation(span) }
            span.markSucceeded()
            return result
        } catch {
            span.recordError(error, escaped: true)
            throw error
        }
    }

    /// Runs async `operation` inside a new span that is current for its duration (child tasks
    /// inherit it), and ends the span when it returns or throws. A thrown error is recorded on
    /// the span and rethrown; on success an unset status becomes ok.
    ///
    /// The parameters are those of ``startSpan(_:kind:otelKind:parent:sessionID:sessionName:userID:tags:attributes:links:)``.
    public func withSpan<Result>(
        _ name: String, kind: SpanKind = .chain, otelKind: OTelSpanKind = .internal, parent: SpanParent = .current,
        sessionID: String? = nil, sessionName: String? = nil, userID: String? = nil, tags: [String: String] = [:],
        attributes: [String: AttributeValue] = [:], links: [SpanLink] = [],
        isolation: isolated (any Actor)? = #isolation,
        _ operation: (Span) async throws -> Result
    ) async rethrows -> Result {
        let active = ActiveContext.current
        let (span, binding) = makeSpan(
            name, kind: kind, otelKind: otelKind, parent: parent, sessionID: sessionID, sessionName: sessionName,
            userID: userID, tags: tags, attributes: attributes, links: links, active: active)
        defer { span.end() }
        do {
            let result = try await ActiveContext.$current.withValue(binding, operation: { try await operation(span) }, isolation: isolation)
            span.markSucceeded()
            return result
        } catch {
            span.recordError(error, escaped: true)
            throw error
        }
    }

    /// Creates a span and the context that binds it as current.
    @inline(__always)
    func makeSpan(
        _ name: String, kind: SpanKind, otelKind: OTelSpanKind, parent: SpanParent,
        sessionID: String?, sessionName: String?, userID: String?, tags: [String: String],
        attributes: [String: AttributeValue], links: [SpanLink], active: ActiveContext
    ) -> (span: Span, binding: ActiveContext) {
        let parentContext: SpanContext?
        var parentSpan: Span?
        var contextIsNewer = active.attributesAreNewer
        switch parent {
        case .current:
            parentContext = active.span?.context
            parentSpan = active.span
        case .root:
            parentContext = nil
        case .span(let span):
            parentContext = span.context
            parentSpan = span
            if span != active.span { contextIsNewer = true }
        case .context(let context):
            parentContext = context
        }
        let traceID = parentContext?.traceID ?? IDGenerator.makeUUID()
        let spanID = IDGenerator.makeUUID()
        let traceState = parentContext?.traceState ?? ""

        guard isEnabled, sampler.shouldSample(traceID: traceID, parent: parentContext) else {
            let context = SpanContext(traceID: traceID, spanID: spanID, traceFlags: 0, traceState: traceState)
            let span = Span(context: context, parentID: parentContext?.spanID, storage: nil)
            return (span, ActiveContext(span: span, attributes: active.attributes, attributesAreNewer: false))
        }

        let context = SpanContext(traceID: traceID, spanID: spanID, traceFlags: 1, traceState: traceState)
        let wallStart = clock.wallClockNanoseconds()
        let monotonicStart = clock.monotonicNanoseconds()
        var record = SpanRecord(
            context: context, parentID: parentContext?.spanID, name: name, kind: kind, otelKind: otelKind,
            startTimeUnixNanoseconds: wallStart)

        let scope = active.attributes
        let inherited = parentSpan?.storage?.withLock { state in
            (state.record.sessionID, state.record.sessionName, state.record.userID, state.record.tags)
        }
        // Precedence: explicit argument, then the newer of scope and parent, then the older.
        let (newerSession, olderSession) = contextIsNewer
            ? ((scope.sessionID, scope.sessionName), (inherited?.0, inherited?.1))
            : ((inherited?.0, inherited?.1), (scope.sessionID, scope.sessionName))
        if let sessionID {
            record.sessionID = sessionID
            record.sessionName = sessionName
        } else if let session = newerSession.0 {
            record.sessionID = session
            record.sessionName = sessionName ?? newerSession.1
        } else {
            record.sessionID = olderSession.0
            record.sessionName = sessionName ?? olderSession.1
        }
        record.userID = userID ?? (contextIsNewer ? scope.userID ?? inherited?.2 : inherited?.2 ?? scope.userID)
        if let parentTags = inherited?.3, !parentTags.isEmpty {
            record.tags = contextIsNewer ? parentTags.merging(scope.tags) { _, new in new } : scope.tags.merging(parentTags) { _, new in new }
        } else {
            record.tags = scope.tags
        }
        if !tags.isEmpty { record.tags.merge(tags) { _, new in new } }

        var state = SpanState(record: record, monotonicStart: monotonicStart, tracer: self)
        var diagnostics: [Diagnostic] = []
        if let metadata = scope.metadataJSON, let diagnostic = state.setAttribute(SpanAttributes.metadata, .string(metadata)) {
            diagnostics.append(diagnostic)
        }
        if let template = scope.promptTemplate { state.applyPromptTemplate(template, diagnostics: &diagnostics) }
        if !attributes.isEmpty {
            for key in attributes.keys.sorted() {
                if let diagnostic = state.setAttribute(key, attributes[key]!) { diagnostics.append(diagnostic) }
            }
        }
        for link in links {
            if let diagnostic = state.appendLink(link.context, attributes: link.attributes.dictionary) { diagnostics.append(diagnostic) }
        }
        let span = Span(context: context, parentID: parentContext?.spanID, storage: SpanStorage.make(state))
        for diagnostic in diagnostics { report(diagnostic) }
        processor?.onStart(span)

        let bound = state.record
        let bindingAttributes: ContextAttributes
        if bound.sessionID == scope.sessionID, bound.sessionName == scope.sessionName, bound.userID == scope.userID, bound.tags == scope.tags {
            bindingAttributes = scope
        } else {
            bindingAttributes = ContextAttributes(
                sessionID: bound.sessionID, sessionName: bound.sessionName, userID: bound.userID,
                metadata: scope.metadata, tags: bound.tags, promptTemplate: scope.promptTemplate)
        }
        return (span, ActiveContext(span: span, attributes: bindingAttributes, attributesAreNewer: false))
    }
}

extension SpanState {
    mutating func applyPromptTemplate(_ template: PromptTemplate, diagnostics: inout [Diagnostic]) {
        var values: [(String, AttributeValue)] = [(SpanAttributes.llmPromptTemplate, .string(template.template))]
        if !template.variables.isEmpty {
            values.append((SpanAttributes.llmPromptTemplateVariables, .string(JSONValue.object(template.variables).jsonString)))
        }
        if let version = template.version { values.append((SpanAttributes.llmPromptTemplateVersion, .string(version))) }
        for (key, value) in values {
            if let diagnostic = setAttribute(key, value) { diagnostics.append(diagnostic) }
        }
    }
}

extension Span {
    /// Sets status ok when nothing else set a status (used by the scoped wrappers on success).
    func markSucceeded() {
        write { state in
            if state.record.status == .unset { state.record.status = .ok }
            return nil
        }
    }
}
