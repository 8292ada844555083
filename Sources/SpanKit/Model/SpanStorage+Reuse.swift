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
/// 3. The next span that thread starts, for any tracer, restarts it in place.
///
/// Nothing recorded crosses from one span to the next: the state is emptied on the export
/// thread and every field is written again when the storage is reused. A storage is recycled
/// only when the batch's reference is the only one, so no span can still reach it. A kept
/// storage holds no reference to its tracer either: a spare left in a thread's slot after its
/// pipeline shut down keeps nothing of it (sockets, exporters, handlers) alive.
extension LockedWith where State == SpanState, Lock == SpanLock {
    /// A new span's storage: `spare`, restarted in place, when there is one (its emptied
    /// attribute array keeps its room), else a new allocation.
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
                tracer: tracer, context: context, parentID: parentID, name: name, kind: kind, otelKind: otelKind,
                startTime: startTime, monotonicStart: monotonicStart, hasRemoteParent: hasRemoteParent)
        }
        return spare
    }
}
