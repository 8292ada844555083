import OpenInference

/// The state of one traced stream (``Tracer/llmStream(_:messages:model:provider:system:invocationParameters:tools:chunks:_:)``):
/// the wrapped iterator, the reply accumulated so far, and the span, which it ends exactly once —
/// at the stream's end, error or cancellation, or when it is released unfinished.
///
/// `@unchecked Sendable`: the stream calls ``next()`` for one consumer at a time, and the state
/// is behind a lock; a second consumer iterating concurrently gets an error instead of a race
/// (``State/isIterating``).
final class LLMStreamRecorder<Chunks: AsyncSequence>: @unchecked Sendable {
    struct State {
        var iterator: Chunks.AsyncIterator?
        var isIterating = false
        var isEnded = false
        var wasIterated = false
        var chunks = 0
        var reply = Message(role: "assistant")
        var firstTokenSeen = false
    }

    private let span: Span
    private let binding: ActiveContext
    private let record: @Sendable (Chunks.Element, Span) -> Message?
    private let tracer: Tracer
    private let state: LockedBuffer<State>

    init(span: Span, binding: ActiveContext, iterator: Chunks.AsyncIterator, record: @escaping @Sendable (Chunks.Element, Span) -> Message?, tracer: Tracer) {
        self.span = span
        self.binding = binding
        self.record = record
        self.tracer = tracer
        self.state = LockedBuffer.make { State(iterator: iterator) }
    }

    /// The next chunk, recorded; nil once the stream ended (the span ended with it).
    func next() async throws -> Chunks.Element? {
        let taken: Chunks.AsyncIterator?? = state.withLock { state in
            guard !state.isEnded else { return .some(nil) }
            guard !state.isIterating, let iterator = state.iterator else { return nil }
            state.isIterating = true
            state.wasIterated = true
            state.iterator = nil
            return .some(iterator)
        }
        guard let taken else { throw StreamMisuse() }
        guard var iterator = taken else { return nil }
        let element: Chunks.Element?
        do {
            // Current in SpanKit's context and, when one is bridged, in the other system's
            // (so an HTTP client span started on demand is the LLM span's child there too).
            element = try await tracer.withCurrent(span, binding, isolation: nil) { try await iterator.next() }
        } catch {
            finish(error is CancellationError || Task.isCancelled ? .cancelled : .failed(error))
            throw error
        }
        guard let element else {
            // A cancelled task's sequence usually ends without an error (AsyncStream does).
            finish(Task.isCancelled ? .cancelled : .completed)
            return nil
        }
        let span = self.span, record = self.record
        // Current in both contexts here too: what the closure starts nests under the LLM span.
        let fragment = tracer.withCurrent(span, binding) { record(element, span) }
        let isFirstToken = state.withLock { state in
            state.iterator = iterator
            state.isIterating = false
            state.chunks += 1
            if let fragment { state.reply.append(fragment) }
            guard !state.firstTokenSeen, let fragment, fragment.carriesAnswer else { return false }
            state.firstTokenSeen = true
            return true
        }
        if isFirstToken, span.storage != nil {
            span.addEvent(Self.firstTokenEvent)
            if let started = span.read({ $0.monotonicStart }) {
                let seconds = Double(tracer.monotonicNow() &- started) / 1_000_000_000
                span.setAttribute(Self.timeToFirstChunkKey, .double(seconds))
            }
        }
        return element
    }

    enum Ending {
        case completed, cancelled, stoppedEarly, neverIterated
        case failed(any Error)
    }

    /// Ends the span once, recording the reply so far and how the stream ended.
    private func finish(_ ending: Ending) {
        let finished: (reply: Message, chunks: Int)? = state.withLock { state in
            guard !state.isEnded else { return nil }
            state.isEnded = true
            state.isIterating = false
            state.iterator = nil
            return (state.reply, state.chunks)
        }
        guard let finished else { return }
        if span.storage != nil {
            span.setAttribute(Self.chunkCountKey, .int(finished.chunks))
            if finished.reply.carriesAnswer { span.setOutputMessages([finished.reply]) }
        }
        switch ending {
        case .completed:
            span.end(markingSucceeded: true)
        case .failed(let error):
            span.recordError(error, escaped: true)
            span.end()
        case .cancelled:
            span.setStatus(.error(description: "cancelled"))
            span.end()
        case .stoppedEarly:
            span.addEvent(Self.stoppedEvent)
            span.end()
        case .neverIterated:
            span.setStatus(.error(description: "the stream was never iterated"))
            span.end()
            if span.storage != nil {
                tracer.report(Diagnostic(.spansDropped, "LLM stream span '\(span.name)' ended unread: its stream was released without being iterated"))
            }
        }
    }

    deinit {
        let wasIterated = state.withLock { $0.wasIterated }
        finish(wasIterated ? .stoppedEarly : .neverIterated)
    }

    static var firstTokenEvent: String { "first_token" }
    static var stoppedEvent: String { "stream_stopped" }
    /// The OpenTelemetry GenAI convention's key (seconds); OpenInference has none.
    static var timeToFirstChunkKey: String { GenAIAttributes.Key.timeToFirstChunk }
    static var chunkCountKey: String { "spankit.stream.chunk_count" }
}

/// A traced stream iterated by two consumers at once.
struct StreamMisuse: Error, CustomStringConvertible {
    var description: String { "a traced LLM stream is being iterated by another task; iterate it from one task at a time" }
}

extension Message {
    /// Whether this carries part of an answer: text, content parts or a tool call.
    var carriesAnswer: Bool {
        !(content ?? "").isEmpty || !contents.isEmpty || !toolCalls.isEmpty
    }

    /// Adds a streamed fragment: text is concatenated; a tool call with an id starts a new call,
    /// one without continues the last call's name and arguments; content parts are appended.
    mutating func append(_ fragment: Message) {
        if role == nil { role = fragment.role }
        if let text = fragment.content, !text.isEmpty { content = (content ?? "") + text }
        contents += fragment.contents
        for call in fragment.toolCalls {
            if call.id != nil || toolCalls.isEmpty {
                toolCalls.append(call)
            } else {
                toolCalls[toolCalls.count - 1].name += call.name
                if let arguments = call.arguments {
                    toolCalls[toolCalls.count - 1].arguments = (toolCalls[toolCalls.count - 1].arguments ?? "") + arguments
                }
            }
        }
    }
}
