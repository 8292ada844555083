import Foundation
import OpenInference

extension SpanKitSystem {
    /// Everything ``SpanKitSystem/bootstrap(_:)`` sets up: the tracer, where spans go, how they
    /// get there, and where SpanKit's own problems are reported — one value with plain
    /// properties, as swift-otel's `OTel.Configuration`.
    ///
    /// ```swift
    /// var configuration = SpanKitSystem.Configuration(destination: .otlp)
    /// configuration.serviceName = "assistant"
    /// configuration.apiKey = phoenixAPIKey
    /// SpanKitSystem.bootstrap(configuration)
    /// ```
    ///
    /// This is the one place SpanKit reads environment variables, once, when the tracer is
    /// built: a value set here wins over its environment variable, which wins over the default.
    /// Invalid values are reported (naming the variable, quoting a value that cannot carry
    /// credentials, saying what is accepted) and ignored. Each property names its variable; see
    /// <doc:ConfigurationReference>.
    public struct Configuration: Sendable {
        /// Where spans go; ``Destination/automatic`` by default.
        public var destination: Destination
        /// The JSON-lines file of ``Destination/automatic`` when no collector is named
        /// (`spankit-spans.jsonl` in the working directory by default; nil for none).
        public var automaticFile: URL?
        /// Receives every diagnostic: refused signals, limits, export failures, invalid settings.
        ///
        /// When nil, diagnostics go to standard error, one `SpanKit: <level>: <message>` line
        /// each, with repeats of a storm counted rather than printed; `SPANKIT_LOG_LEVEL`
        /// (`off`, `error`, `warning` — the default — or `debug`) sets how much. A handler
        /// replaces that output and receives every diagnostic, whatever the level.
        public var onDiagnostic: (@Sendable (Diagnostic) -> Void)?
        /// Where the lines that would go to standard error go instead, when ``onDiagnostic`` is
        /// nil: the same level (`SPANKIT_LOG_LEVEL`), rate limiting and one-line text. For
        /// integrations (swift-log); nil writes to standard error.
        @_spi(Integration) public var writeDiagnosticLine: (@Sendable (DiagnosticLevel, String) -> Void)?
        /// The environment variables to read; nil (the default) reads the process environment,
        /// `[:]` reads none.
        public var environment: [String: String]?
        /// How long a process that exits without calling ``SpanKitSystem/shutdown(deadline:)``
        /// waits at exit for its queued spans to be delivered or spooled (`SPANKIT_EXIT_TIMEOUT`
        /// in milliseconds, default 3 s); `.zero` turns the exit flush off. See
        /// <doc:ExportingToPhoenixAndOTLPCollectors> for what it covers.
        public var exitTimeout: Duration?

        // MARK: Resource

        /// `service.name` (else `OTEL_SERVICE_NAME`, a `service.name` in
        /// `OTEL_RESOURCE_ATTRIBUTES`, `unknown_service:<process name>`).
        public var serviceName: String?
        /// `service.version`.
        public var serviceVersion: String?
        /// Further resource attributes, merged over those of `OTEL_RESOURCE_ATTRIBUTES`;
        /// ``serviceName``, ``serviceVersion`` and ``projectName`` win over entries here.
        public var resourceAttributes: [String: String]

        // MARK: Tracer (stored in `tracer`)

        /// Whether spans are recorded at all (else `OTEL_SDK_DISABLED`); `false` makes every span
        /// non-recording and builds no pipeline.
        public var isEnabled: Bool? {
            get { tracer.isEnabled }
            set { tracer.isEnabled = newValue }
        }
        /// The sampler (else `OTEL_TRACES_SAMPLER` and `OTEL_TRACES_SAMPLER_ARG`, else
        /// parent-based always-on).
        public var sampler: Sampler? {
            get { tracer.sampler }
            set { tracer.sampler = newValue }
        }
        /// Span limits; when set, replaces every limit (the `OTEL_SPAN_*_LIMIT` variables are
        /// then ignored).
        var spanLimits: SpanLimits? {
            get { tracer.limits }
            set { tracer.limits = newValue }
        }
        /// Privacy settings applied to every attribute write (else the `OPENINFERENCE_*`
        /// variables, else nothing hidden).
        public var traceConfig: TraceConfig? {
            get { tracer.traceConfig }
            set { tracer.traceConfig = newValue }
        }
        /// The other context system the tracer's spans share their traces with (see
        /// ``ContextBridge``); set by an integration such as SpanKitTracing, nil by default.
        @_spi(Integration) public var contextBridge: (any ContextBridge)? {
            get { tracer.contextBridge }
            set { tracer.contextBridge = newValue }
        }

        // MARK: OTLP and HTTP delivery (stored in `otlp`)

        /// The full OTLP traces URL (else `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`,
        /// `PHOENIX_COLLECTOR_ENDPOINT`, `OTEL_EXPORTER_OTLP_ENDPOINT`, else
        /// `http://localhost:6006/v1/traces`, a local Phoenix).
        public var otlpEndpoint: URL? {
            get { otlp.endpoint }
            set { otlp.endpoint = newValue }
        }
        /// The Phoenix API key, sent as `Authorization: Bearer` (else `PHOENIX_API_KEY`).
        public var apiKey: String? {
            get { otlp.apiKey }
            set { otlp.apiKey = newValue }
        }
        /// The Phoenix project: the `x-project-name` header and the `openinference.project.name`
        /// resource attribute (else `PHOENIX_PROJECT_NAME`).
        public var projectName: String? {
            get { otlp.projectName }
            set { otlp.projectName = newValue }
        }
        /// Extra headers for every export request, winning over every other header (credentials
        /// included; never logged or reported).
        public var headers: [String: String] {
            get { otlp.settings.headers }
            set { otlp.settings.headers = newValue }
        }
        /// Whether OTLP bodies are gzip-compressed (else `OTEL_EXPORTER_OTLP_COMPRESSION`, else
        /// yes). Internal: code sets the variable through ``environment``, which keeps one
        /// spelling of a setting that is rarely changed.
        var usesGzip: Bool? {
            get { otlp.compression.map { $0 == .gzip } }
            set { otlp.compression = newValue.map { $0 ? .gzip : .none } }
        }
        /// The timeout of one export request (else `OTEL_EXPORTER_OTLP_TIMEOUT` for OTLP, else
        /// 10 s); each attempt also ends by the export's deadline.
        public var requestTimeout: Duration? {
            get { otlp.timeout }
            set { otlp.timeout = newValue }
        }
        /// Whether signals are also sent as Phoenix span, trace and session annotations after
        /// the spans were accepted; by default when an ``apiKey`` is set, the endpoint is the
        /// local Phoenix default, or it came from `PHOENIX_COLLECTOR_ENDPOINT`. An
        /// `x-mlflow-experiment-id` header overrides it: the destination is then MLflow, and
        /// signals go to it as assessments.
        public var sendsPhoenixAnnotations: Bool? {
            get { otlp.sendsPhoenixAnnotations }
            set { otlp.sendsPhoenixAnnotations = newValue }
        }
        /// Attempts per export request in total, including the first (default 6); 1 turns
        /// retries off. Delays grow from 1 s, doubling up to 10 s, and `Retry-After` is honoured,
        /// all within the export's deadline.
        public var maxAttempts: Int {
            get { otlp.settings.retryPolicy.maxAttempts }
            set { otlp.settings.retryPolicy.maxAttempts = max(1, newValue) }
        }
        /// Where undeliverable batches are kept until a later export or run sends them, one file
        /// per batch (else `SPANKIT_SPOOL_DIRECTORY`; none by default). Files hold request bodies
        /// and URLs, never headers.
        public var spoolDirectory: URL? {
            get { otlp.settings.spoolDirectory }
            set { otlp.settings.spoolDirectory = newValue }
        }
        /// The most bytes the spool may occupy (default 64 MiB; `SPANKIT_SPOOL_MAX_BYTES` with a
        /// spool directory from the environment); a full spool refuses new batches, counted as
        /// failed, rather than deleting stored ones.
        public var spoolMaxBytes: Int {
            get { otlp.settings.spoolMaxBytes }
            set { otlp.settings.spoolMaxBytes = newValue }
        }

        // MARK: Batching (stored in `batch`)

        /// Spans held before new ones are dropped (else `OTEL_BSP_MAX_QUEUE_SIZE`, else 2048).
        /// The queue is also bounded in bytes: `SPANKIT_BSP_MAX_QUEUE_BYTES`, 32 MiB by default
        /// (see <doc:ConfigurationReference>).
        public var maxQueueSize: Int? {
            get { batch.maxQueueSize }
            set { batch.maxQueueSize = newValue }
        }
        /// Spans per export (else `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`, else 512; at most the queue size).
        public var maxExportBatchSize: Int? {
            get { batch.maxExportBatchSize }
            set { batch.maxExportBatchSize = newValue }
        }
        /// The longest a span waits before export (else `OTEL_BSP_SCHEDULE_DELAY` in ms, else 5 s).
        public var scheduleDelay: Duration? {
            get { batch.scheduleDelay }
            set { batch.scheduleDelay = newValue }
        }
        /// The export's deadline from its start: retries and waits fit inside it, and what is
        /// undelivered then is spooled or fails (else `OTEL_BSP_EXPORT_TIMEOUT` in ms, else 30 s).
        /// Internal for the same reason as ``usesGzip``.
        var exportTimeout: Duration? {
            get { batch.exportTimeout }
            set { batch.exportTimeout = newValue }
        }
        /// How long `end()` may wait for room in a full queue before the span is spilled to the
        /// spool (with one) or dropped; nil, the default, never waits: the calling thread is
        /// never blocked. A wait blocks the thread that ends the span, and in async code the
        /// export worker needs the same few threads, so keep it short.
        public var fullQueueWait: Duration? {
            get { batch.fullQueueWait }
            set { batch.fullQueueWait = newValue }
        }

        // MARK: Storage, in the components' own terms

        /// Sampling, limits, privacy and the span clock.
        var tracer = TracerConfiguration()
        /// The OTLP exporter's settings, whose HTTP settings the JSON destination shares.
        var otlp = OTLPExporterConfiguration()
        /// Queue and batch settings of the batch processors.
        var batch = BatchSpanProcessor.Options()

        /// `spankit-spans.jsonl` in the current directory.
        @usableFromInline static var defaultAutomaticFile: URL { JSONLinesFileExporter.defaultFileURL }

        /// Creates a configuration; every value not given has a default, and every property can
        /// be set afterwards.
        public init(
            destination: Destination = .automatic, serviceName: String? = nil, serviceVersion: String? = nil,
            resourceAttributes: [String: String] = [:], automaticFile: URL? = Configuration.defaultAutomaticFile,
            onDiagnostic: (@Sendable (Diagnostic) -> Void)? = nil, environment: [String: String]? = nil, exitTimeout: Duration? = nil
        ) {
            self.destination = destination
            self.serviceName = serviceName
            self.serviceVersion = serviceVersion
            self.resourceAttributes = resourceAttributes
            self.automaticFile = automaticFile
            self.onDiagnostic = onDiagnostic
            self.environment = environment
            self.exitTimeout = exitTimeout
        }
    }
}
