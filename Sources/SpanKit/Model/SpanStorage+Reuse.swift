/// Span storage reuse: a span started on a busy thread takes the storage of a span the batch
/// processor already exported, instead of allocating one.
///
/// Measured on the benchmark machine, the two allocations of a span with attributes (its
/// storage and its attribute array) were about 15 % of the calling thread's time: the export
/// thread frees them, so the caller's allocator found no memory of its own to reuse and took
/// the slow path every time. The storage now makes the round trip instead:
///
/// 1. The export worker encodes a batch; a span whose storage it holds alone (no ``Span`` value
///    anywhere) has its state emptied there (``SpanState/clearForReuse()``), keeping the
///    attribute array's room, and the storage joins the processor's spares.
/// 2. A thread that ends a span and has no spare takes one from the processor, under the queue
///    lock it holds anyway, into its ``ThreadLocalState``.
/// 3. The next span that thread starts for the same tracer reuses it.
///
/// Nothing recorded crosses from one span to the next: the state is emptied on the export
/// thread and every field is written again when the storage is reused. A storage is recycled
/// only when the batch's reference is the only one, so no span can still reach it.
extension LockedWith where State == SpanState, Lock == SpanLock {
    /// A new span's storage holding `factory()`'s state: `spare`'s when there is one (its
    /// emptied attribute array is kept, with its room), else a new allocation.
    @inline(__always)
    static func make(reusing spare: Self?, building factory: () -> SpanState) -> Self {
        guard let spare else { return make(building: factory) }
        // The spare belongs to this thread alone since it left the processor's lock.
        spare.buffer.withUnsafeMutablePointerToHeader { state in
            var kept = Attributes()
            swap(&kept, &state.pointee.attributes)
            state.pointee = factory()
            swap(&kept, &state.pointee.attributes)
        }
        return spare
    }
}

extension ThreadLocalState {
    /// This thread's spare for a span of `tracer`, taken out of the slot; nil when there is
    /// none. Another tracer's spare is let go, so that this tracer's processor can hand over
    /// its own at the span's end.
    @inline(__always)
    mutating func takeSpareStorage(for tracer: Tracer) -> SpanStorage? {
        guard let spare = spareStorage else { return nil }
        spareStorage = nil
        return spare.buffer.withUnsafeMutablePointerToHeader({ $0.pointee.tracer === tracer }) ? spare : nil
    }
}
