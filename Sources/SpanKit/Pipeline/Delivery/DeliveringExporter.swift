/// A built-in exporter that only encodes: the processors recognise it and hand its encoded
/// batches to its ``Delivery`` with the export's deadline, so it gets the pipeline's retries,
/// spool and diagnostics wherever it is used (including `Destination.exporters([...])`).
protocol DeliveringExporter: SpanExporter {
    /// The delivery owner built from the exporter's settings.
    var delivery: Delivery { get }
    /// Encodes the batch once.
    func encodeBatch(_ records: [SpanRecord]) throws(ExportError) -> EncodedBatch
    /// The requests that carry signals to the backend (sent after the spans they describe).
    func signalRequests(_ signals: [AddressedSignal]) -> [UploadRequest]
    /// Whether the backend has a place for signals sent without a span
    /// (``sendSignal(_:_:type:target:id:)``): Phoenix's annotations, the JSON collector's
    /// `/signals/bulk`.
    var carriesSignalsWithoutSpans: Bool { get }
}

extension DeliveringExporter {
    /// Encodes the batch once and delivers it before `deadline` (`isFinal` at shutdown: see
    /// ``Delivery/deliver(_:deadline:isFinal:)``).
    func deliver(_ records: [SpanRecord], deadline: ContinuousClock.Instant, isFinal: Bool = false) async -> DeliveryOutcome {
        switch prepare(records) {
        case .encoded(let batch): await delivery.deliver(batch, deadline: deadline, isFinal: isFinal)
        case .failed(let outcome): outcome
        }
    }

    /// Encodes the batch once; an encoding failure is reported and fails every span.
    func prepare(_ records: [SpanRecord]) -> PreparedDelivery {
        guard !records.isEmpty else { return .failed(DeliveryOutcome()) }
        do {
            let batch = try encodeBatch(records)
            return .encoded(batch)
        } catch {
            delivery.sink.report(.exportFailed, "\(Wording.count(records.count, "span")) not delivered: \(error)")
            return .failed(DeliveryOutcome(failed: records.count, error: error))
        }
    }

    /// Encodes the batch once and stores it in the spool; false without one.
    func store(_ records: [SpanRecord]) -> Bool {
        guard let batch = try? encodeBatch(records) else { return false }
        return delivery.store(batch)
    }

    /// The default deadline of an export called directly, outside a processor.
    static var directExportTimeout: Duration { .seconds(30) }
}

/// A batch made ready for a ``Delivery``: encoded, or already failed.
enum PreparedDelivery: Sendable {
    case encoded(EncodedBatch)
    case failed(DeliveryOutcome)
}
