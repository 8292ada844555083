import Foundation
@testable import SpanKit
import TestSupport
import Testing

/// A span started while the batch processor is busy reuses the storage of a span it already
/// exported (`SpanStorage+Reuse.swift`). Nothing the exported span recorded may reach the new
/// one, and the kept storages go once the spans stop.
@Suite struct SpanStorageReuseTests {
    /// No timer lets the kept storages go in the middle of a test.
    static let options = BatchSpanProcessor.Options(scheduleDelay: .seconds(3600))

    func otlp(_ server: LocalHTTPServer) -> OTLPExporter {
        OTLPExporter(configuration: OTLPExporterConfiguration(
            endpoint: server.url("/v1/traces"), sendsPhoenixAnnotations: false,
            settings: HTTPExportSettings(timeout: .seconds(30), retryPolicy: .quick)))
    }

    /// Waits until every ended span was exported, without a flush (a flush lets the spares go).
    func waitUntilExported(_ processor: BatchSpanProcessor) async {
        #expect(await eventually { processor.statistics.pending == 0 })
    }

    func spares(of processor: BatchSpanProcessor) -> [SpanStorage] {
        processor.state.withLock { $0.spares }
    }

    /// Ends one batch of spans that record everything a span can hold, remote parent, trace
    /// state and links included; returns the storages the processor kept once they were
    /// exported. The caller holds them, so a storage that were freed instead of reused could
    /// not come back at the same address and pass for a reused one.
    func exportFullSpans(_ tracer: Tracer, _ processor: BatchSpanProcessor) async -> [SpanStorage] {
        let remote = SpanContext(traceID: UUID(), spanID: UUID(), traceFlags: 1, traceState: "vendor=first", isRemote: true)
        let link = SpanContext(traceID: UUID(), spanID: UUID())
        for index in 0..<512 {
            tracer.withSpan(
                "first", kind: .llm, otelKind: .client, parent: .context(remote), sessionID: "session-1", sessionName: "First",
                userID: "user-1", tags: ["wave": "1"], links: [link]
            ) { span in
                for attribute in 0..<12 { span.setAttribute("first.\(attribute)", .string("value \(index)")) }
                span.addEvent("first event", attributes: ["first.event": 1])
                span.addSignal("cost", 0.5)
                span.setError(code: "E1", message: "failed")
            }
        }
        await waitUntilExported(processor)
        let kept = spares(of: processor)
        // A span whose caller still held it when the worker took the batch is not kept.
        #expect(kept.count >= 500, "the exported storages are kept while spans keep coming: \(kept.count)")
        return kept
    }

    /// Starts bare spans in one synchronous stretch, so that each starts on the thread the
    /// previous one's end handed a kept storage to; returns how many reused one.
    func startBareSpans(_ tracer: Tracer, reusing kept: [SpanStorage]) -> Int {
        let identities = Set(kept.map { ObjectIdentifier($0.buffer) })
        var reused = 0
        for index in 0..<512 {
            let span = tracer.startSpan("second")
            if let storage = span.storage, identities.contains(ObjectIdentifier(storage.buffer)) { reused += 1 }
            span.setAttribute("second.index", .int(index))
            span.end()
        }
        return reused
    }

    @Test(.enabled(if: PythonPeer.shouldRun))
    func aSpanReusingAnExportedSpansStorageCarriesOnlyWhatItRecorded() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let processor = BatchSpanProcessor(exporter: otlp(server), options: Self.options)
        let tracer = Tracer(configuration: TracerConfiguration(), processor: processor)
        let kept = await exportFullSpans(tracer, processor)
        let reused = startBareSpans(tracer, reusing: kept)
        #expect(reused >= 500, "all but the first spans reuse a storage: \(reused)")
        await processor.shutdown()

        // Read back by the official protobuf decoder.
        let spans = try await DecodedRequest.spans(of: server.requests(path: "/v1/traces"))
        let first = try #require(spans.first { $0.name == "first" })
        #expect(first.attributes.contains { $0.key == "first.11" } && first.events.contains { $0.name == "first event" })
        #expect(first.traceState == "vendor=first" && first.links.count == 1 && first.kind == 3 && first.status.code == 2)
        let second = spans.filter { $0.name == "second" }
        #expect(second.count == 512)
        #expect(Set(second.map(\.spanID)).count == 512)
        for span in second {
            #expect(Set(span.attributes.map(\.key)) == ["openinference.span.kind", "second.index"])
            #expect(span.attributes.first { $0.key == "openinference.span.kind" }?.value == .string("CHAIN"))
            #expect(span.kind == 1, "internal, not the first wave's client")
            #expect(span.traceState.isEmpty && span.parentSpanID.isEmpty && span.traceID != first.traceID)
            #expect(span.events.isEmpty && span.links.isEmpty && span.droppedAttributesCount == 0)
            #expect(span.status.code == 0 && span.status.message.isEmpty)
            #expect((UInt64(span.endTimeUnixNano) ?? 0) >= (UInt64(span.startTimeUnixNano) ?? .max))
            #expect((UInt64(span.startTimeUnixNano) ?? 0) >= (UInt64(first.endTimeUnixNano) ?? .max))
        }
        let indices = second.compactMap { span -> String? in
            guard case .int(let index)? = span.attributes.first(where: { $0.key == "second.index" })?.value else { return nil }
            return index
        }
        #expect(Set(indices) == Set((0..<512).map(String.init)))
    }

    /// Another exporter receives the records themselves: the storages are reused without their
    /// attribute arrays, and the records it holds are never touched again.
    @Test func withAnotherExporterTheReusedSpansAndTheRecordsHandedOverStayApart() async {
        let exporter = ScriptedExporter()
        let processor = BatchSpanProcessor(exporter: exporter, options: Self.options)
        let tracer = Tracer(configuration: TracerConfiguration(), processor: processor)
        let kept = await exportFullSpans(tracer, processor)
        let reused = startBareSpans(tracer, reusing: kept)
        #expect(reused >= 500, "all but the first spans reuse a storage: \(reused)")
        await processor.shutdown()

        let records = exporter.exportedBatches.flatMap { $0 }
        let first = records.filter { $0.name == "first" }
        #expect(first.count == 512)
        #expect(first.allSatisfy { $0.attributes.dictionary.count == 12 && $0.events.count == 2 && $0.signals.count == 1 && $0.sessionID == "session-1" })
        let second = records.filter { $0.name == "second" }
        #expect(second.count == 512)
        for record in second {
            #expect(record.attributes.dictionary.keys.sorted() == ["second.index"])
            #expect(record.kind == .chain && record.otelKind == .internal && record.status == .unset && record.error == nil)
            #expect(record.events.isEmpty && record.links.isEmpty && record.signals.isEmpty)
            #expect(record.sessionID == nil && record.sessionName == nil && record.userID == nil && record.tags.isEmpty)
            #expect(record.parentID == nil && !record.hasRemoteParent && record.context.traceStateBox == nil)
            #expect(record.droppedAttributesCount == 0 && record.ignoredWritesCount == 0)
        }
    }

    @Test func theKeptStoragesGoWhenAFlushFindsNothingToExport() async {
        let exporter = ScriptedExporter()
        let processor = BatchSpanProcessor(exporter: exporter, options: Self.options)
        let tracer = Tracer(configuration: TracerConfiguration(), processor: processor)
        for _ in 0..<512 { tracer.withSpan("work") { $0.setAttribute("k", 1) } }
        await waitUntilExported(processor)
        #expect(!spares(of: processor).isEmpty)
        _ = await processor.flush(deadline: .now + .seconds(30))
        #expect(await eventually { spares(of: processor).isEmpty })
        let exported = exporter.exportedBatches.flatMap { $0 }
        #expect(exported.count == 512 && exported.allSatisfy { $0.attributes["k"] == .int(1) })
        await processor.shutdown()
    }
}
