#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Bionic)
import Bionic
#endif

/// Writes protobuf wire format into memory whose size was computed beforehand.
///
/// The encoder computes every message's exact size first, so each length prefix is written
/// before its message with no scratch buffers, no patching and no moves. Every write still
/// checks the capacity: a size computation that disagreed with the writes would otherwise
/// corrupt memory, and here it only skips the write and counts it, which the caller turns
/// into an error.
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

    /// Reserves `size` bytes (at least one) and returns where they start, or nil (counting
    /// them as skipped) when they do not fit.
    @inline(__always)
    private mutating func reserve(_ size: Int) -> UnsafeMutablePointer<UInt8>? {
        guard size <= capacity &- count else {
            skippedCount &+= size
            return nil
        }
        // A positive size fitted, so the buffer is not empty and has a base address.
        let position = buffer.baseAddress.unsafelyUnwrapped + count
        count &+= size
        return position
    }

    /// Writes a field tag: the field number and wire type as one varint.
    @inline(__always)
    mutating func writeTag(_ field: Int, _ wireType: WireType) {
        writeVarint(UInt64(truncatingIfNeeded: field) << 3 | wireType.rawValue)
    }

    /// Writes a base-128 varint, least significant group first.
    @inline(__always)
    mutating func writeVarint(_ value: UInt64) {
        if value < 0x80 {
            guard let position = reserve(1) else { return }
            position.pointee = UInt8(truncatingIfNeeded: value)
            return
        }
        guard let position = reserve(Self.varintSize(value)) else { return }
        var remaining = value
        var offset = 0
        while remaining >= 0x80 {
            position[offset] = UInt8(truncatingIfNeeded: remaining) | 0x80
            remaining >>= 7
            offset &+= 1
        }
        position[offset] = UInt8(truncatingIfNeeded: remaining)
    }

    /// Writes 4 bytes, little-endian.
    @inline(__always)
    mutating func writeFixed32(_ value: UInt32) {
        guard let position = reserve(4) else { return }
        UnsafeMutableRawPointer(position).storeBytes(of: value.littleEndian, as: UInt32.self)
    }

    /// Writes 8 bytes, little-endian.
    @inline(__always)
    mutating func writeFixed64(_ value: UInt64) {
        guard let position = reserve(8) else { return }
        UnsafeMutableRawPointer(position).storeBytes(of: value.littleEndian, as: UInt64.self)
    }

    /// Writes 8 bytes, big-endian: how ids are laid out (the UUID's byte order).
    @inline(__always)
    mutating func writeBigEndian(_ value: UInt64) {
        guard let position = reserve(8) else { return }
        UnsafeMutableRawPointer(position).storeBytes(of: value.bigEndian, as: UInt64.self)
    }

    /// Writes a string's UTF-8 bytes (without a length).
    @inline(__always)
    mutating func writeUTF8(_ string: String, count size: Int) {
        guard size > 0, let position = reserve(size) else { return }
        let copied: Void? = string.utf8.withContiguousStorageIfAvailable { bytes in
            // The size was taken from the same immutable string, so the counts agree.
            memcpy(position, bytes.baseAddress!, size)
        }
        if copied == nil {
            // A bridged string without contiguous UTF-8 (possible on Apple platforms).
            var offset = 0
            for byte in string.utf8 where offset < size {
                position[offset] = byte
                offset &+= 1
            }
        }
    }

    /// Copies raw bytes.
    @inline(__always)
    mutating func writeBytes(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty, let position = reserve(bytes.count) else { return }
        memcpy(position, bytes.baseAddress!, bytes.count)
    }

    /// The number of bytes `value` takes as a varint (1 to 10).
    @inline(__always)
    static func varintSize(_ value: UInt64) -> Int {
        let bits = 64 &- (value | 1).leadingZeroBitCount
        return (bits &+ 6) / 7
    }

    /// The number of bytes a tag for `field` takes.
    @inline(__always)
    static func tagSize(_ field: Int) -> Int {
        varintSize(UInt64(truncatingIfNeeded: field) << 3)
    }
}
