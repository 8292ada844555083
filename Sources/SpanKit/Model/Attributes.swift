/// One attribute: a key and its value.
struct Attribute: Sendable, Hashable {
    /// The attribute key, for example `llm.model_name`.
    let key: String
    /// The attribute value.
    var value: AttributeValue

    init(key: String, value: AttributeValue) {
        self.key = key
        self.value = value
    }
}

/// The attributes of a span, event or link: read a value by key, or all of them as a
/// ``dictionary``.
///
/// Keys keep the order in which they were first set (the exporters write them in that order).
/// Small sets are searched linearly; past 16 keys a dictionary index is built, so a span with
/// thousands of flattened message attributes stays linear in its size.
public struct Attributes: Sendable, Equatable {
    /// The number of keys above which lookups use a dictionary.
    static let indexThreshold = 16

    /// The attributes in the order their keys were first set; keys are unique.
    private(set) var list: [Attribute] = []
    /// Positions by key: nil up to ``indexThreshold`` keys, then complete. A function of `list`,
    /// so the synthesized equality compares what matters.
    private var index: [String: Int]? = nil

    /// Creates an attribute set from a dictionary, ordered by key.
    public init(_ dictionary: [String: AttributeValue] = [:]) {
        for key in dictionary.keys.sorted() {
            _ = set(key, dictionary[key]!, countLimit: .max)
        }
    }

    /// The value for `key`, or nil when the key is not set.
    public subscript(key: String) -> AttributeValue? {
        guard let position = position(of: key) else { return nil }
        return list[position].value
    }

    /// The attributes as a dictionary.
    public var dictionary: [String: AttributeValue] {
        Dictionary(list.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// The number of attributes.
    var count: Int { list.count }
    /// Whether there are no attributes.
    var isEmpty: Bool { list.isEmpty }

    /// Calls `body` with the attributes in place. Encoders read them this way: iterating the
    /// collection copies each attribute, which costs reference-count operations per key and value.
    @inline(__always)
    func withUnsafeBufferPointer<Result>(_ body: (UnsafeBufferPointer<Attribute>) throws -> Result) rethrows -> Result {
        try list.withUnsafeBufferPointer(body)
    }

    /// What happened to a write.
    enum SetOutcome { case inserted, replaced, droppedByLimit }

    /// Sets `value` for `key`; a new key beyond `countLimit` is dropped, an existing key is
    /// always updated.
    @inline(__always)
    mutating func set(_ key: String, _ value: AttributeValue, countLimit: Int) -> SetOutcome {
        if let position = position(of: key) {
            list[position].value = value
            return .replaced
        }
        guard list.count < countLimit else { return .droppedByLimit }
        if list.capacity == 0 { list.reserveCapacity(8) }
        list.append(Attribute(key: key, value: value))
        if index != nil {
            index![key] = list.count - 1
        } else if list.count > Self.indexThreshold {
            buildIndex()
        }
        return .inserted
    }

    /// Removes `key`; returns whether it was present.
    @discardableResult
    mutating func remove(_ key: String) -> Bool {
        guard let position = position(of: key) else { return false }
        list.remove(at: position)
        if list.count > Self.indexThreshold { buildIndex() } else { index = nil }
        return true
    }

    @inline(__always)
    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        for position in list.indices where list[position].key == key { return position }
        return nil
    }

    private mutating func buildIndex() {
        var built = [String: Int](minimumCapacity: list.count * 2)
        for (position, attribute) in list.enumerated() { built[attribute.key] = position }
        index = built
    }
}
