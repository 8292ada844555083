import Foundation
@testable import SpanKit
import TestSupport
import Testing

/// A span started while the batch processor is busy reuses the storage of a span it already
/// exported (`SpanStorage+Reuse.swift`). Nothing the exported span recorded may reach the new
/// one, and the kept storages go once the spans stop.
@Suite struct SpanStorageReuseTests {
    func otlp(_ server: LocalHTTPServer) -> OTLPExporter {
        OTLPExporter(configuration: OTLPExporterConfiguration(
            endpoint: server.url("/v1/traces"), sendsPhoenixAnnotations: false,
            settings: HTTPExportSettings(timeout: .seconds(30), retryPolicy: .quick)))
    }

    /// Waits until every ended span was exported, without a flush (a flush lets the spares go).
    func waitUntilExported(_ processor: BatchSpanProcessor) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while processor.statistics.pending > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(1)) }
        #expect(processor.statistics.pending == 0)
    }

    func spares(of processor: BatchSpanProcessor) -> Set<ObjectIdentifier> {
        Set(processor.state.withLock { $0.spares.map { ObjectIdentifier($0.buffer) } })
    }

    @Test(.enabled(if: PythonPeer.shouldRun))
    func aSpanReusingAnExportedSpansStorageCarriesOnlyWhatItRecorded() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let processor = BatchSpanProcessor(exporter: otlp(server))
        let tracer = Tracer(configuration: TracerConfiguration(), processor: processor)
        // One batch of spans that record everything a span holds.
        for index in 0..<512 {
            tracer.withSpan("first", kind: .llm, sessionID: "session-1", userID: "user-1", tags: ["wave": "1"]) { span in
                for attribute in 0..<12 { span.setAttribute("first.\(attribute)", "value \(index)") }
                span.addEvent("first event", attributes: ["first.event": 1])
                span.addSignal("cost", 0.5)
                span.setError(code: "E1", message: "failed")
            }
        }
        try await waitUntilExported(processor)
        let kept = spares(of: processor)
        #expect(kept.count == 512, "every exported storage is kept while spans keep coming")

        // Bare spans, in one synchronous stretch so they start on the thread their ends hand
        // spares to.
        var reused = 0
        for index in 0..<512 {
            let span = tracer.startSpan("second")
            if let storage = span.storage, kept.contains(ObjectIdentifier(storage.buffer)) { reused += 1 }
            span.setAttribute("second.index", .int(index))
            span.end()
        }
        #expect(reused >= 500, "all but the first spans reuse a storage: \(reused)")
        await processor.shutdown()

        let spans = try await DecodedRequest.spans(of: server.requests(path: "/v1/traces"))
        let second = spans.filter { $0.name == "second" }
        #expect(second.count == 512)
        #expect(Set(second.map(\.spanID)).count == 512)
        let reference = try #require(spans.first { $0.name == "first" })
        #expect(reference.attributes.contains { $0.key == "first.11" } && reference.events.contains { $0.name == "first event" })
        for span in second {
            #expect(Set(span.attributes.map(\.key)) == ["openinference.span.kind", "second.index"])
            #expect(span.events.isEmpty && span.links.isEmpty)
            #expect(span.status.code == 0 && span.status.message.isEmpty)
            #expect(span.parentSpanID.isEmpty && span.droppedAttributesCount == 0)
        }
        let indices = second.compactMap { span -> String? in
            guard case .int(let index)? = span.attributes.first(where: { $0.key == "second.index" })?.value else { return nil }
            return index
        }
        #expect(Set(indices) == Set((0..<512).map(String.init)))
    }

    @Test func theKeptStoragesGoWhenATimerOrFlushFindsNothingToExport() async throws {
        let exporter = ScriptedExporter()
        let processor = BatchSpanProcessor(exporter: exporter)
        let tracer = Tracer(configuration: TracerConfiguration(), processor: processor)
        for _ in 0..<512 { tracer.withSpan("work") { $0.setAttribute("k", 1) } }
        try await waitUntilExported(processor)
        #expect(!spares(of: processor).isEmpty)
        _ = await processor.flush(deadline: .now + .seconds(30))
        let deadline = ContinuousClock.now + .seconds(30)
        while !spares(of: processor).isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(1)) }
        #expect(spares(of: processor).isEmpty)
        let exported = exporter.exportedBatches.flatMap { $0 }
        #expect(exported.count == 512 && exported.allSatisfy { $0.attributes["k"] == .int(1) })
        await processor.shutdown()
    }
}
