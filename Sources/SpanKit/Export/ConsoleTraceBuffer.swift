import Foundation

/// Holds finished spans until their trace can be printed as a tree.
///
/// Spans end child-first, so a span whose parent is still running waits here. A span that
/// completes a subtree — the trace root, a span with a remote parent, or a span whose parent was
/// already printed — releases itself with every waiting descendant. Memory is bounded: past
/// `maxTraces` waiting traces or `maxSpans` waiting spans the oldest trace is released as it is.
struct ConsoleTraceBuffer: Sendable {
    private struct PendingTrace: Sendable {
        var spans: [SpanRecord]
        /// Arrival order of the trace's first span; the smallest is evicted first.
        let age: UInt64
    }

    let maxTraces: Int
    let maxSpans: Int
    private var pending: [UUID: PendingTrace] = [:]
    private var pendingSpanCount = 0
    private var nextAge: UInt64 = 0
    /// Ids of spans printed recently, per trace, so a span ending after its parent was printed
    /// is shown at once as a late subtree instead of waiting for a parent that will not come.
    private var printed: [UUID: Set<UUID>] = [:]
    /// Traces in `printed`, oldest first; bounded like `pending`.
    private var printedOrder: [UUID] = []
    private var printedSpanCount = 0

    init(maxTraces: Int, maxSpans: Int) {
        self.maxTraces = max(0, maxTraces)
        self.maxSpans = max(0, maxSpans)
    }

    /// The number of spans waiting.
    var spanCount: Int { pendingSpanCount }

    /// Adds a finished span; returns the trees that are now complete or were evicted.
    mutating func add(_ span: SpanRecord) -> [ConsoleTree] {
        if let mark = completionMark(of: span) {
            let tree = takeSubtree(rootedAt: span, mark: mark)
            remember(tree)
            return [tree]
        }
        if pending[span.traceID] == nil {
            pending[span.traceID] = PendingTrace(spans: [], age: nextAge)
            nextAge += 1
        }
        pending[span.traceID]!.spans.append(span)
        pendingSpanCount += 1
        var evicted: [ConsoleTree] = []
        while !pending.isEmpty, pendingSpanCount > maxSpans || pending.count > maxTraces {
            evicted.append(evictOldest())
        }
        return evicted
    }

    /// Releases every waiting span, oldest trace first, each subtree marked orphaned.
    mutating func removeAll() -> [ConsoleTree] {
        let traces = pending.sorted { $0.value.age < $1.value.age }
        pending.removeAll()
        pendingSpanCount = 0
        return traces.map { trace in
            let tree = incompleteTree(trace.key, trace.value.spans, mark: .orphaned)
            remember(tree)
            return tree
        }
    }

    private func completionMark(of span: SpanRecord) -> ConsoleTree.RootMark? {
        guard let parent = span.parentID else { return .traceRoot }
        // A parent from another process never arrives here: its part of the trace is printed there.
        if span.hasRemoteParent { return .remoteParent(spanID: parent.high) }
        if printed[span.traceID]?.contains(parent) == true { return .late }
        return nil
    }

    /// The span plus its waiting descendants, removed from the buffer.
    private mutating func takeSubtree(rootedAt root: SpanRecord, mark: ConsoleTree.RootMark) -> ConsoleTree {
        var tree = ConsoleTree(spans: [root], marks: [root.spanID: mark])
        guard var trace = pending[root.traceID] else { return tree }
        var childrenByParent: [UUID: [Int]] = [:]
        for (position, span) in trace.spans.enumerated() {
            if let parent = span.parentID { childrenByParent[parent, default: []].append(position) }
        }
        var taken = Set<Int>()
        var frontier = [root.spanID]
        while let parent = frontier.popLast() {
            for position in childrenByParent[parent] ?? [] where taken.insert(position).inserted {
                tree.spans.append(trace.spans[position])
                frontier.append(trace.spans[position].spanID)
            }
        }
        guard !taken.isEmpty else { return tree }
        trace.spans = trace.spans.enumerated().filter { !taken.contains($0.offset) }.map(\.element)
        pendingSpanCount -= taken.count
        pending[root.traceID] = trace.spans.isEmpty ? nil : trace
        return tree
    }

    private mutating func evictOldest() -> ConsoleTree {
        let oldest = pending.min { $0.value.age < $1.value.age }!
        pending[oldest.key] = nil
        pendingSpanCount -= oldest.value.spans.count
        let tree = incompleteTree(oldest.key, oldest.value.spans, mark: .evicted)
        remember(tree)
        return tree
    }

    /// A tree of spans whose trace root has not arrived; subtree roots whose parent was printed
    /// are late, the others get `mark`.
    private func incompleteTree(_ traceID: UUID, _ spans: [SpanRecord], mark: ConsoleTree.RootMark) -> ConsoleTree {
        let ids = Set(spans.map(\.spanID))
        var marks: [UUID: ConsoleTree.RootMark] = [:]
        for span in spans {
            guard let parent = span.parentID, !ids.contains(parent) else { continue }
            marks[span.spanID] = printed[traceID]?.contains(parent) == true ? .late : mark
        }
        return ConsoleTree(spans: spans, marks: marks)
    }

    private mutating func remember(_ tree: ConsoleTree) {
        guard let traceID = tree.spans.first?.traceID else { return }
        if printed[traceID] == nil { printedOrder.append(traceID) }
        let before = printed[traceID]?.count ?? 0
        printed[traceID, default: []].formUnion(tree.spans.lazy.map(\.spanID))
        printedSpanCount += printed[traceID]!.count - before
        // A trace larger than the whole bound is forgotten too: memory stays bounded, and its
        // later spans are then printed as orphans rather than as late subtrees.
        while !printedOrder.isEmpty, printedSpanCount > maxSpans || printedOrder.count > maxTraces {
            let forgotten = printedOrder.removeFirst()
            printedSpanCount -= printed.removeValue(forKey: forgotten)?.count ?? 0
        }
    }
}
