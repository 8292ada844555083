/// Encodes finished spans as an OTLP/HTTP protobuf request body: an
/// `opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest` with one `ResourceSpans`
/// (the resource) holding one `ScopeSpans` (the instrumentation scope) with every span.
///
/// ```swift
/// let encoder = OTLPTraceEncoder(resource: .detect(environment: environment))
/// var request = URLRequest(url: endpoint)
/// request.setValue(OTLPTraceEncoder.contentType, forHTTPHeaderField: "Content-Type")
/// request.setValue("gzip", forHTTPHeaderField: "Content-Encoding")
/// request.httpBody = Data(try Gzip.compress(try encoder.encode(spans)))
/// ```
///
/// Span attributes are the record's ``SpanRecord/exportAttributes``, so the OpenInference kind,
/// session, user, tags and signals travel with the recorded attributes. The encoder is
/// hand-written (no generated code, no dependencies) and computes every message size before
/// writing, so a request is built in one exactly sized allocation (beside one scratch buffer per
/// batch for the derived `input.value` / `output.value` JSON).
@_spi(Benchmarks) public struct OTLPTraceEncoder: Sendable {
    /// The content type OTLP/HTTP receivers expect for these bytes. Phoenix compares it
    /// verbatim, so it carries no parameters.
    public static let contentType = "application/x-protobuf"

    /// The service that produced the spans, sent once per request.
    let resource: Resource
    /// The library that recorded the spans.
    let scope: InstrumentationScope
    /// Whether spans also carry the OpenTelemetry GenAI attributes (see ``GenAIAttributes``).
    let emitsGenAI: Bool
    /// Whether the OpenInference attributes derived from a span's fields (kind, session, user,
    /// tags, signals) are added; off only where a test sends GenAI attributes alone.
    let emitsOpenInference: Bool

    /// Creates an encoder for spans from `resource`, recorded by `scope`.
    init(resource: Resource, scope: InstrumentationScope = .spanKit, emitsGenAI: Bool = false, emitsOpenInference: Bool = true) {
        self.resource = resource
        self.scope = scope
        self.emitsGenAI = emitsGenAI
        self.emitsOpenInference = emitsOpenInference
    }

    /// Creates an encoder for spans of the service `serviceName`, recorded by SpanKit.
    public init(serviceName: String) {
        self.init(resource: Resource(attributes: Attributes(["service.name": .string(serviceName)])))
    }

    /// The request body for `spans`, in their order. An empty batch encodes as an empty
    /// request (zero bytes), as the OpenTelemetry SDKs do.
    ///
    /// - Throws: ``OTLPEncodingError/requestTooLarge(byteCount:)`` when the request would exceed
    ///   protobuf's 2 GiB limit.
    public func encode(_ spans: [SpanRecord]) throws(OTLPEncodingError) -> [UInt8] {
        guard !spans.isEmpty else { return [] }
        return try encodeFrames(spans).bytes
    }

    /// The request for every span, written once, with where each span's `ScopeSpans.spans` field
    /// lies in it: the common case sends these bytes as they are, and ``request(_:spans:)`` wraps
    /// any other run of frames in a new envelope without encoding a span again.
    func encodeFrames(_ spans: [SpanRecord]) throws(OTLPEncodingError) -> SpanFrames {
        guard !spans.isEmpty else { return SpanFrames(bytes: [], boundaries: [0]) }
        let outcome = spans.withUnsafeBufferPointer { records in
            withUnsafeTemporaryAllocation(of: SpanPlan.self, capacity: records.count) { plans in
                encodeFrames(records, plans: plans)
            }
        }
        return try outcome.get()
    }

    /// The request body holding the frames in `range`: the whole batch is the encoded request
    /// itself; for a part of it (after a `413`) only a new envelope is written around the frames.
    func request(_ frames: SpanFrames, spans range: Range<Int>) throws(OTLPEncodingError) -> [UInt8] {
        if range == 0..<frames.count { return frames.bytes }
        return try request(wrapping: frames.bytes[frames.spanRange(range)])
    }

    /// A request whose `ScopeSpans` holds `spanBytes`, already encoded `spans` fields.
    private func request(wrapping spanBytes: ArraySlice<UInt8>) throws(OTLPEncodingError) -> [UInt8] {
        let envelope = Envelope(resource: resource, scope: scope, spanBytes: spanBytes.count)
        // A negative size can only be a sum that wrapped around where Int has 32 bits.
        guard (0...Int(Int32.max)).contains(envelope.requestSize) else {
            throw .requestTooLarge(byteCount: envelope.requestSize < 0 ? Int.max : envelope.requestSize)
        }
        var written = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: envelope.requestSize) { buffer, initializedCount in
            var writer = ProtobufWriter(buffer)
            envelope.writeHeaders(into: &writer)
            writer.writeBytes(spanBytes)
            written = writer.count &+ writer.skippedCount
            initializedCount = writer.count
        }
        guard written == envelope.requestSize else { throw .sizeMismatch(expected: envelope.requestSize, written: written) }
        return bytes
    }

    /// What the sizing pass learns about a span and the writing pass reuses.
    private struct SpanPlan {
        var size: Int
        var derived: DerivedAttributes
    }

    /// Sizes every span, then writes the whole request into one exactly sized array, noting
    /// where each span's frame starts.
    private func encodeFrames(
        _ spans: UnsafeBufferPointer<SpanRecord>, plans: UnsafeMutableBufferPointer<SpanPlan>
    ) -> Result<SpanFrames, OTLPEncodingError> {
        typealias Writer = ProtobufWriter
        var boundaries: [Int] = []
        boundaries.reserveCapacity(spans.count + 1)
        boundaries.append(0)
        var total = 0
        // Every span's derived JSON goes into this one buffer, written in the sizing pass and
        // copied from it in the writing pass: one growing allocation per batch, none per span.
        var scratch = DerivedIOAttributes.Scratch(capacity: 4096)
        // Records go by pointer and are read field by field (see ProtobufWriter+OTLPSpan.swift).
        defer { _ = plans.prefix(spans.count).deinitialize() }
        for position in spans.indices {
            let record = spans.baseAddress.unsafelyUnwrapped + position
            let derived = DerivedAttributes(
                kind: record.pointee.kind, sessionID: record.pointee.sessionID, userID: record.pointee.userID,
                tags: record.pointee.tags, signals: record.pointee.signals, recorded: record.pointee.attributes,
                emitsGenAI: emitsGenAI, emitsOpenInference: emitsOpenInference, scratch: &scratch)
            let size = scratch.json.bytes.withUnsafeBufferPointer { Writer.spanSize(record, derived: derived, json: $0) }
            plans.initializeElement(at: position, to: SpanPlan(size: size, derived: derived))
            total &+= Writer.lengthDelimitedFieldSize(OTLPSchema.ScopeSpans.spans, length: size)
            boundaries.append(total)
        }
        guard (0...Int(Int32.max)).contains(total) else {
            return .failure(.requestTooLarge(byteCount: total < 0 ? Int.max : total))
        }
        let envelope = Envelope(resource: resource, scope: scope, spanBytes: total)
        guard (0...Int(Int32.max)).contains(envelope.requestSize) else {
            return .failure(.requestTooLarge(byteCount: envelope.requestSize < 0 ? Int.max : envelope.requestSize))
        }
        var written = 0
        var spanStart = 0
        let bytes = scratch.json.bytes.withUnsafeBufferPointer { json in
            [UInt8](unsafeUninitializedCapacity: envelope.requestSize) { buffer, initializedCount in
                var writer = ProtobufWriter(buffer)
                envelope.writeHeaders(into: &writer)
                spanStart = writer.count &+ writer.skippedCount
                for position in spans.indices {
                    writer.writeLengthDelimitedHeader(OTLPSchema.ScopeSpans.spans, length: plans[position].size)
                    writer.writeSpan(spans.baseAddress.unsafelyUnwrapped + position, derived: plans[position].derived, json: json)
                }
                written = writer.count &+ writer.skippedCount
                initializedCount = writer.count
            }
        }
        guard written == envelope.requestSize else {
            return .failure(.sizeMismatch(expected: envelope.requestSize, written: written))
        }
        return .success(SpanFrames(bytes: bytes, spanStart: spanStart, boundaries: boundaries))
    }

    /// The resource and scope around a run of encoded spans, and the sizes that frame them.
    private struct Envelope {
        let resource: Resource
        let scope: InstrumentationScope
        let resourceSize: Int
        let scopeSize: Int
        let scopeSpansSize: Int
        let resourceSpansSize: Int
        let requestSize: Int

        init(resource: Resource, scope: InstrumentationScope, spanBytes: Int) {
            typealias Writer = ProtobufWriter
            self.resource = resource
            self.scope = scope
            resourceSize = Writer.attributeFieldsSize(OTLPSchema.Resource.attributes, resource.attributes)
            scopeSize = Writer.stringFieldSize(OTLPSchema.Scope.name, scope.name) &+ Writer.stringFieldSize(OTLPSchema.Scope.version, scope.version)
            scopeSpansSize = Writer.lengthDelimitedFieldSize(OTLPSchema.ScopeSpans.scope, length: scopeSize) &+ spanBytes
            resourceSpansSize = Writer.lengthDelimitedFieldSize(OTLPSchema.ResourceSpans.resource, length: resourceSize)
                &+ Writer.lengthDelimitedFieldSize(OTLPSchema.ResourceSpans.scopeSpans, length: scopeSpansSize)
            requestSize = Writer.lengthDelimitedFieldSize(OTLPSchema.Request.resourceSpans, length: resourceSpansSize)
        }

        /// Everything before the spans' fields.
        func writeHeaders(into writer: inout ProtobufWriter) {
            writer.writeLengthDelimitedHeader(OTLPSchema.Request.resourceSpans, length: resourceSpansSize)
            writer.writeLengthDelimitedHeader(OTLPSchema.ResourceSpans.resource, length: resourceSize)
            writer.writeAttributeFields(OTLPSchema.Resource.attributes, resource.attributes)
            writer.writeLengthDelimitedHeader(OTLPSchema.ResourceSpans.scopeSpans, length: scopeSpansSize)
            writer.writeLengthDelimitedHeader(OTLPSchema.ScopeSpans.scope, length: scopeSize)
            writer.writeStringField(OTLPSchema.Scope.name, scope.name)
            writer.writeStringField(OTLPSchema.Scope.version, scope.version)
        }
    }
}

/// Spans encoded once, back to back, with where each one starts: a subset is re-framed (and
/// re-compressed) without encoding a span again.
struct SpanFrames: Sendable {
    /// The encoded bytes: for OTLP the whole request, envelope included; for JSON the span
    /// objects alone.
    var bytes: [UInt8]
    /// Where the first frame starts in ``bytes``.
    var spanStart = 0
    /// Frame `i` is `bytes[spanStart + boundaries[i] ..< spanStart + boundaries[i + 1]]`; one
    /// more entry than spans.
    var boundaries: [Int]

    /// The number of spans.
    var count: Int { boundaries.count - 1 }

    /// Where the frames of the spans in `range` lie in ``bytes``.
    func spanRange(_ range: Range<Int>) -> Range<Int> {
        (spanStart + boundaries[range.lowerBound])..<(spanStart + boundaries[range.upperBound])
    }
}
