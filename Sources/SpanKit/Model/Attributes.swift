/// One attribute: a key and its value.
struct Attribute: Sendable, Hashable {
    /// The attribute key, for example `llm.model_name`.
    let key: String
    /// The attribute value.
    var value: AttributeValue
    /// `AttributeKeyIndex.hash(key)`, computed once when the attribute is made: a search
    /// compares it before comparing keys (a string comparison costs tens of instructions even
    /// when the lengths differ), and the index never hashes a stored key again. It fits in the
    /// padding after the value, so an attribute takes no more memory with it.
    let keyHash: UInt32

    init(key: String, value: AttributeValue) {
        self.init(key: key, value: value, keyHash: AttributeKeyIndex.hash(key))
    }

    @inline(__always)
    init(key: String, value: AttributeValue, keyHash: UInt32) {
        self.key = key
        self.value = value
        self.keyHash = keyHash
    }
}

/// The attributes of a span, event or link: read a value by key, or all of them as a
/// ``dictionary``.
///
/// Keys keep the order in which they were first set (the exporters write them in that order).
/// Small sets are searched linearly, comparing each key's stored hash before the key; past 16
/// keys an index of the keys is built (`AttributeKeyIndex`), so a span with thousands of
/// flattened message attributes stays linear in its size.
public struct Attributes: Sendable, Equatable {
    /// The number of keys above which lookups use the index.
    static let indexThreshold = 16

    /// The attributes in the order their keys were first set; keys are unique.
    private var storage: [Attribute] = []
    private var index: AttributeKeyIndex? = nil

    /// An empty set. Every span starts with one, so it must not go through the dictionary
    /// initialiser (which sorts the keys of its empty argument).
    @inline(__always)
    init() {}

    /// Creates an attribute set from a dictionary, ordered by key.
    public init(_ dictionary: [String: AttributeValue] = [:]) {
        for key in dictionary.keys.sorted() {
            _ = set(key, dictionary[key]!, countLimit: .max)
        }
    }

    /// The value for `key`, or nil when the key is not set.
    public subscript(key: String) -> AttributeValue? {
        guard let position = position(of: key) else { return nil }
        return storage[position].value
    }

    /// The attributes as a dictionary.
    public var dictionary: [String: AttributeValue] {
        Dictionary(storage.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// The attributes in the order their keys were first set.
    var list: [Attribute] { storage }
    /// The number of attributes.
    var count: Int { storage.count }
    /// Whether there are no attributes.
    var isEmpty: Bool { storage.isEmpty }

    /// Calls `body` with the attributes in place. Encoders read them this way: iterating the
    /// collection copies each attribute, which costs reference-count operations per key and value.
    @inline(__always)
    func withUnsafeBufferPointer<Result>(_ body: (UnsafeBufferPointer<Attribute>) throws -> Result) rethrows -> Result {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Compares keys and values in order (the index is a function of them).
    public static func == (lhs: Attributes, rhs: Attributes) -> Bool { lhs.storage == rhs.storage }

    /// What happened to a write.
    enum SetOutcome { case inserted, replaced, droppedByLimit }

    /// Sets `value` for `key`; a new key beyond `countLimit` is dropped, an existing key is
    /// always updated.
    @inline(__always)
    mutating func set(_ key: consuming String, _ value: consuming AttributeValue, countLimit: Int) -> SetOutcome {
        let hash = AttributeKeyIndex.hash(key)
        if index != nil { return setIndexed(key, value, hash: hash, countLimit: countLimit) }
        for position in storage.indices where storage[position].keyHash == hash && storage[position].key == key {
            storage[position].value = value
            return .replaced
        }
        guard storage.count < countLimit else { return .droppedByLimit }
        if storage.capacity == 0 { storage.reserveCapacity(8) }
        storage.append(Attribute(key: key, value: value, keyHash: hash))
        if storage.count > Self.indexThreshold { buildIndex() }
        return .inserted
    }

    /// ``set(_:_:countLimit:)`` past the index threshold.
    private mutating func setIndexed(_ key: consuming String, _ value: consuming AttributeValue, hash: UInt32, countLimit: Int) -> SetOutcome {
        let probe = index!.probe(key, hash: hash, in: storage)
        if case .found(let position) = probe {
            storage[position].value = value
            return .replaced
        }
        guard storage.count < countLimit else { return .droppedByLimit }
        storage.append(Attribute(key: key, value: value, keyHash: hash))
        index!.insert(probe, at: storage.count - 1)
        return .inserted
    }

    /// Makes room for `additional` more attributes at once (a typed helper's batch), keeping the
    /// array's geometric growth. At least 16: a span that a typed helper writes to usually gets
    /// more from the next helper, and each growth copies the array (8 would be outgrown by the
    /// first conversation; spans written only by `setAttribute` keep starting at 8).
    mutating func reserve(additional: Int) {
        let needed = storage.count + additional
        guard needed > storage.capacity else { return }
        storage.reserveCapacity(Swift.max(needed, storage.capacity * 2, 16))
    }

    /// The largest storage a reused span keeps (see ``removeAllForReuse()``): room for the
    /// attributes of a typical span (the typed helpers reserve 16), not for a conversation's
    /// flattened messages.
    static let reusableCapacity = 16

    /// Removes every attribute, keeping a small storage for the next span to fill without
    /// allocating (a larger one is freed).
    mutating func removeAllForReuse() {
        if storage.capacity <= Self.reusableCapacity {
            storage.removeAll(keepingCapacity: true)
        } else {
            storage = []
        }
        index = nil
    }

    /// Removes `key`; returns whether it was present.
    @discardableResult
    mutating func remove(_ key: String) -> Bool {
        guard let position = position(of: key) else { return false }
        storage.remove(at: position)
        if index != nil { buildIndex() }
        return true
    }

    @inline(__always)
    private func position(of key: String) -> Int? {
        let hash = AttributeKeyIndex.hash(key)
        if let index {
            if case .found(let position) = index.probe(key, hash: hash, in: storage) { return position }
            return nil
        }
        for position in storage.indices where storage[position].keyHash == hash && storage[position].key == key { return position }
        return nil
    }

    private mutating func buildIndex() {
        var built = AttributeKeyIndex(capacity: storage.capacity)
        for position in storage.indices {
            let probe = built.probe(storage[position].key, hash: storage[position].keyHash, in: storage)
            // Keys are unique, so every probe ends at an empty slot.
            built.insert(probe, at: position)
        }
        index = built
    }
}
