import Foundation

/// The positions of a large attribute set's keys, for finding a key that is written again.
///
/// A `[String: Int]` was most of the cost of a span with a conversation in it: Swift hashes a
/// string with SipHash after checking its normalisation, and grows the dictionary by rehashing
/// every key. This table hashes the UTF-8 bytes of an ASCII key eight at a time (attribute keys
/// are ASCII in practice), and each slot keeps 32 bits of the hash beside the position, so
/// growing never touches a string again and a probe compares strings only when those bits agree.
///
/// Keys are still equal when Swift's `==` says so (canonical equivalence): a non-ASCII key is
/// hashed by the bytes of its NFC form, which canonically equivalent keys share, and an ASCII
/// key is its own NFC form.
struct AttributeKeyIndex: Sendable {
    /// Empty slots are 0; a used one holds the hash's low 32 bits above `position + 1`.
    private var slots: [UInt64]
    private var count = 0

    /// A table for about `capacity` keys, kept at most half full.
    init(capacity: Int) {
        var size = 32
        while size < capacity * 2 { size *= 2 }
        slots = Array(repeating: 0, count: size)
    }

    /// Where a probe for a key ended.
    enum Probe {
        /// The key is at this position of the attribute storage.
        case found(Int)
        /// The key is absent; ``insert(_:at:)`` records it here.
        case absent(slot: Int, hash: UInt32)
    }

    /// Looks `key`, whose ``hash(_:)`` is `hash`, up among the keys of `storage` this index holds.
    @inline(__always)
    func probe(_ key: String, hash: UInt32, in storage: [Attribute]) -> Probe {
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return .absent(slot: slot, hash: hash) }
            if UInt32(truncatingIfNeeded: entry >> 32) == hash {
                let position = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if storage[position].key == key { return .found(position) }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Records the key of an ``Probe/absent(slot:hash:)`` probe at `position`; no other insert
    /// may come between the probe and this call.
    @inline(__always)
    mutating func insert(_ probe: Probe, at position: Int) {
        guard case .absent(let slot, let hash) = probe else { return }
        slots[slot] = UInt64(hash) << 32 | UInt64(position + 1)
        count += 1
        if count * 2 > slots.count { grow() }
    }

    /// Doubles the table, placing entries by their stored hash bits.
    private mutating func grow() {
        var larger = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = larger.count - 1
        for entry in slots where entry != 0 {
            var slot = Int(truncatingIfNeeded: entry >> 32) & mask
            while larger[slot] != 0 { slot = (slot + 1) & mask }
            larger[slot] = entry
        }
        slots = larger
    }

    /// The key's hash: its UTF-8 bytes when ASCII, else those of its NFC form (see the type).
    @inline(__always)
    static func hash(_ key: String) -> UInt32 {
        if let (hash, isASCII) = key.utf8.withContiguousStorageIfAvailable(hashBytes), isASCII {
            return hash
        }
        return hashNonASCII(key)
    }

    @inline(never)
    private static func hashNonASCII(_ key: String) -> UInt32 {
        var normalized = key.precomposedStringWithCanonicalMapping
        return normalized.withUTF8 { hashBytes($0).hash }
    }

    /// A multiply-and-fold hash of 8-byte words, and whether every byte is ASCII. Not keyed:
    /// colliding keys only lengthen probes, and the keys come from the application.
    ///
    /// Each step multiplies to 128 bits and folds the halves together (as wyhash does): one
    /// multiplication mixes every bit of the word into both halves, where a 64-bit multiply and
    /// shift needed a separate finaliser. Every span's attribute write pays for this hash.
    @inline(__always)
    private static func hashBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> (hash: UInt32, isASCII: Bool) {
        let count = bytes.count
        var hash = UInt64(truncatingIfNeeded: count) ^ 0x2D35_8DCC_AA6C_78A5
        var highBits: UInt64 = 0
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            var offset = 0
            while offset &+ 8 <= count {
                let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                highBits |= word
                hash = fold(hash ^ word)
                offset &+= 8
            }
            var tail: UInt64 = 0
            if offset < count, count >= 8 {
                // The last 8 bytes, overlapping the last full word: one load instead of a
                // byte loop (the length, mixed in first, keeps such keys apart).
                tail = raw.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
            } else {
                var shift: UInt64 = 0
                while offset < count {
                    tail |= UInt64(base[offset]) &<< shift
                    shift &+= 8
                    offset &+= 1
                }
            }
            highBits |= tail
            hash = fold(hash ^ tail)
        }
        return (UInt32(truncatingIfNeeded: hash ^ hash &>> 32), highBits & 0x8080_8080_8080_8080 == 0)
    }

    /// The two halves of `value` times a fixed odd constant, XORed.
    @inline(__always)
    private static func fold(_ value: UInt64) -> UInt64 {
        let product = value.multipliedFullWidth(by: 0x9E37_79B9_7F4A_7C15)
        return product.high ^ product.low
    }
}
