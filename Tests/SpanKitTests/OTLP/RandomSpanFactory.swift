import Foundation
import OpenInference
@testable import SpanKit

/// A small, fast, seedable generator (SplitMix64), so a failing run can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// Records random spans through SpanKit's public API — three tracers with different limits
/// on one manual clock — covering every field the OTLP encoder writes: every attribute type
/// (arrays, empty arrays), unicode, empty and megabyte strings, events, links, remote and local
/// parents, trace state, statuses and errors, signals, tags, sessions, limits that drop and
/// shorten, and spans that never end.
struct RandomSpanFactory {
    var random: SeededGenerator
    let clock = ManualClock()
    /// Tight count limits, so attributes, events, links and event attributes get dropped.
    let limited: TestTracer
    /// A short value length limit, so strings get shortened.
    let truncating: TestTracer
    /// Default limits, for large spans.
    let roomy: TestTracer
    /// Spans that may parent later spans.
    private var candidates: [Span] = []
    /// Spans left open on purpose.
    private var openSpans: [Span] = []
    /// Whether each span was started under a remote parent, by span id.
    private(set) var startedUnderRemoteParent: [UUID: Bool] = [:]
    /// How many megabyte strings were recorded.
    private(set) var megabyteStringCount = 0

    init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
        limited = TestTracer(
            limits: SpanLimits(attributeCount: 12, eventCount: 2, linkCount: 2, attributePerEventCount: 3), clock: clock)
        truncating = TestTracer(limits: SpanLimits(attributeValueLength: 16), clock: clock)
        roomy = TestTracer(clock: clock)
    }

    /// Records `count` spans and returns them: the ended ones as the exporters received them,
    /// then snapshots of the open ones.
    mutating func makeRecords(count: Int) -> [SpanRecord] {
        for position in 0..<count { makeSpan(position: position, of: count) }
        var records: [SpanRecord] = []
        for test in [limited, truncating, roomy] { records += test.exporter.spans }
        records += openSpans.compactMap(\.record)
        return records
    }

    private mutating func makeSpan(position: Int, of count: Int) {
        // Megabyte strings go into a few spans spread over the run, on the tracer without a
        // length limit: as a value, an array element, an event attribute and a name.
        let isLarge = count >= 8 && position % (count / 4) == count / 8
        let test = isLarge ? roomy : [limited, truncating, roomy][int(in: 0...2)]
        let parent = makeParent()
        let span = test.tracer.startSpan(
            string(), kind: SpanKind.allCases.randomElement(using: &random)!,
            otelKind: OTelSpanKind.allCases.randomElement(using: &random)!, parent: parent.parent,
            sessionID: chance(0.3) ? string() : nil, sessionName: chance(0.2) ? string() : nil,
            userID: chance(0.3) ? string() : nil, tags: chance(0.3) ? tags() : [:],
            attributes: chance(0.5) ? attributeDictionary(maximumCount: 8) : [:],
            links: chance(0.2) ? (0..<int(in: 1...3)).map { _ in link().context } : [])
        startedUnderRemoteParent[span.spanID] = parent.isRemote
        clock.advance(byNanoseconds: Int64(int(in: 0...5_000_000)))

        for _ in 0..<int(in: 0...20) { span.setAttribute(string(), value()) }
        if isLarge {
            let megabyte = megabyteString()
            megabyteStringCount += 1
            switch megabyteStringCount % 4 {
            case 1: span.setAttribute("large.value", .string(megabyte))
            case 2: span.setAttribute("large.array", .stringArray([megabyte, "", "small"]))
            case 3: span.addEvent("large", attributes: ["payload": .string(megabyte)])
            default: span.updateName(megabyte)
            }
        }
        for _ in 0..<(chance(0.4) ? int(in: 1...4) : 0) {
            let time = chance(0.3) ? Date(timeIntervalSince1970: Double(int(in: 0...2_000_000_000))) : nil
            span.addEvent(string(), attributes: attributeDictionary(maximumCount: 5), at: time)
            clock.advance(byNanoseconds: Int64(int(in: 0...1_000)))
        }
        for _ in 0..<(chance(0.2) ? int(in: 1...3) : 0) {
            let link = link()
            span.addLink(to: link.context, attributes: link.attributes)
        }
        for _ in 0..<(chance(0.2) ? int(in: 1...3) : 0) {
            let target: SignalTarget = span.sessionID != nil && chance(0.3) ? .session : (chance(0.5) ? .span : .trace)
            if chance(0.5) {
                span.addSignal("signal \(int(in: 0...5))", Double(int(in: -1_000...1_000)) / 8, target: target)
            } else {
                span.addSignal("signal \(int(in: 0...5))", chance(0.5), target: target)
            }
        }
        switch int(in: 0...9) {
        case 0: span.setStatus(.ok)
        case 1: span.setStatus(.error(description: string()))
        case 2: span.setError(code: string(), message: string(), stack: chance(0.5) ? string() : nil)
        case 3 where chance(0.1): span.recordError(RandomError(detail: string()))
        default: break
        }
        clock.advance(byNanoseconds: Int64(int(in: 0...10_000_000)))
        if chance(0.1) {
            openSpans.append(span)
        } else {
            span.end()
        }
        if chance(0.3) { candidates.append(span) }
        if candidates.count > 20 { candidates.removeFirst() }
    }

    private mutating func makeParent() -> (parent: SpanParent, isRemote: Bool) {
        switch int(in: 0...9) {
        case 0...2:
            return (.root, false)
        case 3...5:
            // Sampled (bit 0) plus random other W3C flag bits, which must travel unchanged.
            let flags = UInt8(truncatingIfNeeded: random.next()) | 1
            let context = SpanContext(
                traceID: IDGenerator.makeUUID(), spanID: UUID(otelSpanID: random.next() | 1), traceFlags: flags,
                traceState: chance(0.6) ? "vendor=\(int(in: 0...999)),other=x\(int(in: 0...9))" : "", isRemote: true)
            return (.context(context), true)
        case 6:
            // A local span's context passed by hand (as across a GCD callback) is not remote.
            let context = SpanContext(traceID: IDGenerator.makeUUID(), spanID: IDGenerator.makeUUID(), traceState: "k=v")
            return (.context(context), false)
        default:
            guard let span = candidates.randomElement(using: &random) else { return (.root, false) }
            return (.span(span), false)
        }
    }

    private mutating func link() -> (context: SpanContext, attributes: [String: AttributeValue]) {
        let context = SpanContext(
            traceID: IDGenerator.makeUUID(), spanID: chance(0.5) ? IDGenerator.makeUUID() : UUID(otelSpanID: random.next()),
            traceFlags: UInt8(truncatingIfNeeded: random.next()), traceState: chance(0.5) ? "a=\(int(in: 0...9))" : "",
            isRemote: chance(0.5))
        return (context, attributeDictionary(maximumCount: 5))
    }

    private mutating func tags() -> [String: String] {
        var tags: [String: String] = [:]
        for _ in 0..<int(in: 1...3) { tags[string()] = chance(0.3) ? "" : string() }
        return tags
    }

    private mutating func attributeDictionary(maximumCount: Int) -> [String: AttributeValue] {
        var attributes: [String: AttributeValue] = [:]
        for _ in 0..<int(in: 0...maximumCount) { attributes[string()] = value() }
        return attributes
    }

    /// A value of any type, arrays (often empty) included.
    mutating func value() -> AttributeValue {
        switch int(in: 0...11) {
        case 0, 1: return .string(string())
        case 2: return .bool(chance(0.5))
        case 3, 4: return .int(integer())
        case 5, 6: return .double(double())
        case 7: return .stringArray((0..<int(in: 0...4)).map { _ in string() })
        case 8: return .boolArray((0..<int(in: 0...4)).map { _ in chance(0.5) })
        case 9: return .intArray((0..<int(in: 0...4)).map { _ in integer() })
        case 10: return .doubleArray((0..<int(in: 0...4)).map { _ in double() })
        default:
            return [.stringArray([]), .boolArray([]), .intArray([]), .doubleArray([])].randomElement(using: &random)!
        }
    }

    private static let specialStrings = [
        "", " ", "a", "héllo wörld", "日本語のテキスト", "emoji 👩‍👩‍👧‍👦🚀🇫🇷", "nul \u{0} inside", "quote \" and backslash \\",
        "line\nbreak\ttab\r", "\u{FEFF}byte order mark", "e\u{301} combining", "\u{10FFFF}\u{E000}", "Ω≈ç√∫", "🙂",
    ]

    /// Mostly short strings mixing scripts, with empty, special and longer ones.
    mutating func string() -> String {
        switch int(in: 0...9) {
        case 0: return ""
        case 1, 2: return Self.specialStrings.randomElement(using: &random)!
        case 3: return String(repeating: "abcdefghij", count: int(in: 10...300))
        default:
            var scalars = String.UnicodeScalarView()
            for _ in 0..<int(in: 1...40) { scalars.append(scalar()) }
            return String(scalars)
        }
    }

    private mutating func scalar() -> Unicode.Scalar {
        // Ranges without surrogates, so every value is a valid scalar: controls, ASCII, Latin,
        // combining marks, CJK, private use and astral emoji (four UTF-8 bytes).
        let ranges: [ClosedRange<UInt32>] = [
            0x00...0x1F, 0x20...0x7E, 0x20...0x7E, 0xA0...0x17F, 0x300...0x36F, 0x4E00...0x9FFF, 0xE000...0xFFFD,
            0x1F300...0x1FAFF,
        ]
        let range = ranges.randomElement(using: &random)!
        return Unicode.Scalar(UInt32.random(in: range, using: &random))!
    }

    private mutating func megabyteString() -> String {
        // One mebibyte of UTF-8 made of two-byte and four-byte characters.
        chance(0.5) ? String(repeating: "ß", count: 512 * 1024) : String(repeating: "🚀", count: 256 * 1024)
    }

    private mutating func integer() -> Int {
        switch int(in: 0...5) {
        case 0: return [0, 1, -1, Int.min, Int.max, 127, 128, -128].randomElement(using: &random)!
        case 1, 2: return Int.random(in: -1_000...1_000, using: &random)
        default: return Int(truncatingIfNeeded: random.next())
        }
    }

    private mutating func double() -> Double {
        switch int(in: 0...5) {
        case 0:
            return [0, -0.0, .nan, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1.5]
                .randomElement(using: &random)!
        case 1: return Double(bitPattern: random.next())
        default: return Double.random(in: -1e6...1e6, using: &random)
        }
    }

    private mutating func int(in range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }

    private mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &random) < probability }
}

/// An error for `recordError`.
struct RandomError: Error, CustomStringConvertible {
    let detail: String
    var description: String { "random failure: \(detail)" }
}
