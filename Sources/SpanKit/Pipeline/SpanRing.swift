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
    ///
    /// Runs under the processor's lock, which every `onEnd` on every thread also takes, so it
    /// moves the spans out of their slots instead of copying them: a copy and the `nil` written
    /// behind it cost two atomic reference-count operations per span, which made this critical
    /// section (512 spans by default) long enough for producers to block on the lock.
    mutating func removeFirst(upTo limit: Int) -> [Span] {
        let taken = min(limit, count)
        guard taken > 0 else { return [] }
        var position = head
        let capacity = slots.count
        let result = slots.withUnsafeMutableBufferPointer { slots in
            [Span](unsafeUninitializedCapacity: taken) { output, initializedCount in
                let source = slots.baseAddress.unsafelyUnwrapped
                let destination = output.baseAddress.unsafelyUnwrapped
                for offset in 0..<taken {
                    // Every slot from head for `count` positions holds a span; moving it out
                    // leaves the slot uninitialised, so nil is written back without a release.
                    (destination + offset).initialize(to: (source + position).move().unsafelyUnwrapped)
                    (source + position).initialize(to: nil)
                    position += 1
                    if position == capacity { position = 0 }
                }
                initializedCount = taken
            }
        }
        head = position
        count -= taken
        return result
    }
}

extension SpanRing {
    /// Space left before the ring is full.
    var freeCount: Int { capacity - count }

    /// Moves up to `limit` of the oldest spans to the end of `other`, as far as it has room,
    /// without touching their reference counts (both rings are under the processor's lock).
    mutating func transfer(upTo limit: Int, into other: inout SpanRing) {
        let moved = min(limit, count, other.freeCount)
        guard moved > 0 else { return }
        for span in removeFirst(upTo: moved) { other.append(span) }
    }
}
