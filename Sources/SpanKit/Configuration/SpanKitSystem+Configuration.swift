import Foundation

extension SpanKitSystem {
    /// Everything ``SpanKitSystem/bootstrap(_:)-(SpanKitSystem.Configuration)`` sets up: the tracer, where spans go,
    /// how they get there, and where SpanKit's own problems are reported.
    ///
    /// This is the one place SpanKit reads environment variables, once, when the tracer is
    /// built: code settings win over environment variables, which win over the defaults. Invalid
    /// values are reported (naming the variable, quoting a value that cannot carry credentials,
    /// saying what is accepted) and ignored. Components built by hand (``Tracer``,
    /// ``OTLPExporter``, ``BatchSpanProcessor``) read no environment. See <doc:ConfigurationReference>.
    public struct Configuration: Sendable {
        /// Where finished spans go.
        public enum Destination: Sendable {
            /// OTLP to Phoenix or a collector when the environment names one
            /// (`PHOENIX_COLLECTOR_ENDPOINT`, `OTEL_EXPORTER_OTLP_ENDPOINT`,
            /// `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`); otherwise the console tree plus a JSON-lines
            /// file. The default.
            case automatic
            /// OTLP/HTTP protobuf through the batch processor, configured by ``Configuration/otlp``.
            case otlp
            /// A trace tree on standard error and, when `file` is given, JSON lines in it.
            case console(file: URL?)
            /// These exporters, each through its own batch processor.
            case exporters([any SpanExporter])
            /// This processor, as it is.
            case processor(any SpanProcessor)
        }

        /// Where spans go.
        public var destination: Destination
        /// `service.name` (else `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`, the process name).
        public var serviceName: String?
        /// `service.version`.
        public var serviceVersion: String?
        /// Sampling, limits, privacy (`TraceConfig`) and the clock.
        public var tracer: TracerConfiguration
        /// The OTLP exporter's endpoint, credentials, compression, retries and spool.
        public var otlp: OTLPExporterConfiguration
        /// Queue and batch settings of the batch processors.
        public var batch: BatchSpanProcessor.Options
        /// The JSON-lines file of the console destination under ``Destination/automatic``
        /// (`spankit-spans.jsonl` in the working directory by default; nil for none).
        public var automaticFile: URL?
        /// Receives every diagnostic: refused signals, limits, export failures, invalid settings.
        ///
        /// When nil, diagnostics go to standard error, one `SpanKit: <level>: <message>` line
        /// each, with repeats of a storm counted rather than printed; `SPANKIT_LOG_LEVEL`
        /// (`off`, `error`, `warning` — the default — or `debug`) sets how much. A handler
        /// replaces that output and receives every diagnostic, whatever the level.
        public var onDiagnostic: DiagnosticHandler?
        /// The environment variables to read; nil (the default) reads the process environment,
        /// `[:]` reads none.
        public var environment: [String: String]?
        /// How long a process that exits without calling ``SpanKitSystem/shutdown(deadline:)``
        /// waits at exit for its queued spans to be delivered or spooled (`SPANKIT_EXIT_TIMEOUT`
        /// in milliseconds, default 3 s); `.zero` turns the exit flush off. See
        /// <doc:ExportingToPhoenixAndOTLPCollectors> for what it covers.
        public var exitTimeout: Duration?

        /// Creates a configuration; every value has a default.
        public init(
            destination: Destination = .automatic, serviceName: String? = nil, serviceVersion: String? = nil,
            tracer: TracerConfiguration = TracerConfiguration(), otlp: OTLPExporterConfiguration = OTLPExporterConfiguration(),
            batch: BatchSpanProcessor.Options = BatchSpanProcessor.Options(),
            automaticFile: URL? = JSONLinesFileExporter.defaultFileURL,
            onDiagnostic: DiagnosticHandler? = nil, environment: [String: String]? = nil, exitTimeout: Duration? = nil
        ) {
            self.destination = destination
            self.serviceName = serviceName
            self.serviceVersion = serviceVersion
            self.tracer = tracer
            self.otlp = otlp
            self.batch = batch
            self.automaticFile = automaticFile
            self.onDiagnostic = onDiagnostic
            self.environment = environment
            self.exitTimeout = exitTimeout
        }
    }

    /// Sets up the global tracer from a configuration and returns it. Call once, early, and
    /// ``shutdown(deadline:)`` before the process exits; a process that exits normally without
    /// it still delivers its queued spans, for at most ``Configuration/exitTimeout``.
    ///
    /// With no arguments: OTLP export when the environment names a collector
    /// (`PHOENIX_COLLECTOR_ENDPOINT`…), otherwise a trace tree on the console plus
    /// `spankit-spans.jsonl`. `OTEL_SDK_DISABLED=true` disables recording entirely.
    @discardableResult
    public static func bootstrap(_ configuration: Configuration = Configuration()) -> Tracer {
        let resolved = ConfigurationResolver.resolve(configuration)
        let tracer = makeTracer(resolved)
        bootstrap(tracer, exitTimeout: resolved.exitTimeout)
        return tracer
    }

    /// Builds the tracer a configuration describes without installing it globally, reading the
    /// environment (``Configuration/environment``) once, now.
    public static func makeTracer(_ configuration: Configuration) -> Tracer {
        makeTracer(ConfigurationResolver.resolve(configuration))
    }

    static func makeTracer(_ resolved: ResolvedConfiguration) -> Tracer {
        let processor = resolved.destination.map { makeProcessor($0, resolved: resolved) }
        return Tracer(configuration: resolved.tracer, processor: processor, diagnostics: resolved.diagnostics)
    }

    static func makeProcessor(_ destination: ResolvedConfiguration.Destination, resolved: ResolvedConfiguration) -> any SpanProcessor {
        // Every component reports into the one sink, exporters given in code included.
        let sink = resolved.diagnostics
        let clock = SystemPipelineClock()
        let options = resolved.batch.resolve { sink.report($0) }
        func batch(_ exporter: any SpanExporter) -> any SpanProcessor {
            BatchSpanProcessor(exporter: exporter, options: options, clock: clock, sink: sink)
        }
        func console(file: URL?) -> any SpanProcessor {
            var processors: [any SpanProcessor] = [SimpleSpanProcessor(exporter: ConsoleExporter(), clock: clock, sink: sink)]
            if let file { processors.append(SimpleSpanProcessor(exporter: JSONLinesFileExporter(fileURL: file), clock: clock, sink: sink)) }
            return processors.count == 1 ? processors[0] : MultiSpanProcessor(processors)
        }
        switch destination {
        case .otlp(let otlp):
            return batch(OTLPExporter(configuration: otlp))
        case .console(let file):
            return console(file: file)
        case .exporters(let exporters):
            let processors = exporters.map(batch)
            return processors.count == 1 ? processors[0] : MultiSpanProcessor(processors)
        case .processor(let processor):
            return processor
        }
    }
}
