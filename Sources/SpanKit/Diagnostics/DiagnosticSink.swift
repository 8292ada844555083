/// The one place SpanKit's own problems go: every component (tracer, processors, delivery,
/// spool, exporters) reports through the sink it was given when the pipeline was built, never
/// through a handler of its own.
///
/// A reference type so that one sink is shared by every component of a pipeline and the
/// configuration decides once what it does with a diagnostic: a handler set in code receives
/// every diagnostic; without one, they go to standard error (``StandardErrorReporter``) at the
/// level of `SPANKIT_LOG_LEVEL`.
final class DiagnosticSink: Sendable {
    private let handler: DiagnosticHandler?
    private let standardError: StandardErrorReporter?

    /// A sink that passes every diagnostic to `handler` (nothing when nil).
    init(handler: DiagnosticHandler?) {
        self.handler = handler
        self.standardError = nil
    }

    /// A sink that passes every diagnostic to `handler`, or, without one, prints those at most
    /// `level` to standard error (or hands the lines to `writeLine`).
    init(handler: DiagnosticHandler?, level: DiagnosticLevel, writeLine: DiagnosticLineWriter? = nil) {
        self.handler = handler
        guard handler == nil, level != .off else {
            self.standardError = nil
            return
        }
        self.standardError = writeLine.map { StandardErrorReporter(level: level, writeLine: $0) } ?? StandardErrorReporter(level: level)
    }

    /// A sink that discards everything, for components used on their own in tests.
    static let discarding = DiagnosticSink(handler: nil)

    /// What components built by hand (without ``SpanKitSystem/makeTracer(_:)``) report to: standard
    /// error at the default level, since they have no configuration to read a level from.
    static let standardErrorDefault = DiagnosticSink(handler: nil, level: .default)

    /// Reports one diagnostic.
    func report(_ diagnostic: Diagnostic) {
        if let handler {
            handler(diagnostic)
        } else {
            standardError?.report(diagnostic)
        }
    }

    /// Reports a diagnostic built from its parts.
    func report(_ code: Diagnostic.Code, _ message: String) {
        report(Diagnostic(code, message))
    }

    /// Prints the counts of repeated diagnostics still held back by the rate limit (at
    /// shutdown, so that a storm is never reported as a single failure).
    func flush() {
        standardError?.flush()
    }
}
