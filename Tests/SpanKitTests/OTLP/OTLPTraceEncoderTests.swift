import Foundation
@_spi(Benchmarks) @_spi(Integration) @testable import SpanKit
import TestSupport
import Testing

@Suite struct OTLPTraceEncoderTests {
    /// The seed of the random batch; `SPANKIT_OTLP_SEED` replays or explores others.
    static let seed: UInt64 = ProcessInfo.processInfo.environment["SPANKIT_OTLP_SEED"].flatMap { UInt64($0) } ?? 0x5EED_0071

    @Test(.enabled(if: PythonPeer.shouldRun))
    func randomSpansDecodeFieldForFieldWithTheOfficialProtobufDefinitions() async throws {
        var factory = RandomSpanFactory(seed: Self.seed)
        let records = factory.makeRecords(count: 1_000)
        try #require(records.count == 1_000)
        checkCoverage(of: records, factory: factory)

        let resource = Resource(attributes: Attributes([
            "service.name": "otlp-tests ✓", "service.version": "", "openinference.project.name": "spankit",
            "host.cpus": 2, "deployment.regions": .stringArray(["eu", "日本"]), "ratio": 0.25, "enabled": false,
        ]))
        let scope = InstrumentationScope(name: "spankit.tests", version: "1.2.3-β")
        let bytes = try OTLPTraceEncoder(resource: resource, scope: scope).encode(records)
        let decoded = try await DecodedRequest.decode(bytes)
        let expected = DecodedRequest(expecting: records, resource: resource, scope: scope)

        #expect(decoded.reserializesIdentically, "the bytes are not canonical protobuf (seed \(Self.seed))")
        try #require(decoded.resourceSpans.count == 1 && decoded.resourceSpans[0].scopeSpans.count == 1)
        let resourceSpans = decoded.resourceSpans[0], expectedResourceSpans = expected.resourceSpans[0]
        #expect(resourceSpans.hasResource && resourceSpans.resourceAttributes == expectedResourceSpans.resourceAttributes)
        let scopeSpans = resourceSpans.scopeSpans[0], expectedScopeSpans = expectedResourceSpans.scopeSpans[0]
        #expect(scopeSpans.hasScope && scopeSpans.scopeName == scope.name && scopeSpans.scopeVersion == scope.version)
        try #require(scopeSpans.spans.count == records.count)
        var mismatches = 0
        for (position, (span, expectedSpan)) in zip(scopeSpans.spans, expectedScopeSpans.spans).enumerated()
        where span != expectedSpan {
            mismatches += 1
            if mismatches <= 5 {
                Issue.record("span \(position) (seed \(Self.seed)) differs:\n\(span.differences(from: expectedSpan))")
            }
        }
        #expect(mismatches == 0)
        // Belt and braces: the whole structure, in case the per-span comparison missed a level
        // (compared outside #expect, which would print megabytes of operands).
        let isIdentical = decoded == expected
        #expect(isIdentical, "the decoded request differs from the expectation")
    }

    /// A `413` re-frames runs of spans encoded once: each half decodes with the official
    /// classes to exactly what encoding that half on its own gives, and the halves byte-match a
    /// fresh encoding of the same spans.
    @Test(.enabled(if: PythonPeer.shouldRun))
    func reframedHalvesDecodeWithTheOfficialProtobufDefinitions() async throws {
        var factory = RandomSpanFactory(seed: Self.seed &+ 1)
        let records = factory.makeRecords(count: 40)
        let resource = Resource(attributes: Attributes(["service.name": "reframing"]))
        let encoder = OTLPTraceEncoder(resource: resource)
        let frames = try encoder.encodeFrames(records)
        #expect(try encoder.request(frames, spans: 0..<records.count) == encoder.encode(records))
        for range in [0..<20, 20..<40, 5..<6, 39..<40] {
            let half = try encoder.request(frames, spans: range)
            #expect(half == (try encoder.encode(Array(records[range]))), "\(range)")
            let decoded = try await DecodedRequest.decode(half)
            let expected = DecodedRequest(expecting: Array(records[range]), resource: resource, scope: .spanKit)
            #expect(decoded.reserializesIdentically)
            let isIdentical = decoded == expected
            #expect(isIdentical, "the re-framed spans \(range) decode to what was recorded")
        }
    }

    /// Fails when the random batch stopped exercising something the encoder must handle.
    private func checkCoverage(of records: [SpanRecord], factory: RandomSpanFactory) {
        let attributes = records.flatMap { $0.exportAttributes.list.map(\.value) }
            + records.flatMap { $0.events.flatMap { $0.attributes.list.map(\.value) } }
        func has(_ predicate: (AttributeValue) -> Bool) -> Bool { attributes.contains(where: predicate) }
        #expect(has { if case .string("") = $0 { true } else { false } })
        #expect(has { if case .bool(false) = $0 { true } else { false } })
        #expect(has { if case .int(let value) = $0 { value < 0 } else { false } })
        #expect(has { if case .double(let value) = $0 { value.isNaN } else { false } })
        #expect(has { if case .stringArray(let values) = $0 { !values.isEmpty } else { false } })
        #expect(has { if case .boolArray(let values) = $0 { !values.isEmpty } else { false } })
        #expect(has { if case .intArray(let values) = $0 { !values.isEmpty } else { false } })
        #expect(has { if case .doubleArray(let values) = $0 { !values.isEmpty } else { false } })
        #expect(has { $0 == .stringArray([]) } && has { $0 == .doubleArray([]) })
        #expect(factory.megabyteStringCount == 4)
        #expect(records.contains { $0.endTimeUnixNanoseconds == nil })
        #expect(records.contains { $0.hasRemoteParent } && records.contains { $0.parentID != nil && !$0.hasRemoteParent })
        #expect(records.contains { $0.parentID == nil })
        #expect(records.contains { !$0.context.traceState.isEmpty })
        #expect(records.contains { $0.context.traceFlags != 1 } == false, "a recording span's own flags are 'sampled'")
        #expect(records.contains { $0.links.contains { $0.context.isRemote } })
        #expect(records.contains { $0.droppedAttributesCount > 0 } && records.contains { $0.truncatedValuesCount > 0 })
        #expect(records.contains { $0.droppedEventsCount > 0 } && records.contains { $0.droppedLinksCount > 0 })
        #expect(records.contains { $0.events.contains { $0.droppedAttributesCount > 0 } })
        #expect(records.contains { $0.links.contains { $0.droppedAttributesCount > 0 } })
        #expect(records.contains { $0.status == .ok } && records.contains { $0.status == .unset })
        #expect(records.contains { if case .error = $0.status { true } else { false } })
        #expect(records.contains { !$0.signals.isEmpty } && records.contains { !$0.tags.isEmpty })
        #expect(Set(records.map(\.otelKind)) == Set(OTelSpanKind.allCases))
        // The remote-parent flag the encoder relies on is what the span was started with.
        for record in records {
            #expect(record.hasRemoteParent == factory.startedUnderRemoteParent[record.spanID])
        }
    }

    /// One small span, byte for byte, checked by hand against the field table in
    /// `Schemas/otlp-trace-subset.md`. It exercises one-byte tags, the two-byte tag of
    /// `flags`, a two-byte length, fixed64 times, an int attribute and the derived kind.
    @Test func smallRequestMatchesHandEncodedBytes() throws {
        let clock = ManualClock(wall: 1_700_000_000_000_000_000, monotonic: 5)
        let test = TestTracer(clock: clock)
        let parent = SpanContext(
            traceID: try #require(UUID(otelTraceIDHex: "0102030405060708090a0b0c0d0e0f10")),
            spanID: UUID(otelSpanID: 0x1112_1314_1516_1718), traceFlags: 1, isRemote: true)
        let span = test.tracer.startSpan("hi", kind: .llm, otelKind: .client, parent: .context(parent))
        span.setAttribute("n", 1)
        clock.advance(byNanoseconds: 1_000)
        span.end()
        let record = try #require(span.record)
        let spanID = Array(record.spanID.otelSpanIDHex.utf8).chunked().map { UInt8($0, radix: 16)! }

        let resource = Resource(attributes: Attributes(["service.name": "svc"]))
        let bytes = try OTLPTraceEncoder(resource: resource, scope: InstrumentationScope(name: "s", version: "1"))
            .encode([record])

        let kindKey = Array("openinference.span.kind".utf8)
        var spanBytes: [UInt8] = [0x0A, 0x10] + Array(1...16)                     // 1 trace_id: 16 bytes
        spanBytes += [0x12, 0x08] + spanID                                           // 2 span_id: 8 bytes
        spanBytes += [0x22, 0x08, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18]    // 4 parent_span_id
        spanBytes += [0x2A, 0x02, 0x68, 0x69]                                        // 5 name "hi"
        spanBytes += [0x30, 0x03]                                                    // 6 kind CLIENT
        spanBytes += [0x39, 0x00, 0x00, 0x2A, 0x36, 0xFE, 0x9C, 0x97, 0x17]          // 7 start, fixed64 LE
        spanBytes += [0x41, 0xE8, 0x03, 0x2A, 0x36, 0xFE, 0x9C, 0x97, 0x17]          // 8 end = start + 1000
        spanBytes += [0x4A, 0x07, 0x0A, 0x01, 0x6E, 0x12, 0x02, 0x18, 0x01]          // 9 {key "n", int_value 1}
        spanBytes += [0x4A, 0x20, 0x0A, 0x17] + kindKey                              // 9 {key …, 32 bytes
            + [0x12, 0x05, 0x0A, 0x03, 0x4C, 0x4C, 0x4D]                             //    string_value "LLM"}
        spanBytes += [0x85, 0x01, 0x01, 0x03, 0x00, 0x00]                            // 16 flags: sampled, parent remote
        #expect(spanBytes.count == 111)

        var expected: [UInt8] = [0x0A, 0x94, 0x01]                                   // resource_spans, 148 bytes
        expected += [0x0A, 0x17, 0x0A, 0x15, 0x0A, 0x0C] + Array("service.name".utf8) // resource {attributes {key,
            + [0x12, 0x05, 0x0A, 0x03] + Array("svc".utf8)                           //   string_value "svc"}}
        expected += [0x12, 0x79]                                                     // scope_spans, 121 bytes
        expected += [0x0A, 0x06, 0x0A, 0x01, 0x73, 0x12, 0x01, 0x31]                 // scope {name "s", version "1"}
        expected += [0x12, 0x6F] + spanBytes                                         // spans, 111 bytes
        #expect(bytes == expected)
    }

    @Test func flagsCarryTheW3CFlagsAndWhetherTheParentIsRemote() throws {
        let test = TestTracer(clock: ManualClock())
        let remote = SpanContext(
            traceID: IDGenerator.makeUUID(), spanID: UUID(otelSpanID: 0xABCD), traceFlags: 0x81, isRemote: true)
        let root = test.tracer.startSpan("root", parent: .root)
        let local = test.tracer.startSpan("local", parent: .span(root))
        let fromRemote = test.tracer.startSpan("remote", parent: .context(remote))
        let handedOver = test.tracer.startSpan("handed-over", parent: .context(root.context))
        let encoder = OTLPTraceEncoder(resource: Resource())
        func flags(_ span: Span) throws -> [UInt8] {
            // Field 16 (fixed32) is the last field of the span, so the request's last 6 bytes.
            Array(try encoder.encode([try #require(span.record)]).suffix(6))
        }
        // Sampled (bit 0) and "is-remote known" (bit 8); bit 9 only under a remote parent. A
        // recording span's own flags are "sampled": the parent's other bits are not inherited.
        #expect(try flags(root) == [0x85, 0x01, 0x01, 0x01, 0x00, 0x00])
        #expect(try flags(local) == [0x85, 0x01, 0x01, 0x01, 0x00, 0x00])
        #expect(try flags(fromRemote) == [0x85, 0x01, 0x01, 0x03, 0x00, 0x00])
        #expect(try flags(handedOver) == [0x85, 0x01, 0x01, 0x01, 0x00, 0x00])
        #expect(fromRemote.record?.hasRemoteParent == true && handedOver.record?.hasRemoteParent == false)
    }

    @Test(.enabled(if: PythonPeer.shouldRun))
    func recordedKeysWinOverDerivedAttributesOnTheWire() async throws {
        let test = TestTracer(clock: ManualClock())
        let span = test.tracer.startSpan(
            "override", kind: .llm, sessionID: "from-field", userID: "user-field", tags: ["team": "a"],
            attributes: ["openinference.span.kind": "TOOL", "session.id": "from-attribute", "tag.tags": .stringArray(["x"])])
        span.addSignal("helpful", true)
        span.setAttribute("annotations.0.annotation.name", "recorded")
        span.end()
        let record = try #require(span.record)
        let bytes = try OTLPTraceEncoder(resource: Resource()).encode([record])
        let decoded = try await DecodedRequest.decode(bytes)
        let attributes = try #require(decoded.resourceSpans.first?.scopeSpans.first?.spans.first).attributes
        #expect(attributes == DecodedSpan(expecting: record).attributes)
        #expect(Set(attributes.map(\.key)).count == attributes.count, "a key appears twice")
        let values = Dictionary(uniqueKeysWithValues: attributes.map { ($0.key, $0.value) })
        #expect(values["openinference.span.kind"] == .string("TOOL"))
        #expect(values["session.id"] == .string("from-attribute") && values["user.id"] == .string("user-field"))
        #expect(values["tag.tags"] == .array([.string("x")]))
        #expect(values["annotations.0.annotation.name"] == .string("recorded"))
        #expect(values["annotations.0.annotation.label"] == .string("true"))
    }

    @Test func emptyBatchIsAnEmptyRequest() throws {
        let bytes = try OTLPTraceEncoder(resource: Resource(attributes: Attributes(["service.name": "svc"]))).encode([])
        #expect(bytes.isEmpty)
    }

    @Test(.enabled(if: PythonPeer.shouldRun))
    func emptyBatchDecodesAsARequestWithoutSpans() async throws {
        let decoded = try await DecodedRequest.decode(try OTLPTraceEncoder(resource: Resource()).encode([]))
        #expect(decoded.resourceSpans.isEmpty && decoded.reserializesIdentically)
    }

    @Test func defaultsNameSpanKitAsTheScopeAndTheProtobufContentType() {
        let encoder = OTLPTraceEncoder(resource: Resource())
        #expect(encoder.scope == .spanKit)
        #expect(OTLPTraceEncoder.contentType == "application/x-protobuf")
    }

    @Test func openSpanEndsAtItsStartAndUnsetStatusIsLeftOut() throws {
        let test = TestTracer(clock: ManualClock())
        let span = test.tracer.startSpan("open")
        let record = try #require(span.record)
        let bytes = try OTLPTraceEncoder(resource: Resource()).encode([record])
        let start = withUnsafeBytes(of: record.startTimeUnixNanoseconds.littleEndian, Array.init)
        // Both times are the start, each after its tag (7 and 8, fixed64).
        #expect(bytes.containsSubsequence([0x39] + start + [0x41] + start))
        // Nothing after the flags: no status field (tag 0x7A) before them.
        #expect(!bytes.containsSubsequence([0x7A, 0x00]))
        #expect(Array(bytes.suffix(6)) == [0x85, 0x01, 0x01, 0x01, 0x00, 0x00])
    }
}

extension Array where Element == UInt8 {
    /// Pairs of hex digits as strings.
    fileprivate func chunked() -> [String] {
        stride(from: 0, to: count, by: 2).map { String(decoding: self[$0..<Swift.min($0 + 2, count)], as: UTF8.self) }
    }

    fileprivate func containsSubsequence(_ needle: [UInt8]) -> Bool {
        guard needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { Array(self[$0..<($0 + needle.count)]) == needle }
    }
}
