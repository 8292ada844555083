/// Appends compact JSON to a byte buffer without building intermediate objects.
///
/// Strings are escaped per RFC 8259: quote, backslash and control characters; everything else is
/// copied as UTF-8 (Swift strings are always valid Unicode, so output is always valid JSON).
/// Non-finite doubles are written as `null`.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = []
    /// Set when a ``JSONValue`` nested deeper than ``maximumDepth`` was cut off (written as
    /// `null`), so a hostile or runaway value cannot overflow the stack.
    private(set) var didTruncateNesting = false

    static let maximumDepth = JSONValueEncoder.maximumDepth

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); needsComma.append(false) }
    mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma.removeLast() }
    mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); needsComma.append(false) }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma.removeLast() }

    /// Writes an object key; the next write is its value.
    mutating func key(_ key: String) {
        separate()
        appendQuoted(key)
        bytes.append(UInt8(ascii: ":"))
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = false }
    }

    mutating func writeNull() { separate(); append("null") }
    mutating func write(_ value: Bool) { separate(); append(value ? "true" : "false") }
    mutating func write(_ value: Int) { separate(); append(String(value)) }
    mutating func write(_ value: UInt64) { separate(); append(String(value)) }
    mutating func write(_ value: Double) {
        separate()
        if value.isFinite {
            if value == value.rounded(), abs(value) < 1e15 {
                append(String(Int64(value)))  // 3.0 reads as 3, as JSON writers usually emit it
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
        guard !needsComma.isEmpty else { return }
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    private mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for position in 0..<utf8.count {
                let byte = utf8[position]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
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
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
