/// The attributes one typed helper writes, collected in order so that the helper can apply them
/// all under the span's lock at once.
struct AttributeList: ~Copyable {
    private(set) var pairs: [(String, AttributeValue)] = []

    init(capacity: Int = 0) {
        if capacity > 0 { pairs.reserveCapacity(capacity) }
    }

    /// The pairs, leaving the list empty: the only reference, so they can be moved out of.
    mutating func takePairs() -> [(String, AttributeValue)] {
        var taken: [(String, AttributeValue)] = []
        swap(&taken, &pairs)
        return taken
    }

    @inline(__always)
    mutating func append(_ key: String, _ value: AttributeValue) {
        pairs.append((key, value))
    }

    /// Appends a string unless it is nil: optional fields of the input values stay unset rather
    /// than becoming empty strings.
    @inline(__always)
    mutating func append(_ key: @autoclosure () -> String, _ value: String?) {
        guard let value else { return }
        pairs.append((key(), .string(value)))
    }

    @inline(__always)
    mutating func append(_ key: @autoclosure () -> String, _ value: Int?) {
        guard let value else { return }
        pairs.append((key(), .int(value)))
    }

    @inline(__always)
    mutating func append(_ key: @autoclosure () -> String, _ value: Double?) {
        guard let value else { return }
        pairs.append((key(), .double(value)))
    }
}

extension Span {
    /// Writes the collected attributes under one lock.
    @inline(__always)
    func setAttributes(_ list: consuming AttributeList) {
        setAttributes(list.takePairs())
    }
}
