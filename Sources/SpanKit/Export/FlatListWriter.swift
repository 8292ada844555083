import OpenInference

/// Writes one of OpenInference's flattened lists (`llm.input_messages.0.message.role`,
/// `retrieval.documents.1.document.content`…) as a JSON array, streaming, in one pass over the
/// attributes: each element's keys without the element's wrapper (`message.`, `document.`,
/// `message_content.`, and `tool_call.` inside `tool_calls`), a repeated name said once
/// (`image.image.url` → `image.url`), numbered levels as arrays.
///
/// It relies on the order the typed helpers write in — elements in increasing index, each
/// element's keys (and each nested list's) together — and says when the keys are not in that
/// order; ``DerivedIOAttributes`` then rebuilds the list through a tree, which takes any order at
/// many times the cost. Building no tree is what keeps `input.value` / `output.value` cheap
/// enough to derive on every export.
struct FlatListWriter {
    /// A path segment of the current key: its bytes' range in the key and, when it is a number,
    /// its value (-1 otherwise).
    private struct Segment {
        var start: Int
        var end: Int
        var index: Int
    }

    /// An open container below the list: where its segment lies (the key at `position` of the
    /// attributes, bytes `start..<end` after the list's prefix) and, for an array, the last index
    /// written in it (nil for an object).
    private struct Container {
        var position: Int
        var start: Int
        var end: Int
        var lastIndex: Int?
    }

    // Kept from span to span (the encoder holds one writer per batch), so that a span costs no
    // allocation.
    private var open: [Container] = []
    private var lastTopIndex = -1
    /// The attributes being written and the length of the list's prefix, during ``write(_:prefix:into:)``:
    /// containers and ``containerPrefix`` point into their keys instead of copying bytes.
    private var attributes = UnsafeBufferPointer<Attribute>(start: nil, count: 0)
    private var prefixLength = 0
    /// The previous key (its position) and how many of its bytes after the list's prefix, up to
    /// and including its last dot, a key in the same containers shares with it (see
    /// ``addInOpenContainers(_:_:into:)``); nil when the shortcut does not apply.
    private var containerPrefix: (position: Int, count: Int)?
    /// Off only in tests, which compare the output with and without the shortcut.
    var reusesOpenContainers = true

    init() {
        open.reserveCapacity(8)
    }

    /// Writes the attributes whose keys start with `prefix` as an array into `writer`; false when
    /// their order is not the helpers' (what was written is then unusable).
    mutating func write(_ attributes: UnsafeBufferPointer<Attribute>, prefix: StaticString, into writer: inout JSONWriter) -> Bool {
        if !open.isEmpty { open.removeAll(keepingCapacity: true) }
        lastTopIndex = -1
        containerPrefix = nil
        self.attributes = attributes
        prefixLength = prefix.utf8CodeUnitCount
        defer { self.attributes = UnsafeBufferPointer(start: nil, count: 0) }
        writer.beginArray()
        for position in attributes.indices {
            let added = attributes[position].key.withUTF8Bytes { key -> Bool? in
                guard key.hasPrefix(prefix) else { return nil }
                let rest = UnsafeBufferPointer(rebasing: key[prefixLength...])
                if let added = addInOpenContainers(rest, attributes[position].value, into: &writer) { return added }
                return add(rest, at: position, attributes[position].value, into: &writer)
            }
            if added == false { return false }
        }
        close(downTo: 0, writer: &writer)
        writer.endArray()
        return true
    }

    /// `body` with the bytes after the list's prefix of the key at `position`.
    @inline(__always)
    private func rest<Result>(of position: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        attributes[position].key.withUTF8Bytes { body(UnsafeBufferPointer(rebasing: $0[prefixLength...])) }
    }

    private static func isWrapper(_ segment: UnsafeBufferPointer<UInt8>) -> Bool {
        switch segment.count {
        case 7: segment.equals("message")
        case 15: segment.equals("message_content")
        case 8: segment.equals("document")
        case 9: segment.equals("embedding")
        default: false
        }
    }

    /// The segments of `rest` (after the list's prefix) as they are written, into `path` (room
    /// for one more segment than `rest` has dots); how many. Each element's wrapper is dropped, a
    /// name repeated right after itself said once.
    private static func transform(_ rest: UnsafeBufferPointer<UInt8>, into path: UnsafeMutableBufferPointer<Segment>) -> Int {
        var count = 0
        var previous: Segment?
        var listName: Segment?
        var start = 0
        while true {
            var end = start
            while end < rest.count, rest[end] != UInt8(ascii: ".") { end &+= 1 }
            let bytes = UnsafeBufferPointer(rebasing: rest[start..<end])
            let segment = Segment(start: start, end: end, index: index(bytes))
            let isIndex = segment.index >= 0
            let skipped = (previous.map { $0.index >= 0 } ?? false)
                && (isWrapper(bytes)
                    || (bytes.equals("tool_call") && listName.map { UnsafeBufferPointer(rebasing: rest[$0.start..<$0.end]).equals("tool_calls") } == true))
            if !skipped, isIndex || count == 0 || !same(rest, path[count - 1], bytes) {
                path[count] = segment
                count &+= 1
            }
            if isIndex { listName = previous }
            previous = segment
            guard end < rest.count else { break }
            start = end &+ 1
        }
        return count
    }

    @inline(__always)
    private static func same(_ rest: UnsafeBufferPointer<UInt8>, _ segment: Segment, _ other: UnsafeBufferPointer<UInt8>) -> Bool {
        UnsafeBufferPointer(rebasing: rest[segment.start..<segment.end]).sameBytes(other)
    }

    /// The number a segment spells (at most 9 digits), or -1.
    private static func index(_ segment: UnsafeBufferPointer<UInt8>) -> Int {
        guard !segment.isEmpty, segment.count < 10 else { return -1 }
        var value = 0
        for byte in segment {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return -1 }
            value = value &* 10 &+ Int(byte &- UInt8(ascii: "0"))
        }
        return value
    }

    /// Adds a key whose containers are the previous key's — the role after the content of the
    /// same message — without working out its path again: nil when it is not such a key.
    ///
    /// Equal bytes up to the last dot give equal containers, which are the open ones. The last
    /// segment is written as a name unless the path rules would treat it otherwise: a number, a
    /// repeat of the last container's name, or anything after a numbered segment (the wrappers,
    /// for which ``containerPrefix`` is not kept).
    private mutating func addInOpenContainers(_ rest: UnsafeBufferPointer<UInt8>, _ value: AttributeValue, into writer: inout JSONWriter) -> Bool? {
        guard reusesOpenContainers, let shared = containerPrefix, rest.count > shared.count,
            self.rest(of: shared.position, { UnsafeBufferPointer(rebasing: rest[..<shared.count]).sameBytes(UnsafeBufferPointer(rebasing: $0[..<shared.count])) })
        else { return nil }
        let name = UnsafeBufferPointer(rebasing: rest[shared.count...])
        guard !name.contains(UInt8(ascii: ".")), Self.index(name) < 0, let last = open.last, last.lastIndex == nil,
            !self.rest(of: last.position, { UnsafeBufferPointer(rebasing: $0[last.start..<last.end]).sameBytes(name) })
        else { return nil }
        writeMember(name, value, into: &writer)
        return true
    }

    private mutating func add(_ rest: UnsafeBufferPointer<UInt8>, at position: Int, _ value: AttributeValue, into writer: inout JSONWriter) -> Bool {
        containerPrefix = nil
        var dots = 0
        for byte in rest where byte == UInt8(ascii: ".") { dots &+= 1 }
        // A few segments: on the stack, not in an array (this runs for every key of every list).
        return withUnsafeTemporaryAllocation(of: Segment.self, capacity: dots &+ 1) { buffer in
            let count = Self.transform(rest, into: buffer)
            return add(UnsafeBufferPointer(rebasing: buffer[..<count]), rest, at: position, value, into: &writer)
        }
    }

    private mutating func add(
        _ path: UnsafeBufferPointer<Segment>, _ rest: UnsafeBufferPointer<UInt8>, at position: Int, _ value: AttributeValue,
        into writer: inout JSONWriter
    ) -> Bool {        // An element index, then at least one name.
        guard path.count >= 2, path[0].index >= 0, path[path.count - 1].index < 0 else { return false }
        let top = path[0].index
        // The containers this key lies in: path[0..<count-1]. Keep what it shares with the open ones.
        let containers = path.count - 1
        var shared = 0
        while shared < open.count, shared < containers, isOpen(shared, UnsafeBufferPointer(rebasing: rest[path[shared].start..<path[shared].end])) {
            shared += 1
        }
        close(downTo: shared, writer: &writer)
        for depth in shared..<containers {
            let segment = path[depth]
            let bytes = UnsafeBufferPointer(rebasing: rest[segment.start..<segment.end])
            if depth == 0 {
                guard top > lastTopIndex else { return false }
                lastTopIndex = top
            } else if segment.index >= 0 {
                // An element of the open array above: indices only grow.
                guard let last = open[depth - 1].lastIndex, segment.index > last else { return false }
                open[depth - 1].lastIndex = segment.index
            } else {
                guard open[depth - 1].lastIndex == nil else { return false }
                writer.key(utf8: bytes)
            }
            let isArray = path[depth + 1].index >= 0
            if isArray { writer.beginArray() } else { writer.beginObject() }
            open.append(Container(position: position, start: segment.start, end: segment.end, lastIndex: isArray ? -1 : nil))
        }
        guard open.last?.lastIndex == nil else { return false }
        let name = UnsafeBufferPointer(rebasing: rest[path[containers].start..<path[containers].end])
        writeMember(name, value, into: &writer)
        // The next key may share these containers when this key's last segment is its name (not
        // dropped as a repeat or a wrapper) and the segment before it is not a number, after
        // which a name could be a wrapper (see transform).
        if let dot = rest.lastIndex(of: UInt8(ascii: ".")), path[containers].start == dot &+ 1 {
            let before = (rest[..<dot].lastIndex(of: UInt8(ascii: ".")).map { $0 &+ 1 } ?? 0)..<dot
            if Self.index(UnsafeBufferPointer(rebasing: rest[before])) < 0 { containerPrefix = (position, dot &+ 1) }
        }
        return true
    }

    private mutating func writeMember(_ name: UnsafeBufferPointer<UInt8>, _ value: AttributeValue, into writer: inout JSONWriter) {
        writer.key(utf8: name)
        if name.equals("metadata"), case .string(let text) = value, let object = try? JSONParser.parse(text) {
            writer.write(object)
        } else {
            writer.write(value)
        }
    }

    /// Whether the open container at `depth` has the segment `bytes`.
    private func isOpen(_ depth: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let container = open[depth]
        guard container.end &- container.start == bytes.count else { return false }
        return rest(of: container.position) { UnsafeBufferPointer(rebasing: $0[container.start..<container.end]).sameBytes(bytes) }
    }

    private mutating func close(downTo depth: Int, writer: inout JSONWriter) {
        while open.count > depth {
            let container = open.removeLast()
            if container.lastIndex == nil { writer.endObject() } else { writer.endArray() }
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether the bytes start with `prefix`.
    @inline(__always)
    func hasPrefix(_ prefix: StaticString) -> Bool {
        count >= prefix.utf8CodeUnitCount && Self.equal(baseAddress.unsafelyUnwrapped, prefix.utf8Start, prefix.utf8CodeUnitCount)
    }

    /// Whether the bytes end with `suffix`.
    @inline(__always)
    func hasSuffix(_ suffix: StaticString) -> Bool {
        let length = suffix.utf8CodeUnitCount
        return count >= length && Self.equal(baseAddress.unsafelyUnwrapped + (count - length), suffix.utf8Start, length)
    }

    /// Whether the bytes are `other`'s.
    @inline(__always)
    func sameBytes(_ other: UnsafeBufferPointer<UInt8>) -> Bool {
        count == other.count && (count == 0 || Self.equal(baseAddress.unsafelyUnwrapped, other.baseAddress.unsafelyUnwrapped, count))
    }

    /// Whether the bytes are `other`'s.
    @inline(__always)
    func equals(_ other: StaticString) -> Bool {
        count == other.utf8CodeUnitCount && hasPrefix(other)
    }

    @inline(__always)
    fileprivate static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var position = 0
        // Eight bytes at a time: keys share long prefixes (`llm.input_messages.`).
        while position &+ 8 <= count {
            let left = UnsafeRawPointer(a + position).loadUnaligned(as: UInt64.self)
            if left != UnsafeRawPointer(b + position).loadUnaligned(as: UInt64.self) { return false }
            position &+= 8
        }
        while position < count {
            if a[position] != b[position] { return false }
            position += 1
        }
        return true
    }
}

extension String {
    /// Whether the UTF-8 bytes start with `prefix`, compared as bytes.
    @inline(__always)
    func hasUTF8Prefix(_ prefix: StaticString) -> Bool {
        withUTF8Bytes { $0.hasPrefix(prefix) }
    }

    /// Whether the UTF-8 bytes end with `suffix`, compared as bytes.
    @inline(__always)
    func hasUTF8Suffix(_ suffix: StaticString) -> Bool {
        withUTF8Bytes { $0.hasSuffix(suffix) }
    }

    /// `body` with the UTF-8 bytes in place (native strings), or copied (bridged ones).
    @inline(__always)
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable({ bytes in
            // An empty string may have no base address; the byte comparisons need one.
            bytes.isEmpty ? Self.withEmptyBytes(body) : body(bytes)
        }) {
            return result
        }
        return Array(utf8).withUnsafeBufferPointer { $0.isEmpty ? Self.withEmptyBytes(body) : body($0) }
    }

    /// `body` with an empty buffer that has a base address.
    private static func withEmptyBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var byte: UInt8 = 0
        return withUnsafePointer(to: &byte) { body(UnsafeBufferPointer(start: $0, count: 0)) }
    }
}
