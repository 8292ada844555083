/// The scalar members of OTLP's `AnyValue` oneof, written into reserved bytes.
///
/// A oneof member is written even when it holds its default (`false`, `0`, `""`): which member
/// is set is information of its own (an empty string is not an absent value).
extension ProtobufCursor {
    private typealias Field = OTLPSchema.AnyValue

    /// Writes `string_value`; `length` is `string.utf8.count`.
    @inline(__always)
    mutating func putStringValue(_ string: String, length: Int) {
        putLengthDelimitedHeader(Field.stringValue, length: length)
        putUTF8(string, count: length)
    }

    /// The size of ``putStringValue(_:length:)``'s output.
    @inline(__always)
    static func stringValueSize(length: Int) -> Int {
        ProtobufWriter.lengthDelimitedFieldSize(Field.stringValue, length: length)
    }

    /// Writes `bool_value`.
    @inline(__always)
    mutating func putBoolValue(_ bool: Bool) {
        putTag(Field.boolValue, .varint)
        putByte(bool ? 1 : 0)
    }

    /// The size of ``putBoolValue(_:)``'s output.
    static var boolValueSize: Int { ProtobufWriter.tagSize(Field.boolValue) &+ 1 }

    /// Writes `int_value`; a negative number is its 64-bit two's complement (ten bytes).
    @inline(__always)
    mutating func putIntValue(_ int: Int) {
        putTag(Field.intValue, .varint)
        putVarint(UInt64(bitPattern: Int64(int)))
    }

    /// The size of ``putIntValue(_:)``'s output.
    @inline(__always)
    static func intValueSize(_ int: Int) -> Int {
        ProtobufWriter.tagSize(Field.intValue) &+ ProtobufWriter.varintSize(UInt64(bitPattern: Int64(int)))
    }

    /// Writes `double_value` as its bit pattern, which keeps NaN payloads, infinities and
    /// negative zero exactly.
    @inline(__always)
    mutating func putDoubleValue(_ double: Double) {
        putTag(Field.doubleValue, .fixed64)
        putFixed64(double.bitPattern)
    }

    /// The size of ``putDoubleValue(_:)``'s output.
    static var doubleValueSize: Int { ProtobufWriter.tagSize(Field.doubleValue) &+ 8 }
}
