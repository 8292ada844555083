import Foundation

extension OTLPExporterConfiguration {
    /// Where an OTLP destination keeps signals as feedback, chosen in this one place from the
    /// destination: every request carrying signals is built for it
    /// (``OTLPExporter/signalRequests(_:)``), so annotations never go to a server that cannot
    /// take them. Signals also stay on their spans as OpenInference `annotations.*` attributes
    /// whatever the sink.
    enum SignalSink: Equatable {
        /// None: a plain OpenTelemetry collector.
        case none
        /// Phoenix span, trace and session annotations under this base URL.
        case phoenix(URL)
        /// MLflow assessments under this tracking server's base URL.
        case mlflow(URL)

        /// An `x-mlflow-experiment-id` header — the header MLflow's OTLP endpoint requires —
        /// makes the destination MLflow, whatever else is set (MLflow answers 404 to Phoenix's
        /// annotation paths). Otherwise Phoenix when annotations are on (an API key, the local
        /// Phoenix default, `PHOENIX_COLLECTOR_ENDPOINT`, or ``sendsPhoenixAnnotations`` in
        /// code), else none.
        init(tracesURL: URL, headers: [(name: String, value: String)], sendsPhoenixAnnotations: Bool) {
            let base = tracesURL.removingTracesPath
            if headers.contains(where: { $0.name.caseInsensitiveCompare(MLflowAssessments.experimentHeader) == .orderedSame }) {
                self = .mlflow(base)
            } else {
                self = sendsPhoenixAnnotations ? .phoenix(base) : .none
            }
        }
    }
}
