/// A fixed-capacity FIFO of ended spans: appending never allocates once created.
struct SpanRing {
    private var slots: [Span?]
    private var head = 0
    private(set) var count = 0

    init(capacity: Int) {
        slots = Array(repeating: nil, count: max(capacity, 1))
    }

    var capacity: Int { slots.count }
    var isFull: Bool { count == slots.count }
    var isEmpty: Bool { count == 0 }

    /// Appends `span`; the caller checks `isFull` first.
    @inline(__always)
    mutating func append(_ span: Span) {
        var index = head + count
        if index >= slots.count { index -= slots.count }
        slots[index] = span
        count += 1
    }

    /// Removes and returns up to `limit` spans, oldest first.
    mutating func removeFirst(upTo limit: Int) -> [Span] {
        let taken = min(limit, count)
        var result: [Span] = []
        result.reserveCapacity(taken)
        for _ in 0..<taken {
            result.append(slots[head]!)
            slots[head] = nil
            head += 1
            if head == slots.count { head = 0 }
        }
        count -= taken
        return result
    }
}
