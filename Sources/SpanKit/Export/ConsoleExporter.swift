/// Prints each finished trace as an indented tree, for development and scripts.
///
/// ```
/// answer-question     CHAIN      26.1 ms  ok  accurate=true  session=chat-42  user=user-1  trace=4bf92f35
/// ├─ search-docs      RETRIEVER  3.21 ms  ok
/// └─ chat-completion  LLM        20.3 ms  ok  gpt-4o-mini  tokens 42→9  cost=0.000012
/// ```
///
/// Every span is one line: tree guides, name, OpenInference kind, duration, status (with the
/// error message), then the model, token counts (prompt→completion) and signals (trace and
/// session signals prefixed `trace:` and `session:`). A subtree root also shows session, user
/// and the first 8 hex digits of the trace id. Children are sorted by start time.
///
/// Spans end child-first and may arrive over several exports, interleaved with other traces,
/// so the exporter holds a trace's spans until its root ends — a span without a parent, or
/// whose parent runs in another process (a parent known only by its 8-byte OpenTelemetry id,
/// as a `traceparent` header carries it). A span ending after its parent was printed is printed
/// at once, marked `late`. ``flush()`` and ``shutdown()`` print whatever is still waiting,
/// marking subtrees whose parent never ended as `orphaned`. The buffer is bounded: past
/// `maxBufferedTraces` traces or `maxBufferedSpans` spans the oldest waiting trace is printed
/// as it is, marked `incomplete`.
///
/// The `.console(file:)` destination hands it every span as it ends, so traces print as soon as
/// they end.
final class ConsoleExporter: SpanExporter {
    private struct State: Sendable {
        var buffer: ConsoleTraceBuffer
        var isShutDown = false
    }

    private let output: Output
    private let renderer: ConsoleTreeRenderer
    private let state: Locked<State>

    /// Creates a console exporter.
    ///
    /// - Parameters:
    ///   - output: where trees are written; standard error by default, so that the app's own
    ///     output (what a script or a pipe reads) stays clean. ``Output/standardOutput`` keeps
    ///     the trees in order with `print`.
    ///   - usesColors: whether to style the text with ANSI escape codes; off by default, since
    ///     logs and files show escape codes as garbage.
    ///   - showsAttributes: whether to list every attribute and the tags under each span.
    ///   - maxBufferedTraces: how many traces may wait for their root at once.
    ///   - maxBufferedSpans: how many spans may wait at once, across all traces.
    init(
        output: Output = .standardError, usesColors: Bool = false, showsAttributes: Bool = false,
        maxBufferedTraces: Int = 256, maxBufferedSpans: Int = 2048
    ) {
        self.output = output
        self.renderer = ConsoleTreeRenderer(usesColors: usesColors, showsAttributes: showsAttributes)
        self.state = .make(State(buffer: ConsoleTraceBuffer(maxTraces: maxBufferedTraces, maxSpans: maxBufferedSpans)))
    }

    /// Buffers the spans and prints every trace they complete.
    ///
    /// - Throws: an error after ``shutdown()``, or when the output fails.
    func export(_ spans: [SpanRecord]) async throws {
        do {
            try emit { state in
                guard !state.isShutDown else { throw ExportError(.shutdown, "the console exporter was shut down") }
                return spans.flatMap { state.buffer.add($0) }
            }
        } catch let error as ExportError {
            throw error
        } catch {
            throw ExportError(.io, "console output failed")
        }
    }

    /// Prints the spans still waiting for their trace's root, each subtree marked orphaned.
    func flush() async {
        emit { state in state.buffer.removeAll() }
    }

    /// Prints what is still waiting; later exports fail.
    func shutdown() async {
        emit { state in
            state.isShutDown = true
            return state.buffer.removeAll()
        }
    }

    /// Takes trees from the buffer and writes them, all under the lock so that trees from
    /// overlapping calls never interleave or swap order.
    private func emit(_ take: (inout State) throws -> [ConsoleTree]) rethrows {
        try state.withLock { state in
            for tree in try take(&state) { output.write(renderer.render(tree)) }
        }
    }
}
