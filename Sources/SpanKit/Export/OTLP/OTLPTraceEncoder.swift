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
/// writing, so a request is built in one exactly sized allocation.
@_spi(Benchmarks) public struct OTLPTraceEncoder: Sendable {
    /// The content type OTLP/HTTP receivers expect for these bytes. Phoenix compares it
    /// verbatim, so it carries no parameters.
    public static let contentType = "application/x-protobuf"

    /// The service that produced the spans, sent once per request.
    let resource: Resource
    /// The library that recorded the spans.
    let scope: InstrumentationScope

    /// Creates an encoder for spans from `resource`, recorded by `scope`.
    init(resource: Resource, scope: InstrumentationScope = .spanKit) {
        self.resource = resource
        self.scope = scope
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
        let frames = try encodeFrames(spans)
        return try request(frames, spans: 0..<frames.count)
    }

    /// Each span's `ScopeSpans.spans` field, encoded once, back to back; ``request(_:spans:)``
    /// wraps any run of them in the resource and scope envelope without encoding a span again.
    func encodeFrames(_ spans: [SpanRecord]) throws(OTLPEncodingError) -> SpanFrames {
        guard !spans.isEmpty else { return SpanFrames(bytes: [], boundaries: [0]) }
        let outcome = spans.withUnsafeBufferPointer { records in
            withUnsafeTemporaryAllocation(of: SpanPlan.self, capacity: records.count) { plans in
                encodeFrames(records, plans: plans)
            }
        }
        return try outcome.get()
    }

    /// The request body holding the frames in `range`: only the envelope is written here.
    func request(_ frames: SpanFrames, spans range: Range<Int>) throws(OTLPEncodingError) -> [UInt8] {
        typealias Writer = ProtobufWriter
        let resourceSize = Writer.attributeFieldsSize(OTLPSchema.Resource.attributes, resource.attributes)
        let scopeSize = Writer.stringFieldSize(OTLPSchema.Scope.name, scope.name)
            &+ Writer.stringFieldSize(OTLPSchema.Scope.version, scope.version)
        let spanBytes = frames.bytes[frames.boundaries[range.lowerBound]..<frames.boundaries[range.upperBound]]
        let scopeSpansSize = Writer.lengthDelimitedFieldSize(OTLPSchema.ScopeSpans.scope, length: scopeSize) &+ spanBytes.count
        let resourceSpansSize = Writer.lengthDelimitedFieldSize(OTLPSchema.ResourceSpans.resource, length: resourceSize)
            &+ Writer.lengthDelimitedFieldSize(OTLPSchema.ResourceSpans.scopeSpans, length: scopeSpansSize)
        let requestSize = Writer.lengthDelimitedFieldSize(OTLPSchema.Request.resourceSpans, length: resourceSpansSize)
        // A negative size can only be a sum that wrapped around where Int has 32 bits.
        guard (0...Int(Int32.max)).contains(requestSize) else {
            throw .requestTooLarge(byteCount: requestSize < 0 ? Int.max : requestSize)
        }
        var written = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: requestSize) { buffer, initializedCount in
            var writer = ProtobufWriter(buffer)
            writer.writeLengthDelimitedHeader(OTLPSchema.Request.resourceSpans, length: resourceSpansSize)
            writer.writeLengthDelimitedHeader(OTLPSchema.ResourceSpans.resource, length: resourceSize)
            writer.writeAttributeFields(OTLPSchema.Resource.attributes, resource.attributes)
            writer.writeLengthDelimitedHeader(OTLPSchema.ResourceSpans.scopeSpans, length: scopeSpansSize)
            writer.writeLengthDelimitedHeader(OTLPSchema.ScopeSpans.scope, length: scopeSize)
            writer.writeStringField(OTLPSchema.Scope.name, scope.name)
            writer.writeStringField(OTLPSchema.Scope.version, scope.version)
            writer.writeBytes(spanBytes)
            written = writer.count &+ writer.skippedCount
            initializedCount = writer.count
        }
        guard written == requestSize else { throw .sizeMismatch(expected: requestSize, written: written) }
        return bytes
    }

    /// What the sizing pass learns about a span and the writing pass reuses.
    private struct SpanPlan {
        var size: Int
        var derived: DerivedAttributes
    }

    /// Sizes every span, then writes the frames into one exactly sized array.
    private func encodeFrames(
        _ spans: UnsafeBufferPointer<SpanRecord>, plans: UnsafeMutableBufferPointer<SpanPlan>
    ) -> Result<SpanFrames, OTLPEncodingError> {
        typealias Writer = ProtobufWriter
        var boundaries: [Int] = []
        boundaries.reserveCapacity(spans.count + 1)
        boundaries.append(0)
        var total = 0
        // Records go by pointer and are read field by field (see ProtobufWriter+OTLPSpan.swift).
        defer { _ = plans.prefix(spans.count).deinitialize() }
        for position in spans.indices {
            let record = spans.baseAddress.unsafelyUnwrapped + position
            let derived = DerivedAttributes(
                kind: record.pointee.kind, sessionID: record.pointee.sessionID, userID: record.pointee.userID,
                tags: record.pointee.tags, signals: record.pointee.signals, recorded: record.pointee.attributes)
            let size = Writer.spanSize(record, derived: derived)
            plans.initializeElement(at: position, to: SpanPlan(size: size, derived: derived))
            total &+= Writer.lengthDelimitedFieldSize(OTLPSchema.ScopeSpans.spans, length: size)
            boundaries.append(total)
        }
        guard (0...Int(Int32.max)).contains(total) else {
            return .failure(.requestTooLarge(byteCount: total < 0 ? Int.max : total))
        }
        var written = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: total) { buffer, initializedCount in
            var writer = ProtobufWriter(buffer)
            for position in spans.indices {
                writer.writeLengthDelimitedHeader(OTLPSchema.ScopeSpans.spans, length: plans[position].size)
                writer.writeSpan(spans.baseAddress.unsafelyUnwrapped + position, derived: plans[position].derived)
            }
            written = writer.count &+ writer.skippedCount
            initializedCount = writer.count
        }
        guard written == total else {
            return .failure(.sizeMismatch(expected: total, written: written))
        }
        return .success(SpanFrames(bytes: bytes, boundaries: boundaries))
    }
}

/// Spans encoded once, back to back, with where each one starts: a subset is re-framed (and
/// re-compressed) without encoding a span again.
struct SpanFrames: Sendable {
    /// Every frame, in span order.
    var bytes: [UInt8]
    /// Frame `i` is `bytes[boundaries[i]..<boundaries[i + 1]]`; one more entry than spans.
    var boundaries: [Int]

    /// The number of spans.
    var count: Int { boundaries.count - 1 }
}
