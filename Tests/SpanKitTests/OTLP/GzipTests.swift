import Foundation
@_spi(Benchmarks) @testable import SpanKit
import TestSupport
import Testing

@Suite struct GzipTests {
    static let levels: [Gzip.Level] = [.default, .fastest, .smallest, Gzip.Level(0)!]

    static func samples() -> [[UInt8]] {
        var generator = SeededGenerator(seed: 42)
        let noise = (0..<300_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let text = Array(String(repeating: "llm.input_messages.0.message.content=Bonjour 👋 ", count: 5_000).utf8)
        return [[], [0], Array("hello".utf8), noise, text]
    }

    @Test(.enabled(if: PythonPeer.shouldRun), arguments: levels)
    func pythonGzipDecompressesToTheSameBytes(level: Gzip.Level) async throws {
        let script = "import gzip, sys; sys.stdout.buffer.write(gzip.decompress(sys.stdin.buffer.read()))"
        for sample in Self.samples() {
            let compressed = try Gzip.compress(sample, level: level)
            let decompressed = try await PythonPeer.run(script, input: Data(compressed))
            #expect(Array(decompressed) == sample, "sample of \(sample.count) bytes")
        }
    }

    @Test(.enabled(if: PythonPeer.shouldRun))
    func gzippedOTLPRequestDecodesInPython() async throws {
        var factory = RandomSpanFactory(seed: 7)
        let records = factory.makeRecords(count: 50)
        let bytes = try OTLPTraceEncoder(resource: Resource(attributes: Attributes(["service.name": "gz"]))).encode(records)
        let script = """
        import gzip, sys
        from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
        request = ExportTraceServiceRequest()
        request.ParseFromString(gzip.decompress(sys.stdin.buffer.read()))
        print(len(request.resource_spans[0].scope_spans[0].spans))
        """
        let output = try await PythonPeer.run(script, input: Data(try Gzip.compress(bytes)))
        #expect(String(decoding: output, as: UTF8.self) == "50\n")
    }

    @Test(arguments: levels)
    func outputIsAGzipMemberWithTheInputLengthInItsTrailer(level: Gzip.Level) throws {
        for sample in Self.samples() {
            let compressed = try Gzip.compress(sample, level: level)
            // ID1 ID2 (0x1f 0x8b), CM 8 = deflate.
            #expect(Array(compressed.prefix(3)) == [0x1F, 0x8B, 0x08])
            // ISIZE: the input length modulo 2^32, little-endian, in the last four bytes.
            let size = compressed.suffix(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
            #expect(size == UInt32(sample.count))
        }
    }

    @Test func repetitiveInputShrinksAndHigherLevelsAreNotLarger() throws {
        let text = Self.samples()[4]
        let fastest = try Gzip.compress(text, level: .fastest)
        let smallest = try Gzip.compress(text, level: .smallest)
        #expect(fastest.count < text.count / 20)
        #expect(smallest.count <= fastest.count)
        // Level 0 stores: the output is larger than the input, never smaller.
        #expect(try Gzip.compress(text, level: Gzip.Level(0)!).count > text.count)
    }

    @Test func levelsOutsideZeroToNineAreRejected() {
        #expect(Gzip.Level(-1) == nil && Gzip.Level(10) == nil)
        #expect(Gzip.Level(0) != nil && Gzip.Level(9) == .smallest && Gzip.Level(1) == .fastest)
    }
}
