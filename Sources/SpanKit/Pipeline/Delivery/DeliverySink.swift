/// Where a delivery (and its spool) reports: the exporter's own sink when its settings name a
/// handler, otherwise the sink of the pipeline that drives it — so an exporter passed with
/// `Destination.exporters([...])` still reports through the pipeline.
final class DeliverySink: Sendable {
    private let configured: DiagnosticSink?
    private let adopted = Locked<DiagnosticSink?>.make(nil)

    /// A sink reporting to `handler`, or, when nil, to the first pipeline sink adopted.
    init(handler: DiagnosticHandler?) {
        self.configured = handler.map { DiagnosticSink(handler: $0) }
    }

    /// Reports through `sink` from now on, unless the exporter has its own or one was adopted.
    func adopt(_ sink: DiagnosticSink) {
        adopted.withLock { if $0 == nil { $0 = sink } }
    }

    func report(_ diagnostic: Diagnostic) {
        (configured ?? adopted.withLock { $0 })?.report(diagnostic)
    }

    func report(_ code: Diagnostic.Code, _ message: String) {
        report(Diagnostic(code, message))
    }
}
