import Foundation

/// Finished spans of one trace that the console exporter prints together: one or more
/// subtrees, each rooted at a span whose parent is not in the group.
struct ConsoleTree: Sendable {
    /// Why a subtree root has no parent in the group; shown on the root's line.
    enum RootMark: Sendable, Equatable {
        /// The trace's root: the span has no parent.
        case traceRoot
        /// The parent runs in another process (it is known only by its 8-byte OpenTelemetry
        /// id, which is how a `traceparent` header carries it).
        case remoteParent(spanID: UInt64)
        /// The parent was printed earlier: this span ended after it.
        case late
        /// The parent had not ended when the exporter was flushed or shut down.
        case orphaned
        /// The parent had not ended when the buffer reached its limit.
        case evicted
    }

    /// The spans, in no particular order.
    var spans: [SpanRecord]
    /// The mark of each subtree root; a root missing from here is shown as orphaned.
    var marks: [UUID: RootMark]
}
