import Foundation

extension SpanKitSystem.Configuration {
    /// Where finished spans go. Every destination but ``processor(_:)`` runs through SpanKit's
    /// pipeline: the configuration's batch settings, its diagnostics and, for the built-in HTTP
    /// exporters, its retries and spool.
    public enum Destination: Sendable {
        /// OTLP to Phoenix or a collector when the environment names one
        /// (`PHOENIX_COLLECTOR_ENDPOINT`, `OTEL_EXPORTER_OTLP_ENDPOINT`,
        /// `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`); otherwise the console tree plus the JSON-lines
        /// file ``SpanKitSystem/Configuration/automaticFile``. The default.
        case automatic
        /// OTLP/HTTP protobuf, batched, to ``SpanKitSystem/Configuration/otlpEndpoint`` (else the
        /// endpoint the environment names, else a local Phoenix).
        case otlp
        /// SpanKit's JSON span format, batched: `POST {baseURL}/spans`, then the batch's signals
        /// to `{baseURL}/signals/bulk`, with `apiKey` as `Authorization: Bearer`. Uses the
        /// configuration's headers, request timeout, retries and spool.
        case json(baseURL: URL, apiKey: String?)
        /// A trace tree as each trace ends — on standard error, so the app's own output stays
        /// clean, or on standard output with `standardOutput: true` — and, when `file` is given,
        /// JSON lines of every span appended to it.
        case console(file: URL? = nil, standardOutput: Bool = false)
        /// Your own exporters, each behind its own batch processor.
        case exporters([any SpanExporter])
        /// Several destinations at once, for example `.all([.console(file: nil), .otlp])` to
        /// watch traces in the terminal while they go to Phoenix.
        indirect case all([Destination])
        /// This processor, as it is: for tests (`InMemoryExporter` from `SpanKitTesting`) and
        /// custom pipelines.
        case processor(any SpanProcessor)
    }
}

extension SpanKitSystem.Configuration.Destination {
    /// The API keys this destination carries, which diagnostics must never quote.
    var apiKeys: [String] {
        switch self {
        case .json(_, let apiKey?): [apiKey]
        case .all(let destinations): destinations.flatMap(\.apiKeys)
        default: []
        }
    }
}
