/// The one place SpanKit's own problems go: every component (tracer, processors, delivery,
/// spool, exporters) reports through the sink it was given when the pipeline was built, never
/// through a handler of its own.
///
/// A reference type so that one sink is shared by every component of a pipeline and the
/// configuration decides once what it does with a diagnostic.
final class DiagnosticSink: Sendable {
    private let handler: DiagnosticHandler?

    /// A sink that passes every diagnostic to `handler` (nothing when nil).
    init(handler: DiagnosticHandler?) {
        self.handler = handler
    }

    /// A sink that discards everything, for components used on their own in tests.
    static let discarding = DiagnosticSink(handler: nil)

    /// Reports one diagnostic.
    func report(_ diagnostic: Diagnostic) {
        handler?(diagnostic)
    }

    /// Reports a diagnostic built from its parts.
    func report(_ code: Diagnostic.Code, _ message: String) {
        report(Diagnostic(code, message))
    }
}
