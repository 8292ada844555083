import OpenInference

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
/// 3. The next span that thread starts for the same tracer restarts it in place.
///
/// Nothing recorded crosses from one span to the next: the state is emptied on the export
/// thread and every field is written again when the storage is reused. A storage is recycled
/// only when the batch's reference is the only one, so no span can still reach it.
extension LockedWith where State == SpanState, Lock == SpanLock {
    /// A new span's storage: `spare`, restarted in place, when there is one (its emptied
    /// attribute array keeps its room, its tracer is this span's), else a new allocation.
    @inline(__always)
    static func start(
        reusing spare: consuming Self?, tracer: Tracer, context: SpanContext, parentID: ID128?, name: String, kind: SpanKind,
        otelKind: OTelSpanKind, startTime: UInt64, monotonicStart: UInt64, hasRemoteParent: Bool
    ) -> Self {
        guard let spare else {
            return make {
                SpanState(
                    tracer: tracer, context: context, parentID: parentID, name: name, kind: kind, otelKind: otelKind,
                    startTime: startTime, monotonicStart: monotonicStart, hasRemoteParent: hasRemoteParent)
            }
        }
        // The spare belongs to this thread alone since it left the processor's lock.
        spare.buffer.withUnsafeMutablePointerToHeader { state in
            state.pointee.restart(
                context: context, parentID: parentID, name: name, kind: kind, otelKind: otelKind,
                startTime: startTime, monotonicStart: monotonicStart, hasRemoteParent: hasRemoteParent)
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
        guard let spare = spareStorage.take() else { return nil }
        return spare.buffer.withUnsafeMutablePointerToHeader({ $0.pointee.tracer === tracer }) ? spare : nil
    }
}
