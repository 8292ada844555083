import Foundation
@testable import SpanKit
import Testing

/// The span's state lock (``SpanLock``: an atomic word on Linux, `os_unfair_lock` on Apple
/// platforms) under contention: threads that read, modify and write the state under it never
/// lose an update, and writes from many threads all land.
@Suite struct SpanLockTests {
    @Test func readModifyWriteUnderContentionLosesNoUpdate() {
        let storage = SpanStorage.make(building: {
            SpanState(
                tracer: Tracer(processor: nil), context: SpanContext(traceID: UUID(), spanID: UUID()), parentID: nil, name: "contended", kind: .chain, otelKind: .internal, startTime: 0, monotonicStart: 0)
        })
        let threads = 8, increments = 20_000
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            for _ in 0..<increments {
                // Two separate steps, so an update can be lost if two threads are ever inside together.
                storage.withLock { state in
                    let seen = state.endedByteCount
                    state.endedByteCount = seen + 1
                }
            }
        }
        #expect(storage.withLock { $0.endedByteCount } == threads * increments)
    }

    @Test func writesFromManyThreadsAllLand() throws {
        let test = TestTracer()
        let span = test.tracer.startSpan("shared")
        let threads = 8, writes = 2_000
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for value in 0..<writes { span.setAttribute("thread.\(thread)", .int(value)) }
        }
        span.end()
        let record = try #require(test.exporter.spans.last)
        for thread in 0..<threads { #expect(record.attributes["thread.\(thread)"] == .int(writes - 1)) }
        #expect(record.ignoredWritesCount == 0)
    }
}
