import Foundation
@_spi(Integration) @testable import SpanKit
import SpanKitTesting
import Testing

/// A bridge to a pretend second context system: its current span is a task-local context.
private struct FakeBridge: ContextBridge {
    @TaskLocal static var other: SpanContext?

    func currentParent() -> SpanParent? { Self.other.map(SpanParent.context) }

    func withCurrent<Result>(_ span: Span, _ operation: () throws -> Result) rethrows -> Result {
        try Self.$other.withValue(span.context, operation: operation)
    }

    func withCurrent<Result>(
        _ span: Span, isolation: isolated (any Actor)?, _ operation: () async throws -> Result
    ) async rethrows -> Result {
        try await Self.$other.withValue(span.context, operation: operation, isolation: isolation)
    }
}

@Suite("Context bridge and explicit times")
struct ContextBridgeTests {
    func tracer(bridged: Bool, _ exporter: InMemoryExporter) -> Tracer {
        var configuration = TracerConfiguration()
        if bridged { configuration.contextBridge = FakeBridge() }
        return Tracer(configuration: configuration, processor: exporter)
    }

    @Test("The other system's current span is the parent of a span started with parent .current, as a local parent")
    func ambientParent() {
        let exporter = InMemoryExporter()
        let tracer = tracer(bridged: true, exporter)
        let other = SpanContext(traceID: UUID(), spanID: UUID())
        FakeBridge.$other.withValue(other) {
            tracer.withSpan("outer") { _ in tracer.startSpan("inner").end() }
        }
        let outer = try! #require(exporter.spans(named: "outer").first)
        let inner = try! #require(exporter.spans(named: "inner").first)
        #expect(outer.context.traceID == other.traceID)
        #expect(outer.parentID == other.spanID)
        #expect(!outer.hasRemoteParent)
        // withSpan bound "outer" in the other system too, so it stays the innermost span.
        #expect(inner.parentID == outer.context.spanID)
    }

    @Test("A SpanKit scope is current in the other system (sync and async), and only inside")
    func scopeBinding() async {
        let tracer = tracer(bridged: true, InMemoryExporter())
        let bound = tracer.withSpan("sync") { span in FakeBridge.other == span.context }
        let boundAsync = await tracer.withSpan("async") { span in
            await Task.yield()
            return FakeBridge.other == span.context
        }
        #expect(bound && boundAsync)
        #expect(FakeBridge.other == nil)
    }

    @Test("A streamed LLM span is current in the other system while a chunk is awaited and recorded")
    func streamBinding() async throws {
        let exporter = InMemoryExporter()
        let tracer = tracer(bridged: true, exporter)
        let seen = Locked<[SpanContext?]>.make([])
        let chunks = AsyncThrowingStream<Int, any Error>(unfolding: {
            // Work the sequence does on demand sees the LLM span in the other system.
            seen.withLock { $0.append(FakeBridge.other) }
            return seen.withLock { $0.count } <= 2 ? 1 : nil
        })
        // The per-chunk closure too: work it starts (a span, a log line) nests under the LLM span there.
        let seenByRecord = Locked<[SpanContext?]>.make([])
        let recordChunk: @Sendable (Int, Span) -> Message? = { _, _ in
            seenByRecord.withLock { $0.append(FakeBridge.other) }
            return nil
        }
        for try await _ in tracer.llmStream("chat", messages: [.user("Hi")], chunks: chunks, recordChunk) {
            #expect(FakeBridge.other == nil, "the loop body runs outside the span")
        }
        let llm = try #require(exporter.spans(named: "chat").first)
        #expect(seen.withLock { $0 }.allSatisfy { $0 == llm.context } && seen.withLock { $0.count } == 3)
        #expect(seenByRecord.withLock { $0 } == [llm.context, llm.context], "one call per chunk, the span current in both systems")
    }

    @Test("Without a bridge the other system is neither read nor written")
    func noBridge() {
        let exporter = InMemoryExporter()
        let tracer = tracer(bridged: false, exporter)
        let other = SpanContext(traceID: UUID(), spanID: UUID())
        let seen = FakeBridge.$other.withValue(other) { tracer.withSpan("s") { _ in FakeBridge.other } }
        #expect(seen == other)
        #expect(exporter.spans.first?.parentID == nil)
    }

    @Test("Explicit start and end times are recorded as given; an end before the start ends at the start")
    func explicitTimes() {
        let exporter = InMemoryExporter()
        let tracer = tracer(bridged: false, exporter)
        let start = Date(timeIntervalSince1970: 1_700_000_000.25)
        tracer.startSpan("given", startTime: start).end(at: start.addingTimeInterval(1.5))
        tracer.startSpan("measured", startTime: Date().addingTimeInterval(-2)).end()
        tracer.startSpan("backwards", startTime: start).end(at: start.addingTimeInterval(-10))
        let given = try! #require(exporter.spans(named: "given").first)
        #expect(abs(given.startTime.timeIntervalSince(start)) < 0.000_001)
        #expect(abs(given.endTime!.timeIntervalSince(start) - 1.5) < 0.000_001)
        let measured = try! #require(exporter.spans(named: "measured").first)
        #expect(measured.duration! >= .seconds(2) && measured.duration! < .seconds(3))
        let backwards = try! #require(exporter.spans(named: "backwards").first)
        #expect(backwards.duration == .zero)
    }
}
