/// A recording span that ended, as the batch processor queues it: its storage alone, whose
/// state also holds the context and the parent.
///
/// A queue slot is 8 bytes instead of a ``Span``'s 80. The producers write the slots and the
/// export thread reads them, so each slot's cache line crosses between cores: one line per
/// eight spans instead of more than one per span.
struct EndedSpan: Sendable {
    /// A `var` only so that ``takeRecord(sharingAttributes:)`` and ``storageForReuse()`` can ask whether the
    /// reference is unique.
    private var storage: SpanStorage

    /// The ended form of `span`, which the caller checked is recording.
    @inline(__always)
    init(recording span: Span) {
        storage = span.storage.unsafelyUnwrapped
    }

    /// The snapshot exporters receive.
    ///
    /// When this value holds the only reference to the span's storage — the batch processor's
    /// queue usually does, once the caller's copies are gone — no one can read the span again,
    /// so its recorded values are moved into the record instead of copied (see
    /// ``SpanState/takeRecord(sharingAttributes:)``). Otherwise it is ``Span/record``.
    mutating func takeRecord(sharingAttributes: Bool) -> SpanRecord {
        // The lock orders this read after the last write, made on whichever thread ended the span.
        guard isKnownUniquelyReferenced(&storage.buffer) else { return storage.withLock { $0.makeRecord() } }
        return storage.withLock { $0.takeRecord(sharingAttributes: sharingAttributes) }
    }

    /// The span's storage, emptied for a new span to reuse, when this value holds the only
    /// reference to it (see `SpanStorage+Reuse.swift`); nil when a ``Span`` still refers to it.
    mutating func storageForReuse() -> SpanStorage? {
        guard isKnownUniquelyReferenced(&storage.buffer) else { return nil }
        storage.withLock { $0.clearForReuse() }
        return storage
    }
}
