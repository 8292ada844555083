/// A fixed-capacity FIFO of ended spans with the approximate bytes each holds (see
/// ``Span/queuedByteCount``): appending never allocates once created.
struct SpanRing {
    private var slots: [EndedSpan?]
    /// The approximate size of the span in the same slot.
    private var sizes: [Int]
    private var head = 0
    private(set) var count = 0
    /// The approximate bytes the spans in the ring hold.
    private(set) var byteCount = 0

    init(capacity: Int) {
        slots = Array(repeating: nil, count: max(capacity, 1))
        sizes = Array(repeating: 0, count: max(capacity, 1))
    }

    var capacity: Int { slots.count }
    var isFull: Bool { count == slots.count }
    var isEmpty: Bool { count == 0 }

    /// Appends `span`, which holds about `bytes`; the caller checks `isFull` first.
    @inline(__always)
    mutating func append(_ span: EndedSpan, bytes: Int) {
        var index = head + count
        if index >= slots.count { index -= slots.count }
        slots[index] = span
        sizes[index] = bytes
        count += 1
        byteCount += bytes
    }

    /// Removes and returns up to `limit` spans, oldest first, with the bytes they hold.
    ///
    /// Runs under the processor's lock, which every `onEnd` on every thread also takes, so it
    /// moves the spans out of their slots instead of copying them: a copy and the `nil` written
    /// behind it cost two atomic reference-count operations per span, which made this critical
    /// section (512 spans by default) long enough for producers to block on the lock.
    mutating func removeFirst(upTo limit: Int) -> (spans: [EndedSpan], bytes: Int) {
        let taken = min(limit, count)
        guard taken > 0 else { return ([], 0) }
        var position = head
        let capacity = slots.count
        var bytes = 0
        let result = slots.withUnsafeMutableBufferPointer { slots in
            [EndedSpan](unsafeUninitializedCapacity: taken) { output, initializedCount in
                let source = slots.baseAddress.unsafelyUnwrapped
                let destination = output.baseAddress.unsafelyUnwrapped
                for offset in 0..<taken {
                    // Every slot from head for `count` positions holds a span; moving it out
                    // leaves the slot uninitialised, so nil is written back without a release.
                    (destination + offset).initialize(to: (source + position).move().unsafelyUnwrapped)
                    (source + position).initialize(to: nil)
                    bytes &+= sizes[position]
                    position += 1
                    if position == capacity { position = 0 }
                }
                initializedCount = taken
            }
        }
        head = position
        count -= taken
        byteCount -= bytes
        return (result, bytes)
    }
}

extension SpanRing {
    /// Space left before the ring is full.
    var freeCount: Int { capacity - count }

    /// Moves up to `limit` of the oldest spans to the end of `other`, as far as it has room in
    /// count and while it holds at most `byteLimit` bytes, without touching their reference
    /// counts (both rings are under the processor's lock).
    mutating func transfer(upTo limit: Int, into other: inout SpanRing, byteLimit: Int) {
        let most = min(limit, count, other.freeCount)
        var room = byteLimit - other.byteCount
        var moved = 0
        while moved < most {
            let bytes = sizes[slot(after: head, by: moved)]
            guard bytes <= room else { break }
            room -= bytes
            moved += 1
        }
        guard moved > 0 else { return }
        let first = head
        // Sizes stay in their slots after removal, so they can be read back here.
        for (offset, span) in removeFirst(upTo: moved).spans.enumerated() {
            other.append(span, bytes: sizes[slot(after: first, by: offset)])
        }
    }

    /// Removes up to `limit` of the oldest spans, stopping before the one that would take
    /// their bytes past `byteLimit` — but always the first, however large.
    mutating func removeFirst(upTo limit: Int, bytes byteLimit: Int) -> (spans: [EndedSpan], bytes: Int) {
        // The common case, small spans: the whole ring is within the limit, so no walk (this
        // runs under the processor's lock, which every `onEnd` takes too).
        if byteCount <= byteLimit { return removeFirst(upTo: limit) }
        let most = min(limit, count)
        var taken = 0, bytes = 0
        while taken < most {
            let next = sizes[slot(after: head, by: taken)]
            guard taken == 0 || bytes + next <= byteLimit else { break }
            bytes += next
            taken += 1
        }
        return removeFirst(upTo: taken)
    }

    private func slot(after position: Int, by offset: Int) -> Int {
        let index = position + offset
        return index >= capacity ? index - capacity : index
    }
}
