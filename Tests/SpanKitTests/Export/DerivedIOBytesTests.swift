import Foundation
import OpenInference
@_spi(Benchmarks) @testable import SpanKit
import Testing

/// The derived `input.value` / `output.value` stay byte for byte what they were when the
/// derivation moved into the encoder's scratch buffer (issue 18's encode regression): a varied,
/// seeded set of LLM, RETRIEVER, EMBEDDING and RERANKER spans — typed helpers and raw keys in
/// shuffled order, escapes, unicode, numbers, invocation parameters, metadata, hide flags,
/// recorded values — is hashed, and the hash was taken from the derivation before the change.
/// The OTLP bytes of each span must equal those of the same span with the derived attributes
/// recorded as ordinary ones, so the encoder's path and ``SpanRecord/exportAttributes`` agree.
@Suite struct DerivedIOBytesTests {
    /// SHA-1 of every span's derived values, from the derivation as it was at `8b4840e6`.
    private static let expectedDigest = "8c6c6a5d22e9d3f64de50929df44ef5168ce5063"

    @Test func derivedValuesAreByteIdenticalToTheFormerDerivation() throws {
        let records = Self.records()
        var text = ""
        var derivedCount = 0
        for record in records {
            let exported = record.exportAttributes
            for key in [SpanAttributes.inputValue, SpanAttributes.inputMIMEType, SpanAttributes.outputValue, SpanAttributes.outputMIMEType] {
                if let value = exported[key]?.stringValue {
                    text += "\(key)=\(value)\u{1}"
                    if record.attributes[key] == nil { derivedCount += 1 }
                }
            }
            text += "\u{2}"
        }
        // Enough of each to mean something: most spans derive, some keep what they recorded.
        #expect(derivedCount > records.count)
        let digest = SHA1.hash(Array(text.utf8)).map { String($0, radix: 16).leftPadded() }.joined()
        #expect(digest == Self.expectedDigest, "derived text:\n\(text.prefix(4000))")
    }

    @Test func theEncoderWritesWhatExportAttributesHolds() throws {
        let records = Self.records()
        let deriving = OTLPTraceEncoder(resource: Resource(attributes: Attributes(["service.name": "x"])))
        let plain = OTLPTraceEncoder(resource: Resource(attributes: Attributes(["service.name": "x"])), emitsOpenInference: false)
        // One batch (the scratch buffer shared by many spans), and each span alone.
        let flattened = records.map { record in
            var copy = record
            copy.attributes = record.exportAttributes
            return copy
        }
        #expect(try deriving.encode(records) == plain.encode(flattened))
        for (record, expected) in zip(records, flattened) {
            #expect(try deriving.encode([record]) == plain.encode([expected]))
        }
    }

    /// The derivation compares keys in place against its own spellings of them.
    @Test func theDerivationSpellsTheCatalogKeys() {
        typealias Keys = DerivedIOAttributes.Keys
        let pairs: [(StaticString, String)] = [
            (Keys.inputValue, SpanAttributes.inputValue), (Keys.outputValue, SpanAttributes.outputValue),
            (Keys.inputMIMEType, SpanAttributes.inputMIMEType), (Keys.outputMIMEType, SpanAttributes.outputMIMEType),
            (Keys.llmModelName, SpanAttributes.llmModelName), (Keys.llmInvocationParameters, SpanAttributes.llmInvocationParameters),
            (Keys.embeddingModelName, SpanAttributes.embeddingModelName),
            (Keys.embeddingInvocationParameters, SpanAttributes.embeddingInvocationParameters),
            (Keys.rerankerQuery, RerankerAttributes.rerankerQuery),
        ]
        for (spelling, key) in pairs { #expect(spelling.description == key) }
    }

    // MARK: - The spans

    private static let texts = [
        "", "hi", "Hello, world.", "quote \" backslash \\ slash /", "line\nbreak\ttab\r", "nul \u{0} bell \u{7} esc \u{1B}",
        "héllo wörld", "日本語のテキスト", "emoji 👩‍👩‍👧‍👦🚀", "\u{FEFF}bom", "e\u{301} combining", "\u{10FFFF}\u{E000}",
        String(repeating: "long text ", count: 40), "{\"looks\": \"like json\"}", "</script>",
    ]
    private static let numbers: [Double] = [0, 1, -1, 0.5, 0.1, 1e-7, 123456789.125, -0.0, 1e15, 1e16, 1e300, 3.0, .pi, 2.5e-300]

    static func records() -> [SpanRecord] {
        var random = SeededGenerator(seed: 18)
        let tracers = [
            TestTracer(), TestTracer(), TestTracer(),
            TestTracer(environment: ["OPENINFERENCE_HIDE_INPUT_TEXT": "true"]),
            TestTracer(environment: ["OPENINFERENCE_HIDE_OUTPUT_MESSAGES": "true"]),
            TestTracer(environment: ["OPENINFERENCE_HIDE_INPUTS": "true"]),
            TestTracer(environment: ["OPENINFERENCE_HIDE_INPUT_IMAGES": "true", "OPENINFERENCE_HIDE_EMBEDDING_VECTORS": "true"]),
        ]
        for position in 0..<240 {
            var maker = SpanMaker(random: random)
            let test = tracers[maker.int(0..<tracers.count)]
            let kinds: [SpanKind] = [.llm, .llm, .retriever, .embedding, .reranker, .chain]
            let kind = kinds[position % kinds.count]
            if maker.chance(0.2) {
                // The flattened keys recorded by raw `setAttribute` calls in a shuffled order, so
                // the derivation takes its tree path.
                let scratch = TestTracer()
                scratch.tracer.withSpan("scratch", kind: kind) { span in maker.fill(span, kind: kind) }
                var attributes = scratch.exporter.spans.last?.attributes.list ?? []
                attributes.shuffle(using: &maker.random)
                test.tracer.withSpan("span \(position)", kind: kind) { span in
                    for attribute in attributes { span.setAttribute(attribute.key, attribute.value) }
                }
            } else {
                test.tracer.withSpan("span \(position)", kind: kind) { span in maker.fill(span, kind: kind) }
            }
            random = maker.random
        }
        return tracers.flatMap { $0.exporter.spans }
    }

    private struct SpanMaker {
        var random: SeededGenerator

        mutating func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &random) }
        mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &random) < probability }
        mutating func text() -> String { texts[int(0..<texts.count)] }
        mutating func number() -> Double { numbers[int(0..<numbers.count)] * (chance(0.5) ? 1 : 3.7) }

        mutating func json(depth: Int = 0) -> JSONValue {
            switch int(0..<(depth > 2 ? 5 : 7)) {
            case 0: return .null
            case 1: return .bool(chance(0.5))
            case 2: return .int(int(-1_000_000..<1_000_000))
            case 3: return .double(number())
            case 4: return .string(text())
            case 5: return .array((0..<int(0..<4)).map { _ in json(depth: depth + 1) })
            default: return .object(parameters(depth: depth + 1))
            }
        }

        mutating func parameters(depth: Int = 0) -> [String: JSONValue] {
            let names = ["temperature", "max_tokens", "top_p", "stop", "model", "messages", "input", "query", "documents", "seed", "zeta", "Ä"]
            var result: [String: JSONValue] = [:]
            for _ in 0..<int(0..<5) { result[names[int(0..<names.count)]] = json(depth: depth) }
            return result
        }

        mutating func toolCall() -> ToolCall {
            ToolCall(id: chance(0.7) ? "call_\(int(0..<99))" : nil, name: text(), arguments: chance(0.8) ? "{\"q\":\"\(int(0..<9))\"}" : nil)
        }

        mutating func content() -> MessageContent {
            switch int(0..<5) {
            case 0: return .text(text())
            case 1: return .image(url: chance(0.5) ? "https://e.com/\(int(0..<9)).png" : "data:image/png;base64,\(String(repeating: "QUJD", count: int(1..<40)))")
            case 2: return .audio(url: "https://e.com/a.wav", mimeType: chance(0.5) ? "audio/wav" : nil, transcript: chance(0.5) ? text() : nil)
            case 3: return .toolUse(toolCall())
            default: return .reasoning(chance(0.5) ? text() : nil, id: chance(0.5) ? "r1" : nil)
            }
        }

        mutating func message() -> Message {
            switch int(0..<6) {
            case 0: return .system(text())
            case 1: return .user(text())
            case 2: return Message(role: "user", contents: (0..<int(1..<4)).map { _ in content() })
            case 3: return .assistant(chance(0.5) ? text() : nil, toolCalls: (0..<int(0..<3)).map { _ in toolCall() })
            case 4: return .tool(text(), toolCallID: "call_\(int(0..<9))", name: chance(0.5) ? text() : nil)
            default: return Message(role: chance(0.5) ? nil : "developer", content: text(), name: chance(0.5) ? "n" : nil)
            }
        }

        mutating func document() -> Document {
            Document(
                id: chance(0.7) ? "doc-\(int(0..<99))" : nil, content: chance(0.9) ? text() : nil, score: chance(0.7) ? number() : nil,
                metadata: chance(0.4) ? parameters() : nil)
        }

        mutating func fill(_ span: Span, kind: SpanKind) {
            switch kind {
            case .llm:
                if chance(0.8) {
                    span.setLLM(model: chance(0.8) ? "gpt-4o-mini" : nil, invocationParameters: chance(0.6) ? parameters() : nil)
                }
                if chance(0.9) { span.setInputMessages((0..<int(0..<6)).map { _ in message() }) }
                if chance(0.8) { span.setOutputMessages((0..<int(0..<3)).map { _ in message() }) }
                if chance(0.1) { span.setAttribute(SpanAttributes.llmInvocationParameters, "not json") }
            case .retriever:
                span.setRetrievalDocuments((0..<int(0..<5)).map { _ in document() })
            case .embedding:
                let embeddings = (0..<int(0..<4)).map { _ in
                    Embedding(text: chance(0.8) ? text() : nil, vector: chance(0.8) ? (0..<int(0..<4)).map { _ in number() } : nil)
                }
                span.setEmbeddings(embeddings, model: chance(0.7) ? "text-embedding-3" : nil, invocationParameters: chance(0.5) ? parameters() : nil)
            case .reranker:
                span.setReranker(
                    query: chance(0.8) ? text() : nil, inputDocuments: (0..<int(0..<4)).map { _ in document() },
                    outputDocuments: (0..<int(0..<3)).map { _ in document() })
            default:
                span.setInputMessages([message()])
            }
            if chance(0.1) { span.setInput(text()) }
            if chance(0.1) { span.setOutput(text()) }
            if chance(0.05) { span.setAttribute(SpanAttributes.inputMIMEType, "text/x-custom") }
        }
    }
}

extension String {
    fileprivate func leftPadded() -> String { count < 2 ? "0" + self : self }
}

/// ``FlatListWriter``'s shortcut for a key in the previous key's containers writes what working
/// out the key's path writes, for random keys built from the segments its rules single out.
@Suite struct FlatListWriterShortcutTests {
    @Test func theShortcutChangesNoByte() {
        var random = SeededGenerator(seed: 7)
        let segments = ["0", "1", "2", "message", "message_content", "tool_call", "tool_calls", "x", "image", "metadata", "", "10"]
        var shortcutTaken = 0
        for _ in 0..<3000 {
            var keys: [String] = []
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                if let last = keys.last, Bool.random(using: &random) {
                    // A sibling of the previous key: same containers, another last segment.
                    var parts = last.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                    parts[parts.count - 1] = segments.randomElement(using: &random)!
                    keys.append(parts.joined(separator: "."))
                } else {
                    // Mostly keys that start with an element index, as list keys do.
                    let first = Int.random(in: 0..<10, using: &random) < 8 ? String(keys.count) : segments.randomElement(using: &random)!
                    let depth = Int.random(in: 1...5, using: &random)
                    keys.append(([first] + (0..<depth).map { _ in segments.randomElement(using: &random)! }).joined(separator: "."))
                }
            }
            let attributes = keys.enumerated().map { Attribute(key: "llm.input_messages." + $0.element, value: .int($0.offset)) }
            let with = Self.write(attributes, shortcut: true)
            let without = Self.write(attributes, shortcut: false)
            #expect(with.ok == without.ok, "\(keys)")
            if with.ok {
                #expect(with.json == without.json, "\(keys)")
                if with.json != without.json { return }
                if keys.count > 1 { shortcutTaken += 1 }
            }
        }
        #expect(shortcutTaken > 300)
    }

    private static func write(_ attributes: [Attribute], shortcut: Bool) -> (ok: Bool, json: String) {
        var list = FlatListWriter()
        list.reusesOpenContainers = shortcut
        var writer = JSONWriter()
        let ok = attributes.withUnsafeBufferPointer { list.write($0, prefix: "llm.input_messages.", into: &writer) }
        return (ok, writer.string)
    }
}
