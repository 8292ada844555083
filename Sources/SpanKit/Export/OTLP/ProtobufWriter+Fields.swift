/// Field-level writes and their sizes, each pair side by side so they cannot drift apart.
/// Each write reserves its whole field at once.
///
/// Singular scalar fields follow proto3: a default value (0, empty) is not written, which is
/// what the official serialisers do, so our bytes re-serialise identically.
extension ProtobufWriter {
    /// Writes the tag and length that start a length-delimited field.
    @inline(__always)
    mutating func writeLengthDelimitedHeader(_ field: Int, length: Int) {
        guard var cursor = reserve(Self.tagSize(field) &+ Self.varintSize(length)) else { return }
        cursor.putLengthDelimitedHeader(field, length: length)
    }

    /// The size of a length-delimited field whose content takes `length` bytes.
    @inline(__always)
    static func lengthDelimitedFieldSize(_ field: Int, length: Int) -> Int {
        tagSize(field) &+ varintSize(length) &+ length
    }

    /// Writes a string field, omitted when empty.
    @inline(__always)
    mutating func writeStringField(_ field: Int, _ string: String) {
        let length = string.utf8.count
        guard length > 0, var cursor = reserve(Self.lengthDelimitedFieldSize(field, length: length)) else { return }
        cursor.putLengthDelimitedHeader(field, length: length)
        cursor.putUTF8(string, count: length)
    }

    /// The size of ``writeStringField(_:_:)``'s output.
    @inline(__always)
    static func stringFieldSize(_ field: Int, _ string: String) -> Int {
        let length = string.utf8.count
        return length > 0 ? lengthDelimitedFieldSize(field, length: length) : 0
    }

    /// Writes a varint field, omitted when zero.
    @inline(__always)
    mutating func writeVarintField(_ field: Int, _ value: UInt64) {
        guard value != 0, var cursor = reserve(Self.varintFieldSize(field, value)) else { return }
        cursor.putTag(field, .varint)
        cursor.putVarint(value)
    }

    /// The size of ``writeVarintField(_:_:)``'s output.
    @inline(__always)
    static func varintFieldSize(_ field: Int, _ value: UInt64) -> Int {
        value != 0 ? tagSize(field) &+ varintSize(value) : 0
    }

    /// Writes a fixed64 field, omitted when zero.
    @inline(__always)
    mutating func writeFixed64Field(_ field: Int, _ value: UInt64) {
        guard value != 0, var cursor = reserve(Self.fixed64FieldSize(field, value)) else { return }
        cursor.putTag(field, .fixed64)
        cursor.putFixed64(value)
    }

    /// The size of ``writeFixed64Field(_:_:)``'s output.
    @inline(__always)
    static func fixed64FieldSize(_ field: Int, _ value: UInt64) -> Int {
        value != 0 ? tagSize(field) &+ 8 : 0
    }

    /// Writes a fixed32 field, omitted when zero.
    @inline(__always)
    mutating func writeFixed32Field(_ field: Int, _ value: UInt32) {
        guard value != 0, var cursor = reserve(Self.fixed32FieldSize(field, value)) else { return }
        cursor.putTag(field, .fixed32)
        cursor.putFixed32(value)
    }

    /// The size of ``writeFixed32Field(_:_:)``'s output.
    @inline(__always)
    static func fixed32FieldSize(_ field: Int, _ value: UInt32) -> Int {
        value != 0 ? tagSize(field) &+ 4 : 0
    }

    /// Writes a bytes field holding an 8-byte id, big-endian as in the UUID.
    @inline(__always)
    mutating func writeID64Field(_ field: Int, _ id: UInt64) {
        guard var cursor = reserve(Self.lengthDelimitedFieldSize(field, length: 8)) else { return }
        cursor.putLengthDelimitedHeader(field, length: 8)
        cursor.putBigEndian(id)
    }

    /// Writes a bytes field holding a 16-byte id, big-endian as in the UUID.
    @inline(__always)
    mutating func writeID128Field(_ field: Int, high: UInt64, low: UInt64) {
        guard var cursor = reserve(Self.lengthDelimitedFieldSize(field, length: 16)) else { return }
        cursor.putLengthDelimitedHeader(field, length: 16)
        cursor.putBigEndian(high)
        cursor.putBigEndian(low)
    }
}
