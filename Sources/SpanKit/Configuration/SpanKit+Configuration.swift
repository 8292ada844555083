import Foundation

extension SpanKit {
    /// Everything ``SpanKit/bootstrap(_:)-(SpanKit.Configuration)`` sets up: the tracer, where spans go,
    /// and how they get there. Code settings win over environment variables, which win over the
    /// defaults; invalid values are reported through ``onDiagnostic`` and ignored.
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
            /// A trace tree on standard output and, when `file` is given, JSON lines in it.
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
        public var onDiagnostic: DiagnosticHandler?
        /// The environment to read.
        public var environment: [String: String]

        /// Creates a configuration; every value has a default.
        public init(
            destination: Destination = .automatic, serviceName: String? = nil, serviceVersion: String? = nil,
            tracer: TracerConfiguration? = nil, otlp: OTLPExporterConfiguration? = nil,
            batch: BatchSpanProcessor.Options = BatchSpanProcessor.Options(),
            automaticFile: URL? = JSONLinesFileExporter.defaultFileURL,
            onDiagnostic: DiagnosticHandler? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
        ) {
            self.destination = destination
            self.serviceName = serviceName
            self.serviceVersion = serviceVersion
            self.tracer = tracer ?? TracerConfiguration(environment: environment)
            self.otlp = otlp ?? OTLPExporterConfiguration(environment: environment)
            self.batch = batch
            self.automaticFile = automaticFile
            self.onDiagnostic = onDiagnostic
            self.environment = environment
        }
    }

    /// Sets up the global tracer from a configuration and returns it. Call once, early, and
    /// ``shutdown(deadline:)`` before the process exits.
    ///
    /// With no arguments: OTLP export when the environment names a collector
    /// (`PHOENIX_COLLECTOR_ENDPOINT`…), otherwise a trace tree on the console plus
    /// `spankit-spans.jsonl`. `OTEL_SDK_DISABLED=true` disables recording entirely.
    @discardableResult
    public static func bootstrap(_ configuration: Configuration = Configuration()) -> Tracer {
        let tracer = makeTracer(configuration)
        bootstrap(tracer)
        return tracer
    }

    /// Builds the tracer a configuration describes without installing it globally.
    public static func makeTracer(_ configuration: Configuration) -> Tracer {
        let handler = configuration.onDiagnostic
        var tracerConfiguration = configuration.tracer
        if tracerConfiguration.onDiagnostic == nil { tracerConfiguration.onDiagnostic = handler }
        let reader = EnvironmentReader(environment: configuration.environment) { handler?($0) }
        let disabled = tracerConfiguration.isEnabled == false
            || (tracerConfiguration.isEnabled == nil && reader.bool("OTEL_SDK_DISABLED") == true)
        guard !disabled else { return Tracer(configuration: tracerConfiguration, processor: nil) }
        return Tracer(configuration: tracerConfiguration, processor: makeProcessor(configuration))
    }

    static func makeProcessor(_ configuration: Configuration) -> any SpanProcessor {
        let handler = configuration.onDiagnostic
        func batch(_ exporter: any SpanExporter) -> any SpanProcessor {
            BatchSpanProcessor(exporter: exporter, options: configuration.batch, environment: configuration.environment, onDiagnostic: handler)
        }
        func console(file: URL?) -> any SpanProcessor {
            var processors: [any SpanProcessor] = [SimpleSpanProcessor(exporter: ConsoleExporter(), onError: handler)]
            if let file { processors.append(SimpleSpanProcessor(exporter: JSONLinesFileExporter(fileURL: file), onError: handler)) }
            return processors.count == 1 ? processors[0] : MultiSpanProcessor(processors)
        }
        func otlp() -> any SpanProcessor {
            var otlp = configuration.otlp
            if otlp.settings.onDiagnostic == nil { otlp.settings.onDiagnostic = handler }
            if otlp.resource == nil {
                otlp.resource = Resource.detect(
                    serviceName: configuration.serviceName, serviceVersion: configuration.serviceVersion,
                    projectName: otlp.projectName, environment: otlp.environment, onDiagnostic: handler)
            }
            return batch(OTLPExporter(configuration: otlp))
        }
        switch configuration.destination {
        case .automatic:
            return OTLPExporterConfiguration.environmentNamesCollector(configuration.environment)
                ? otlp() : console(file: configuration.automaticFile)
        case .otlp:
            return otlp()
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
