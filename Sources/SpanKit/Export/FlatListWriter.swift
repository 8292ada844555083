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
    /// The open containers below the list: each path segment and, for an array, the last index
    /// written in it.
    private var open: [(segment: Substring, lastIndex: Int?)] = []
    /// The current key's path after transformation; reused from key to key.
    private var path: [Substring] = []
    private var lastTopIndex = -1

    /// Writes the attributes whose keys start with `prefix` as an array into `writer`; false when
    /// their order is not the helpers' (what was written is then unusable).
    static func write(_ attributes: UnsafeBufferPointer<Attribute>, prefix: StaticString, into writer: inout JSONWriter) -> Bool {
        var list = FlatListWriter()
        list.open.reserveCapacity(8)
        list.path.reserveCapacity(8)
        writer.beginArray()
        let prefixLength = prefix.utf8CodeUnitCount
        for attribute in attributes where attribute.key.hasUTF8Prefix(prefix) {
            let key = attribute.key
            let rest = key[key.utf8.index(key.utf8.startIndex, offsetBy: prefixLength)...]
            guard list.add(rest, attribute.value, into: &writer) else { return false }
        }
        list.close(downTo: 0, writer: &writer)
        writer.endArray()
        return true
    }

    private static func isWrapper(_ segment: Substring) -> Bool {
        switch segment.utf8.count {
        case 7: segment.sameBytes("message")
        case 15: segment.sameBytes("message_content")
        case 8: segment.sameBytes("document")
        case 9: segment.sameBytes("embedding")
        default: false
        }
    }

    /// The segments of `rest` (after the list's prefix) as they are written, into ``path``.
    private mutating func transform(_ rest: Substring) {
        path.removeAll(keepingCapacity: true)
        var previous: Substring?
        var previousIsIndex = false
        var listName: Substring = ""
        var start = rest.startIndex
        while true {
            let end = rest.utf8[start...].firstIndex(of: UInt8(ascii: ".")) ?? rest.endIndex
            let segment = rest[start..<end]
            let isIndex = Self.index(segment) != nil
            let skipped = previousIsIndex && (Self.isWrapper(segment) || (segment.sameBytes("tool_call") && listName.sameBytes("tool_calls")))
            if !skipped, isIndex || !(path.last?.sameBytes(segment) ?? false) { path.append(segment) }
            if isIndex { listName = previous ?? "" }
            previous = segment
            previousIsIndex = isIndex
            guard end < rest.endIndex else { break }
            start = rest.index(after: end)
        }
    }

    private static func index(_ segment: Substring) -> Int? {
        guard !segment.isEmpty, segment.utf8.count < 10, segment.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(segment)
    }

    private mutating func add(_ rest: Substring, _ value: AttributeValue, into writer: inout JSONWriter) -> Bool {
        transform(rest)
        // An element index, then at least one name.
        guard path.count >= 2, let top = Self.index(path[0]), Self.index(path[path.count - 1]) == nil else { return false }
        // The containers this key lies in: path[0..<count-1]. Keep what it shares with the open ones.
        let containers = path.count - 1
        var shared = 0
        while shared < open.count, shared < containers, open[shared].segment.sameBytes(path[shared]) { shared += 1 }
        close(downTo: shared, writer: &writer)
        for depth in shared..<containers {
            let segment = path[depth]
            if depth == 0 {
                guard top > lastTopIndex else { return false }
                lastTopIndex = top
            } else if let index = Self.index(segment) {
                // An element of the open array above: indices only grow.
                guard let last = open[depth - 1].lastIndex, index > last else { return false }
                open[depth - 1].lastIndex = index
            } else {
                guard open[depth - 1].lastIndex == nil else { return false }
                writer.key(String(segment))
            }
            let isArray = Self.index(path[depth + 1]) != nil
            if isArray { writer.beginArray() } else { writer.beginObject() }
            open.append((segment, isArray ? -1 : nil))
        }
        guard open.last?.lastIndex == nil else { return false }
        let name = path[containers]
        writer.key(String(name))
        if name.sameBytes("metadata"), case .string(let text) = value, let object = try? JSONParser.parse(text) {
            writer.write(object)
        } else {
            writer.write(value)
        }
        return true
    }

    private mutating func close(downTo depth: Int, writer: inout JSONWriter) {
        while open.count > depth {
            if open.removeLast().lastIndex == nil { writer.endObject() } else { writer.endArray() }
        }
    }
}

extension StringProtocol {
    /// Whether the UTF-8 bytes equal `other`'s: keys are compared as bytes, which is all their
    /// ASCII needs and far cheaper than `==`'s Unicode comparison.
    @inline(__always)
    func sameBytes(_ other: some StringProtocol) -> Bool {
        utf8.count == other.utf8.count && utf8.elementsEqual(other.utf8)
    }
}

extension String {
    /// Whether the UTF-8 bytes start with `prefix`, compared as bytes.
    @inline(__always)
    func hasUTF8Prefix(_ prefix: StaticString) -> Bool {
        withUTF8Bytes { $0.count >= prefix.utf8CodeUnitCount && Self.equal($0.baseAddress!, prefix.utf8Start, prefix.utf8CodeUnitCount) }
    }

    /// Whether the UTF-8 bytes end with `suffix`, compared as bytes.
    @inline(__always)
    func hasUTF8Suffix(_ suffix: StaticString) -> Bool {
        withUTF8Bytes { bytes in
            let count = suffix.utf8CodeUnitCount
            return bytes.count >= count && Self.equal(bytes.baseAddress! + (bytes.count - count), suffix.utf8Start, count)
        }
    }

    /// `body` with the UTF-8 bytes in place (native strings), or copied (bridged ones).
    @inline(__always)
    private func withUTF8Bytes(_ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        // An empty key matches no (non-empty) prefix or suffix, and has no base address.
        if let result = utf8.withContiguousStorageIfAvailable({ $0.isEmpty ? false : body($0) }) {
            return result
        }
        return Array(utf8).withUnsafeBufferPointer { $0.isEmpty ? false : body($0) }
    }

    @inline(__always)
    private static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var position = 0
        while position < count {
            if a[position] != b[position] { return false }
            position += 1
        }
        return true
    }
}
