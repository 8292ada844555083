/// Builds flattened attribute keys such as `llm.input_messages.0.message.contents.1.message_content.text`
/// with a single allocation.
///
/// Every key is written into a string buffer of exactly the right size: the pieces are copied as
/// UTF-8 bytes and the indices are written as decimal digits in place, so no intermediate strings
/// are created. Keys of 15 bytes or fewer do not allocate at all.
enum FlatKey {
    /// `list.i.leaf` or, with `nestedLeaf`, `list.i.leaf.nestedLeaf`.
    static func make(_ list: String, _ index: Int, _ leaf: String, _ nestedLeaf: String? = nil) -> String {
        var count = list.utf8.count + 1 + digitCount(index) + 1 + leaf.utf8.count
        if let nestedLeaf { count += 1 + nestedLeaf.utf8.count }
        return String(unsafeUninitializedCapacity: count) { buffer in
            var writer = Writer(buffer: buffer)
            writer.append(list)
            writer.appendDot()
            writer.append(index)
            writer.appendDot()
            writer.append(leaf)
            if let nestedLeaf {
                writer.appendDot()
                writer.append(nestedLeaf)
            }
            return writer.position
        }
    }

    /// `list.i.sublist.j.leaf` or, with `nestedLeaf`, `list.i.sublist.j.leaf.nestedLeaf`.
    static func make(
        _ list: String, _ index: Int, _ sublist: String, _ subindex: Int, _ leaf: String,
        _ nestedLeaf: String? = nil
    ) -> String {
        var count = list.utf8.count + 1 + digitCount(index) + 1 + sublist.utf8.count
        count += 1 + digitCount(subindex) + 1 + leaf.utf8.count
        if let nestedLeaf { count += 1 + nestedLeaf.utf8.count }
        return String(unsafeUninitializedCapacity: count) { buffer in
            var writer = Writer(buffer: buffer)
            writer.append(list)
            writer.appendDot()
            writer.append(index)
            writer.appendDot()
            writer.append(sublist)
            writer.appendDot()
            writer.append(subindex)
            writer.appendDot()
            writer.append(leaf)
            if let nestedLeaf {
                writer.appendDot()
                writer.append(nestedLeaf)
            }
            return writer.position
        }
    }

    /// `prefix.name`, for the open families such as `llm.token_count.prompt_details`.
    static func make(_ prefix: String, _ name: String) -> String {
        let count = prefix.utf8.count + 1 + name.utf8.count
        return String(unsafeUninitializedCapacity: count) { buffer in
            var writer = Writer(buffer: buffer)
            writer.append(prefix)
            writer.appendDot()
            writer.append(name)
            return writer.position
        }
    }

    /// The number of bytes `String(value)` has: the digits plus a minus sign when negative.
    static func digitCount(_ value: Int) -> Int {
        var magnitude = value.magnitude
        var count = value < 0 ? 2 : 1
        while magnitude >= 10 {
            magnitude /= 10
            count += 1
        }
        return count
    }

    /// Appends bytes to the uninitialised buffer of a string under construction. The capacity was
    /// computed from the same pieces, and every write is bounds-checked anyway.
    private struct Writer {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        var position = 0

        init(buffer: UnsafeMutableBufferPointer<UInt8>) {
            self.buffer = buffer
        }

        mutating func appendDot() {
            write(UInt8(ascii: "."))
        }

        mutating func append(_ text: String) {
            let copied: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
                // One copy rather than a bounds-checked write per byte: keys are built on the
                // caller's thread for every tool call and tool a span records.
                let count = Swift.min(bytes.count, buffer.count - position)
                guard count > 0 else { return }
                UnsafeMutableRawPointer(buffer.baseAddress! + position).copyMemory(from: bytes.baseAddress!, byteCount: count)
                position += count
            }
            if copied == nil {
                for byte in text.utf8 { write(byte) }
            }
        }

        mutating func append(_ value: Int) {
            if value < 0 { write(UInt8(ascii: "-")) }
            var magnitude = value.magnitude
            let start = position
            repeat {
                write(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10))
                magnitude /= 10
            } while magnitude > 0
            // The digits were written least significant first; put them in reading order.
            var low = start, high = position - 1
            while low < high {
                buffer.swapAt(low, high)
                low += 1
                high -= 1
            }
        }

        private mutating func write(_ byte: UInt8) {
            guard position < buffer.count else { return }
            buffer[position] = byte
            position += 1
        }
    }
}
