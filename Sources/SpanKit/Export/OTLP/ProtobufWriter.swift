/// Writes protobuf wire format into memory whose size was computed beforehand.
///
/// The encoder computes every message's exact size first, so each length prefix is written
/// before its message with no patching and no moves; the one thing written elsewhere first is
/// the derived `input.value` / `output.value` JSON, whose length is only known once written (it
/// is copied in from the encoder's scratch buffer, see ``DerivedIOAttributes``). Every reservation
/// still checks the capacity (a field or a whole attribute at a time, filled through a
/// ``ProtobufCursor``): a size computation that disagreed with the writes would otherwise
/// corrupt memory, and here it only skips the write and counts it, which the caller turns into
/// an error.
struct ProtobufWriter {
    /// How a field's value is laid out after its tag.
    enum WireType: UInt64 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5
    }

    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private let capacity: Int
    /// Bytes written so far.
    private(set) var count = 0
    /// Bytes of writes that did not fit and were skipped.
    private(set) var skippedCount = 0

    /// A writer filling `buffer` from its start.
    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
        self.capacity = buffer.count
    }

    /// Reserves `size` bytes (at least one) and returns a cursor to fill exactly them, or nil
    /// (counting them as skipped) when they do not fit.
    @inline(__always)
    mutating func reserve(_ size: Int) -> ProtobufCursor? {
        guard size <= capacity &- count else {
            skippedCount &+= size
            return nil
        }
        // A positive size fitted, so the buffer is not empty and has a base address.
        let position = buffer.baseAddress.unsafelyUnwrapped + count
        count &+= size
        return ProtobufCursor(position, count: size)
    }

    /// Writes a field tag: the field number and wire type as one varint.
    @inline(__always)
    mutating func writeTag(_ field: Int, _ wireType: WireType) {
        writeVarint(UInt64(truncatingIfNeeded: field) << 3 | wireType.rawValue)
    }

    /// Writes a base-128 varint.
    @inline(__always)
    mutating func writeVarint(_ value: UInt64) {
        guard var cursor = reserve(Self.varintSize(value)) else { return }
        cursor.putVarint(value)
    }

    /// Writes 4 bytes, little-endian.
    @inline(__always)
    mutating func writeFixed32(_ value: UInt32) {
        guard var cursor = reserve(4) else { return }
        cursor.putFixed32(value)
    }

    /// Writes 8 bytes, little-endian.
    @inline(__always)
    mutating func writeFixed64(_ value: UInt64) {
        guard var cursor = reserve(8) else { return }
        cursor.putFixed64(value)
    }

    /// Writes a string's UTF-8 bytes (without a length); `count` is `string.utf8.count`.
    @inline(__always)
    mutating func writeUTF8(_ string: String, count: Int) {
        guard count > 0, var cursor = reserve(count) else { return }
        cursor.putUTF8(string, count: count)
    }

    /// Copies already encoded bytes (span frames re-framed after a `413`).
    mutating func writeBytes(_ bytes: ArraySlice<UInt8>) {
        guard !bytes.isEmpty, let cursor = reserve(bytes.count) else { return }
        bytes.withUnsafeBufferPointer { source in
            cursor.position.update(from: source.baseAddress.unsafelyUnwrapped, count: source.count)
        }
    }

    /// The number of bytes `value` takes as a varint (1 to 10).
    @inline(__always)
    static func varintSize(_ value: UInt64) -> Int {
        // Most values here are lengths below 128; the branch is cheaper than the arithmetic.
        if value < 0x80 { return 1 }
        let bits = 64 &- value.leadingZeroBitCount
        return (bits &+ 6) / 7
    }

    /// The number of bytes `value` takes as a varint, for sizes and counts.
    @inline(__always)
    static func varintSize(_ value: Int) -> Int {
        varintSize(UInt64(truncatingIfNeeded: value))
    }

    /// The number of bytes a tag for `field` takes.
    @inline(__always)
    static func tagSize(_ field: Int) -> Int {
        varintSize(UInt64(truncatingIfNeeded: field) << 3)
    }
}
