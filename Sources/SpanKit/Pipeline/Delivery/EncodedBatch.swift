import Foundation

/// A batch encoded once, as the delivery owner receives it from an exporter.
///
/// The spans were encoded into frames when the batch was built; ``frame`` only wraps a run of
/// them in the format's envelope (and compresses), so a batch cut to the request size cap, or
/// split after `413 Payload Too Large`, is re-framed, never re-encoded.
struct EncodedBatch: Sendable {
    /// The number of spans.
    let spanCount: Int
    /// Builds the spans request for the spans in `range`.
    private let makeFrame: @Sendable (Range<Int>) throws(ExportError) -> UploadRequest
    /// Requests sent once spans of the batch were accepted (signals, annotations).
    let followUps: [UploadRequest]
    /// The span names, for diagnostics about a single span.
    let names: [String]
    /// The uncompressed bytes the frames of spans `0..<i` add to a request; `spanCount + 1`
    /// entries.
    let frameEnds: [Int]
    /// At most the uncompressed bytes a request adds around its frames.
    let envelopeBytes: Int
    /// Whether request bodies are compressed (gzip), so a cut leaves room for its worst case.
    let isCompressed: Bool
    /// The first request, framed ahead of time (see ``framingFirstRequest(maxBytes:)``).
    private var first: (range: Range<Int>, request: Result<UploadRequest, ExportError>)?

    init(
        spanCount: Int, frame: @escaping @Sendable (Range<Int>) throws(ExportError) -> UploadRequest, followUps: [UploadRequest],
        names: [String], frameEnds: [Int], envelopeBytes: Int, isCompressed: Bool
    ) {
        self.spanCount = spanCount
        self.makeFrame = frame
        self.followUps = followUps
        self.names = names
        self.frameEnds = frameEnds
        self.envelopeBytes = envelopeBytes
        self.isCompressed = isCompressed
    }

    /// The bytes of the batch's frames (the whole encoded request).
    var frameByteCount: Int { frameEnds[spanCount] + envelopeBytes }

    /// The spans request for the spans in `range`.
    func frame(_ range: Range<Int>) throws(ExportError) -> UploadRequest {
        if let first, first.range == range { return try first.request.get() }
        return try makeFrame(range)
    }

    /// The batch with its first request framed (compressed) now, so the worker can do it while
    /// the previous batch is on the wire rather than after.
    func framingFirstRequest(maxBytes: Int) -> EncodedBatch {
        guard let range = requestRanges(maxBytes: maxBytes).first else { return self }
        var batch = self
        batch.first = (range, Result { () throws(ExportError) in try makeFrame(range) })
        return batch
    }

    /// The runs of spans, in order, that each make a request body of at most `maxBytes` on the
    /// wire: cut greedily at frame boundaries, so no span is encoded again. A span that alone
    /// makes a larger body is a run of its own (sent alone; a server that refuses it answers
    /// `413`, which fails that span alone, reported).
    ///
    /// A compressed body is cut on its uncompressed size less gzip's worst-case growth (zlib's
    /// `deflateBound` for the default window and memory level: stored blocks for data that
    /// does not compress, plus the gzip header and trailer), so the cap holds on the wire
    /// bytes even for data that does not compress.
    func requestRanges(maxBytes: Int) -> [Range<Int>] {
        let limit = isCompressed ? maxBytes - Self.gzipGrowth(maxBytes) : maxBytes
        guard spanCount > 0 else { return [] }
        var ranges: [Range<Int>] = []
        var start = 0
        for end in 1...spanCount where envelopeBytes + frameEnds[end] - frameEnds[start] > limit && end - 1 > start {
            // The spans before `end - 1` fit; the span `end - 1` starts the next request.
            ranges.append(start..<(end - 1))
            start = end - 1
        }
        ranges.append(start..<spanCount)
        return ranges
    }

    /// At most how much gzip (zlib at any level, default window and memory level) adds to
    /// `bytes` of input: `deflateBound` without its `- 6` slack, plus the 18-byte gzip wrapper.
    /// It grows with the input, so the growth of the cap bounds that of any smaller body.
    static func gzipGrowth(_ bytes: Int) -> Int {
        (bytes >> 12) + (bytes >> 14) + (bytes >> 25) + 13 + 18
    }
}

/// What happened to a batch handed to the pipeline, in spans; the processors add these to
/// their ``PipelineStatistics``, the one place that counts.
struct DeliveryOutcome: Sendable, Equatable {
    var exported = 0
    var spooled = 0
    var failed = 0
    /// Spans dropped unsent: a batch processor's batch settled at a shutdown deadline without
    /// a spool.
    var dropped = 0
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
