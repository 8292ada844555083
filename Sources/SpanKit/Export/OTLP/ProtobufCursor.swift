/// Unchecked writes into bytes a ``ProtobufWriter`` reserved.
///
/// The hot paths compute a field's exact size, reserve it once (one capacity check) and fill
/// it through a cursor, instead of checking capacity for each of the ten or so pieces of an
/// attribute. The caller must write exactly the bytes it reserved; debug builds check that
/// every write stays inside them.
struct ProtobufCursor {
    /// Where the next byte goes.
    private(set) var position: UnsafeMutablePointer<UInt8>
    /// The end of the reserved bytes.
    private let end: UnsafeMutablePointer<UInt8>

    @inline(__always)
    init(_ position: UnsafeMutablePointer<UInt8>, count: Int) {
        self.position = position
        self.end = position + count
    }

    @inline(__always)
    private func assertRoom(_ count: Int) {
        assert(end - position >= count, "protobuf write beyond its reservation")
    }

    /// Writes one byte.
    @inline(__always)
    mutating func putByte(_ byte: UInt8) {
        assertRoom(1)
        position.pointee = byte
        position += 1
    }

    /// Writes a base-128 varint, least significant group first.
    @inline(__always)
    mutating func putVarint(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            putByte(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        putByte(UInt8(truncatingIfNeeded: remaining))
    }

    /// Writes a field tag: the field number and wire type as one varint.
    @inline(__always)
    mutating func putTag(_ field: Int, _ wireType: ProtobufWriter.WireType) {
        putVarint(UInt64(truncatingIfNeeded: field) << 3 | wireType.rawValue)
    }

    /// Writes the tag and length that start a length-delimited field.
    @inline(__always)
    mutating func putLengthDelimitedHeader(_ field: Int, length: Int) {
        putTag(field, .lengthDelimited)
        putVarint(UInt64(truncatingIfNeeded: length))
    }

    /// Writes 4 bytes, little-endian.
    @inline(__always)
    mutating func putFixed32(_ value: UInt32) {
        assertRoom(4)
        UnsafeMutableRawPointer(position).storeBytes(of: value.littleEndian, as: UInt32.self)
        position += 4
    }

    /// Writes 8 bytes, little-endian.
    @inline(__always)
    mutating func putFixed64(_ value: UInt64) {
        assertRoom(8)
        UnsafeMutableRawPointer(position).storeBytes(of: value.littleEndian, as: UInt64.self)
        position += 8
    }

    /// Writes 8 bytes, big-endian: how ids are laid out (the UUID's byte order).
    @inline(__always)
    mutating func putBigEndian(_ value: UInt64) {
        assertRoom(8)
        UnsafeMutableRawPointer(position).storeBytes(of: value.bigEndian, as: UInt64.self)
        position += 8
    }

    /// Writes a string's UTF-8 bytes (without a length); `count` is `string.utf8.count`.
    ///
    /// The bytes are copied by a plain loop, which the compiler vectorises, rather than by
    /// `memcpy`: as far as the optimiser knows a call to `memcpy` may write anywhere, so around
    /// one it must copy (retain and release) the attribute being encoded instead of reading it
    /// in place, and those reference-count operations cost more than the rest of the attribute.
    @inline(__always)
    mutating func putUTF8(_ string: String, count: Int) {
        assertRoom(count)
        let destination = position
        let copied: Void? = string.utf8.withContiguousStorageIfAvailable { bytes in
            // `count` came from the same immutable string; `min` keeps the copy in bounds anyway.
            for offset in 0..<min(count, bytes.count) { destination[offset] = bytes[offset] }
        }
        if copied == nil {
            // A bridged string without contiguous UTF-8 (only on Apple platforms).
            var offset = 0
            for byte in string.utf8 where offset < count {
                destination[offset] = byte
                offset &+= 1
            }
        }
        position += count
    }

    /// Writes bytes held elsewhere (derived JSON in a scratch buffer), by the same plain loop as
    /// ``putUTF8(_:count:)``.
    @inline(__always)
    mutating func putBytes(_ bytes: UnsafeBufferPointer<UInt8>) {
        assertRoom(bytes.count)
        let destination = position
        for offset in 0..<bytes.count { destination[offset] = bytes[offset] }
        position += bytes.count
    }
}
