/// How a processor hands a batch to its exporter, the same way for every processor: a
/// built-in HTTP exporter's batch is encoded once and given to its ``Delivery`` with the
/// export's deadline; any other exporter's `export` is called and cancelled at the deadline.
struct ExportDriver: Sendable {
    let exporter: any SpanExporter
    let clock: any PipelineClock
    let sink: DiagnosticSink

    /// A driver for `exporter`; a built-in exporter without a handler of its own reports
    /// through `sink` from now on.
    init(exporter: any SpanExporter, clock: any PipelineClock, sink: DiagnosticSink) {
        self.exporter = exporter
        self.clock = clock
        self.sink = sink
        (exporter as? any DeliveringExporter)?.delivery.sink.adopt(sink)
    }

    /// Exports a batch before `deadline` and says what happened to its spans; `isFinal` when
    /// the processor is shutting down (see ``Delivery/deliver(_:deadline:isFinal:)``).
    func export(_ records: [SpanRecord], deadline: ContinuousClock.Instant, isFinal: Bool = false) async -> DeliveryOutcome {
        await export(prepare(records), deadline: deadline, isFinal: isFinal)
    }

    /// Whether ``prepare(_:)`` encodes a batch (a built-in exporter), so that its records are
    /// gone when it returns; another exporter receives the records themselves.
    var encodesBatches: Bool { exporter is any DeliveringExporter }

    /// A batch ready to export: a built-in exporter's batch is encoded now, so the batch
    /// processor's worker can do this while the previous batch is still on the wire; any other
    /// exporter's batch stays records.
    func prepare(_ records: [SpanRecord]) -> PreparedExport {
        guard let delivering = exporter as? any DeliveringExporter else { return .records(records) }
        return .delivery(delivering.prepare(records))
    }

    /// The batch with its first request framed and compressed now (see
    /// ``EncodedBatch/framingFirstRequest(maxBytes:)``); other batches as they are.
    func framingFirstRequest(_ prepared: PreparedExport) -> PreparedExport {
        guard case .delivery(.encoded(let batch)) = prepared, let delivering = exporter as? any DeliveringExporter else { return prepared }
        return .delivery(.encoded(batch.framingFirstRequest(maxBytes: delivering.delivery.maxRequestBytes)))
    }

    /// The bytes of a built-in exporter's encoded batch, before any request is framed from
    /// it; nil for another exporter's records, which only the spans' estimate sizes.
    func encodedBytes(_ prepared: PreparedExport) -> Int? {
        guard case .delivery(.encoded(let batch)) = prepared else { return nil }
        return batch.frameByteCount
    }

    /// Exports a prepared batch before `deadline` and says what happened to its spans.
    func export(_ prepared: PreparedExport, deadline: ContinuousClock.Instant, isFinal: Bool = false) async -> DeliveryOutcome {
        let records: [SpanRecord]
        switch prepared {
        case .delivery(.encoded(let batch)):
            return await (exporter as? any DeliveringExporter)?.delivery.deliver(batch, deadline: deadline, isFinal: isFinal) ?? DeliveryOutcome()
        case .delivery(.failed(let outcome)):
            return outcome
        case .records(let batch):
            records = batch
        }
        let exporter = self.exporter, clock = self.clock
        let task = Task { () -> (any Error)? in
            do {
                try await exporter.export(records)
                return nil
            } catch {
                return error
            }
        }
        let timer = Task {
            guard (try? await clock.sleep(until: deadline)) != nil else { return }
            task.cancel()
        }
        // A user exporter may still deliver what it holds when cancelled, so its answer is
        // awaited rather than guessed.
        let result = await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
        timer.cancel()
        guard let error = result else { return DeliveryOutcome(exported: records.count) }
        let exportError = error as? ExportError ?? ExportError(.exporter, String(describing: error))
        sink.report(.exportFailed, "\(Wording.count(records.count, "span")) not delivered: \(exportError)")
        return DeliveryOutcome(failed: records.count, error: exportError)
    }

    /// Encodes the spans once and stores them in the exporter's spool; false when it has none.
    func store(_ records: [SpanRecord]) -> Bool {
        (exporter as? any DeliveringExporter)?.store(records) ?? false
    }

    /// Stores a prepared batch that will not be sent in the spool; false when it cannot be.
    func store(_ prepared: PreparedExport) -> Bool {
        switch prepared {
        case .delivery(.encoded(let batch)): (exporter as? any DeliveringExporter)?.delivery.store(batch) ?? false
        case .delivery(.failed): false
        case .records(let records): store(records)
        }
    }

    /// Whether the exporter has a place for signals without a span.
    var carriesSignalsWithoutSpans: Bool {
        (exporter as? any DeliveringExporter)?.carriesSignalsWithoutSpans ?? false
    }

    /// Sends signals without a span before `deadline`; what may pass later is spooled, the
    /// rest reported.
    func sendSignals(_ signals: [AddressedSignal], deadline: ContinuousClock.Instant, isFinal: Bool) async {
        guard let delivering = exporter as? any DeliveringExporter else { return }
        await delivering.delivery.sendSignals(delivering.signalRequests(signals), deadline: deadline, isFinal: isFinal)
    }

    /// Stores signals that will not be sent in the spool; false when it cannot.
    func storeSignals(_ signals: [AddressedSignal]) -> Bool {
        guard let delivering = exporter as? any DeliveringExporter, let spool = delivering.delivery.spool else { return false }
        return spool.store(delivering.signalRequests(signals))
    }

    /// Whether the exporter has a spool that ``store(_:)`` can write to.
    var canSpool: Bool {
        (exporter as? any DeliveringExporter)?.delivery.spool != nil
    }

    /// Replays a round of spooled batches, one attempt per file, while `shouldContinue`.
    func replaySpool(deadline: ContinuousClock.Instant, shouldContinue: () -> Bool) async -> Delivery.SpoolReplay {
        await (exporter as? any DeliveringExporter)?.delivery.replay(deadline: deadline, shouldContinue: shouldContinue) ?? Delivery.SpoolReplay()
    }

    /// Lets a buffering exporter deliver what it holds. The HTTP exporters have nothing to do
    /// here: their spooled batches are replayed after a successful export, never with a
    /// second retry budget.
    func flush() async {
        await (exporter as? any BufferingExporter)?.flush()
    }

    /// Shuts the exporter down after the last export; a built-in HTTP exporter's idle
    /// keep-alive connections are closed, so a tracer the app keeps after its shutdown holds
    /// no sockets (a later signal or export would open new ones).
    func shutDownExporter() async {
        await exporter.shutdown()
        (exporter as? any DeliveringExporter)?.delivery.transport.closeIdleConnections()
    }
}

/// A batch the driver made ready to export (see ``ExportDriver/prepare(_:)``).
enum PreparedExport: Sendable {
    /// A built-in exporter's batch, encoded once.
    case delivery(PreparedDelivery)
    /// Any other exporter's batch.
    case records([SpanRecord])

    /// Spans in the batch.
    var spanCount: Int {
        switch self {
        case .delivery(.encoded(let batch)): batch.spanCount
        case .delivery(.failed(let outcome)): outcome.failed
        case .records(let records): records.count
        }
    }
}
