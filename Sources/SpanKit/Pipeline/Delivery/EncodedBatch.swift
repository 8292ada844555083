import Foundation

/// A batch encoded once, as the delivery owner receives it from an exporter.
///
/// The spans were encoded into frames when the batch was built; ``frame`` only wraps a run of
/// them in the format's envelope (and compresses), so a batch split after `413 Payload Too
/// Large` is re-framed, never re-encoded.
struct EncodedBatch: Sendable {
    /// The number of spans.
    let spanCount: Int
    /// Builds the spans request for the spans in `range`.
    private let makeFrame: @Sendable (Range<Int>) throws(ExportError) -> UploadRequest
    /// Requests sent once spans of the batch were accepted (signals, annotations).
    let followUps: [UploadRequest]
    /// The span names, for diagnostics about a single span.
    let names: [String]
    /// The request for every span, framed ahead of time (see ``framingWhole()``).
    private var whole: Result<UploadRequest, ExportError>?

    init(
        spanCount: Int, frame: @escaping @Sendable (Range<Int>) throws(ExportError) -> UploadRequest, followUps: [UploadRequest],
        names: [String]
    ) {
        self.spanCount = spanCount
        self.makeFrame = frame
        self.followUps = followUps
        self.names = names
    }

    /// The spans request for the spans in `range`.
    func frame(_ range: Range<Int>) throws(ExportError) -> UploadRequest {
        if let whole, range == 0..<spanCount { return try whole.get() }
        return try makeFrame(range)
    }

    /// The batch with its whole request framed (compressed) now, so the worker can do it while
    /// the previous batch is on the wire rather than after.
    func framingWhole() -> EncodedBatch {
        var batch = self
        batch.whole = Result { () throws(ExportError) in try makeFrame(0..<spanCount) }
        return batch
    }
}

/// What happened to a batch handed to the pipeline, in spans; the processors add these to
/// their ``PipelineStatistics``, the one place that counts.
struct DeliveryOutcome: Sendable, Equatable {
    var exported = 0
    var spooled = 0
    var failed = 0
    /// Span deliveries retried.
    var retried = 0
    /// Spans of earlier spooled batches delivered after this one.
    var recovered = 0
    /// The replay after this batch stopped at its file limit: more spooled batches may wait.
    var spoolMayHoldMore = false
    /// Why spans were spooled or lost, when some were.
    var error: ExportError?

    /// Throws unless every span was delivered: the outcome of ``SpanExporter/export(_:)``.
    func check() throws(ExportError) {
        guard spooled + failed > 0 else { return }
        let error = self.error ?? ExportError(.transport, "export failed")
        guard spooled > 0 else { throw error }
        throw ExportError(error.kind, error.message + "; \(Wording.count(spooled, "span")) stored in the spool for a later attempt")
    }
}
