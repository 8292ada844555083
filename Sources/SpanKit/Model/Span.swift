import Foundation
import OpenInference

/// One operation in an LLM application — a model call, a retrieval, a tool run — with its
/// timing, inputs, outputs, attributes and signals.
///
/// `Span` is a small value with reference semantics: copies refer to the same span, and every
/// method is safe to call from any task or thread. Spans come from a ``Tracer``, most often
/// through `withSpan`, which also makes the span current for the code inside it:
///
/// ```swift
/// let reply = try await tracer.withSpan("chat-completion", kind: .llm) { span in
///     span.setAttribute(SpanAttributes.llmModelName, "gpt-4o-mini")
///     let reply = try await client.complete(prompt)
///     span.addSignal("cost", reply.costInDollars)
///     return reply
/// }
/// ```
///
/// A span that was not sampled is *non-recording*: it carries valid ids for propagation, but
/// its setters do nothing and cost almost nothing. After ``end(at:)`` a span is immutable; later
/// writes are ignored (and counted, for the tests of SpanKit itself).
public struct Span: Sendable {
    /// Trace id, span id, sampling flag and trace state.
    public let context: SpanContext
    let parentIDValue: ID128?
    /// Nil for a non-recording span. Visible to inlined code so that a write to a sampled-out
    /// span costs the caller a nil check, not a call (see ``setAttribute(_:_:)``).
    ///
    /// The `@inlinable` members (`setAttribute`, `end(at:)`) compile this field, the storage's
    /// layout and its lock into the app. SwiftPM builds packages from source, so an app always
    /// recompiles them with SpanKit. A binary distribution built with library evolution would
    /// freeze them instead.
    @usableFromInline let storage: SpanStorage?

    @inline(__always)
    init(context: SpanContext, parentID: ID128?, storage: SpanStorage?) {
        self.context = context
        self.parentIDValue = parentID
        self.storage = storage
    }

    /// Starts a span through the current tracer (the global one after
    /// ``SpanKitSystem/bootstrap(_:)-(SpanKitSystem.Configuration)``, or the one bound by
    /// ``withTracer(_:isolation:_:)``), as the reference SDK's `new Span(name, traceId)` does. End
    /// it with ``end(at:)``.
    ///
    /// ```swift
    /// let span = Span(name: "openai-completion")
    /// span.setIO(input: prompt)
    /// span.end()
    /// ```
    ///
    /// The span has no parent: without `traceID` it is the root of a new trace; with one, it
    /// joins that trace as a root in this process (the trace's other spans may run elsewhere).
    /// It does not become ``current``, but it inherits the session, user, tags and metadata of
    /// the enclosing `withSession`/`withAttributes` scopes. For a child of the current span, use
    /// the tracer's `startSpan` or `withSpan`.
    public init(name: String, traceID: UUID? = nil) {
        self = Tracer.current.makeSpan(
            name, kind: .chain, otelKind: .internal, parent: .root, traceID: traceID.map(ID128.init).flatMap { $0.high | $0.low == 0 ? nil : $0 },
            sessionID: nil, sessionName: nil, userID: nil, tags: .init(), attributes: .init(), links: .init(),
            active: ActiveContext.current
        ).span
    }

    /// The parent's span id, nil for a root span.
    public var parentID: UUID? { parentIDValue?.uuid }

    /// The span id (a UUID version 4).
    public var spanID: UUID { context.spanID }
    /// The trace id shared by every span of the trace.
    public var traceID: UUID { context.traceID }

    /// Whether the span records data: it was sampled and has not ended.
    public var isRecording: Bool { storage?.withLock { !$0.isEnded } ?? false }

    /// A snapshot of everything the span recorded so far — events, links, the OpenTelemetry kind
    /// and the limit counters too; nil for a non-recording span.
    public var record: SpanRecord? {
        withLockedState { $0.makeRecord() }
    }

    /// The operation name; empty for a non-recording span.
    public var name: String { read { $0.name } ?? "" }
    /// The wall-clock start time.
    public var startTime: Date? { record?.startTime }
    /// The end time: the start plus the monotonic duration. Nil until the span ends.
    public var endTime: Date? { record?.endTime }
    /// How long the span lasted, nil until it ends.
    public var duration: Duration? {
        read { $0.isEnded ? .nanoseconds(Int64(clamping: $0.endTime &- $0.startTime)) : nil } ?? nil
    }
    /// How long the span lasted in milliseconds, nil until it ends (the reference SDK's
    /// `durationMs`).
    public var durationMs: Double? {
        read { $0.isEnded ? Double($0.endTime &- $0.startTime) / 1_000_000 : nil } ?? nil
    }
    /// The session id, set explicitly or inherited from the parent or a `withSession` scope.
    public var sessionID: String? { read { $0.grouping?.sessionID } ?? nil }
    /// The session's human-readable name.
    public var sessionName: String? { read { $0.grouping?.sessionName } ?? nil }
    /// The attributes recorded so far.
    public var attributes: Attributes { read { $0.attributes } ?? Attributes() }
    /// The tags, including those inherited from the parent and context.
    public var tags: [String: String] { read { $0.grouping?.tags ?? [:] } ?? [:] }
    /// The status.
    public var status: Span.Status { read { $0.status } ?? .unset }
    /// The signals recorded so far.
    public var signals: [Signal] { read { $0.extras?.signals ?? [] } ?? [] }
    /// The error recorded by ``setError(code:message:stack:)`` or ``recordError(_:escaped:)``,
    /// if any.
    public var error: SpanError? { read { $0.extras?.error } ?? nil }

    /// Ends the span. Idempotent: only the first call sets the end time and hands the span to
    /// the tracer's processor.
    ///
    /// - Parameter time: when the operation ended, for work timed by another system; now (on
    ///   the monotonic clock, from the start) by default. A time before the start ends the span
    ///   at its start.
    @inlinable @inline(__always)
    public func end(at time: Date? = nil) {
        // Inlined, so that ending a sampled-out span is a nil check in the caller.
        if storage != nil { end(markingSucceeded: false, at: time) }
    }

    /// Ends the span; with `markingSucceeded`, first sets status ok when no status was set (the
    /// scoped wrappers end every successful span this way). Status and end share one lock
    /// acquisition: a lock is a measurable share of a span's cost.
    @usableFromInline @inline(__always)
    func end(markingSucceeded: Bool, at time: Date? = nil) {
        // Unretained: the storage we hold keeps the tracer alive for this call, and skipping the
        // retain/release pair is measurable on the hot path. The span's size comes out of the
        // lock with it: read later without the lock, it raced with writes from other threads.
        let ended: (tracer: Unmanaged<Tracer>, bytes: Int)?? = withLockedState { state in
            if markingSucceeded {
                // Setting the status is a write: ignored and counted once the span has ended.
                guard !state.isEnded else {
                    state.details.ignoredWritesCount += 1
                    return nil
                }
                if state.status == .unset { state.status = .ok }
            }
            guard !state.isEnded else { return nil }
            if let time {
                state.endTime = max(time.unixNanoseconds, state.startTime)
            } else {
                let elapsed = state.tracer.monotonicNow() &- state.monotonicStart
                // A custom clock could go backwards; a duration never does.
                let safeElapsed = elapsed > UInt64(Int64.max) ? 0 : elapsed
                state.endTime = state.startTime &+ safeElapsed
            }
            state.isEnded = true
            // Sized here, under the lock end() takes anyway, for the batch processor's byte budget.
            let bytes = state.approximateByteCount
            state.endedByteCount = bytes
            return (Unmanaged.passUnretained(state.tracer), bytes)
        }
        if case let (tracer, bytes)?? = ended { tracer._withUnsafeGuaranteedRef { $0.spanDidEnd(self, queuedBytes: bytes) } }
    }

    /// Reads from the state; nil for a non-recording span.
    @inline(__always)
    func read<Value>(_ body: (SpanState) -> Value) -> Value? {
        withLockedState { body($0) }
    }

    /// Runs `body` under the span's lock; nil for a non-recording span.
    ///
    /// The storage is used unretained: this span holds a strong reference to it for the whole
    /// call, and the retain and release of a copy were two atomic operations on every write.
    @inline(__always)
    func withLockedState<Value>(_ body: (inout SpanState) -> Value) -> Value? {
        // The reference's bits, read as a plain value: loading it as a reference made a copy.
        guard let address = unsafeBitCast(storage, to: UnsafeRawPointer?.self) else { return nil }
        return Unmanaged<SpanStorage.Buffer>.fromOpaque(address)._withUnsafeGuaranteedRef { $0.withLock(body) }
    }

    /// Applies a write unless the span has ended (then the write is counted and ignored), and
    /// reports the diagnostic the write returns, outside the lock.
    @inline(__always)
    func write(_ body: (inout SpanState) -> Diagnostic?) {
        let outcome: Diagnostic?? = withLockedState { state in
            guard !state.isEnded else {
                state.details.ignoredWritesCount += 1
                return nil
            }
            return body(&state)
        }
        if case let diagnostic?? = outcome { report(diagnostic) }
    }

    /// Reports a write's diagnostic through the span's tracer. Out of line, and the tracer read
    /// here rather than returned from under the lock: every write carried that pair out before.
    /// Read under the lock, though no one writes it: another thread's write holds the whole
    /// state, and reading a part of it meanwhile is a data race in Swift's memory model.
    @inline(never)
    func report(_ diagnostic: Diagnostic) {
        read { $0.tracer }?.report(diagnostic)
    }
}
