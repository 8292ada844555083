/// Appends compact JSON to a byte buffer without building intermediate objects.
///
/// Strings are escaped per RFC 8259: quote, backslash and control characters; everything else is
/// copied as UTF-8 (Swift strings are always valid Unicode, so output is always valid JSON).
/// Non-finite doubles are written as `null`.
///
/// It keeps no stack of its containers: the container a value closes into always has a member
/// before it, so a depth and one flag say where commas go. Several documents can be written back
/// to back into one writer (the OTLP encoder derives every span's `input.value` into one buffer);
/// ``truncate(to:)`` takes back a document that was abandoned half-way.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// The number of open containers.
    private var depth = 0
    /// Whether the innermost open container already has a member, so the next one needs a comma.
    private var needsComma = false
    /// Set when a ``JSONValue`` nested deeper than ``maximumDepth`` was cut off (written as
    /// `null`), so a hostile or runaway value cannot overflow the stack.
    private(set) var didTruncateNesting = false

    static let maximumDepth = JSONValueEncoder.maximumDepth

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    mutating func beginObject() { begin(UInt8(ascii: "{")) }
    mutating func endObject() { end(UInt8(ascii: "}")) }
    mutating func beginArray() { begin(UInt8(ascii: "[")) }
    mutating func endArray() { end(UInt8(ascii: "]")) }

    @inline(__always)
    private mutating func begin(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        depth &+= 1
        needsComma = false
    }

    @inline(__always)
    private mutating func end(_ bracket: UInt8) {
        bytes.append(bracket)
        depth &-= 1
        // The container just closed is a member of the one around it.
        needsComma = true
    }

    /// Drops everything written from byte `count` on, and any containers left open: a document
    /// abandoned half-way, when everything before `count` was complete documents.
    mutating func truncate(to count: Int) {
        bytes.removeSubrange(count...)
        depth = 0
        needsComma = false
    }

    /// Writes an object key; the next write is its value.
    mutating func key(_ key: String) {
        separate()
        appendQuoted(key, colon: true)
        needsComma = false
    }

    /// Writes an object key given as UTF-8 bytes (a key segment read in place).
    mutating func key(utf8 key: UnsafeBufferPointer<UInt8>) {
        separate()
        appendQuoted(utf8: key, colon: true)
        needsComma = false
    }

    mutating func writeNull() { separate(); append("null") }
    mutating func write(_ value: Bool) { separate(); append(value ? "true" : "false") }
    mutating func write(_ value: Int) { separate(); appendDecimal(Int64(value)) }
    mutating func write(_ value: UInt64) { separate(); appendDecimal(value, negative: false) }
    mutating func write(_ value: Double) {
        separate()
        if value.isFinite {
            if value == value.rounded(), abs(value) < 1e15 {
                appendDecimal(Int64(value))  // 3.0 reads as 3, as JSON writers usually emit it
            } else {
                append(String(value))
            }
        } else {
            append("null")
        }
    }
    mutating func write(_ value: String) { separate(); appendQuoted(value) }

    /// Writes pre-serialised JSON verbatim.
    mutating func writeRaw(_ json: String) { separate(); append(json) }

    mutating func write(_ value: JSONValue) {
        write(value, depth: 0)
    }

    private mutating func write(_ value: JSONValue, depth: Int) {
        if depth > Self.maximumDepth, value.isContainer {
            didTruncateNesting = true
            writeNull()
            return
        }
        switch value {
        case .null: writeNull()
        case .bool(let value): write(value)
        case .int(let value): write(value)
        case .double(let value): write(value)
        case .string(let value): write(value)
        case .array(let values):
            beginArray()
            for element in values { write(element, depth: depth + 1) }
            endArray()
        case .object(let members):
            beginObject()
            // Sorted pairs, not sorted keys looked up again: each lookup hashes the key.
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                key(name)
                write(member, depth: depth + 1)
            }
            endObject()
        }
    }

    mutating func write(_ value: AttributeValue) {
        switch value {
        case .string(let value): write(value)
        case .bool(let value): write(value)
        case .int(let value): write(value)
        case .double(let value): write(value)
        case .stringArray(let values): beginArray(); for element in values { write(element) }; endArray()
        case .boolArray(let values): beginArray(); for element in values { write(element) }; endArray()
        case .intArray(let values): beginArray(); for element in values { write(element) }; endArray()
        case .doubleArray(let values): beginArray(); for element in values { write(element) }; endArray()
        }
    }

    @inline(__always)
    private mutating func separate() {
        guard depth > 0 else { return }
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
    }

    private mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// Appends `value`'s decimal digits, as `String(value)` spells them, without making a string.
    private mutating func appendDecimal(_ value: Int64) {
        appendDecimal(value.magnitude, negative: value < 0)
    }

    private mutating func appendDecimal(_ magnitude: UInt64, negative: Bool) {
        if negative { bytes.append(UInt8(ascii: "-")) }
        // 20 digits hold any UInt64.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var remaining = magnitude, start = 20
            repeat {
                start &-= 1
                digits[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: remaining % 10)
                remaining /= 10
            } while remaining > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Whether any of the eight bytes of `word` is a control character, a quote or a backslash
    /// (the bit tricks are exact for "some byte is below n" and "some byte is zero").
    @inline(__always)
    private static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let quotes = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslashes = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        let controls = (word &- ones &* 0x20) & ~word
        let zeroQuote = (quotes &- ones) & ~quotes
        let zeroBackslash = (backslashes &- ones) & ~backslashes
        return (controls | zeroQuote | zeroBackslash) & highs != 0
    }

    private mutating func appendQuoted(_ text: String, colon: Bool = false) {
        var text = text
        text.withUTF8 { appendQuoted(utf8: $0, colon: colon) }
    }

    /// The longest string written with a single append (keys, roles, model names…).
    private static let stagedLength = 56

    /// Appends `utf8` as a JSON string, and a colon after it when it is a key: a short string
    /// with nothing to escape in one append, a longer one copied whole between its quotes.
    private mutating func appendQuoted(utf8: UnsafeBufferPointer<UInt8>, colon: Bool = false) {
        var position = Self.escapeFreeCount(utf8)
        if position == utf8.count, utf8.count <= Self.stagedLength {
            // Each append checks the array's uniqueness and capacity; for short strings that cost
            // more than the copy, so quotes, bytes and colon are staged and appended once.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.stagedLength &+ 3) { staged in
                let base = staged.baseAddress.unsafelyUnwrapped
                base[0] = UInt8(ascii: "\"")
                if let source = utf8.baseAddress { (base + 1).update(from: source, count: utf8.count) }
                base[utf8.count &+ 1] = UInt8(ascii: "\"")
                if colon { base[utf8.count &+ 2] = UInt8(ascii: ":") }
                bytes.append(contentsOf: UnsafeBufferPointer(start: base, count: utf8.count &+ (colon ? 3 : 2)))
            }
            return
        }
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        while position < utf8.count {
            defer { position &+= 1 }
            let byte = utf8[position]
            guard Self.needsEscape(byte) else { continue }
            if runStart < position { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<position])) }
            runStart = position + 1
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0x08: append("\\b")
            case 0x0C: append("\\f")
            default:
                append("\\u00")
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            }
        }
        if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count])) }
        bytes.append(UInt8(ascii: "\""))
        if colon { bytes.append(UInt8(ascii: ":")) }
    }

    /// How many bytes at the start of `utf8` need no escaping: eight at a time while none does,
    /// which is nearly always (testing each byte was most of the cost of writing text).
    @inline(__always)
    private static func escapeFreeCount(_ utf8: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = utf8.baseAddress else { return 0 }
        var position = 0
        while position &+ 8 <= utf8.count, !needsEscape(UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)) {
            position &+= 8
        }
        // The last bytes as one word overlapping the ones already tested.
        if position &+ 8 > utf8.count, position < utf8.count, utf8.count >= 8,
            !needsEscape(UnsafeRawPointer(base + (utf8.count &- 8)).loadUnaligned(as: UInt64.self)) {
            return utf8.count
        }
        while position < utf8.count, !needsEscape(utf8[position]) { position &+= 1 }
        return position
    }

    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }
}
