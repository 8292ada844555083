import Testing

/// A span's name and OpenInference kind, for comparing trees.
struct SpanShape: Equatable, CustomStringConvertible {
    let name: String
    let kind: String

    init(_ name: String, _ kind: String) {
        self.name = name
        self.kind = kind
    }

    init(_ span: StoredSpan) { self.init(span.name, span.kind) }

    var description: String { "\(kind) \(name)" }
}

/// Checks that `trace` is one root of shape `root` whose direct children are `children`, in
/// start order (or in any order when `ordered` is false), and that there is nothing else: every
/// span has the root's trace id and is the root or its child.
func expectTree(
    _ trace: [StoredSpan], root: SpanShape, children: [SpanShape], ordered: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let roots = trace.roots
    #expect(roots.map(SpanShape.init) == [root], "roots of \(trace)", sourceLocation: sourceLocation)
    guard let top = roots.first else { return }
    let found = trace.children(of: top).map(SpanShape.init)
    if ordered {
        #expect(found == children, sourceLocation: sourceLocation)
    } else {
        #expect(found.sorted { $0.description < $1.description } == children.sorted { $0.description < $1.description },
                sourceLocation: sourceLocation)
    }
    #expect(trace.count == children.count + 1, "\(trace)", sourceLocation: sourceLocation)
    #expect(trace.allSatisfy { $0.traceID == top.traceID && $0.traceID.count == 32 }, sourceLocation: sourceLocation)
}
