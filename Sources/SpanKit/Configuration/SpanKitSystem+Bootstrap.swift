import Foundation

extension SpanKitSystem {
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
        // Every component reports into the one sink, exporters given in code included; the
        // batch settings are resolved (and their problems reported) once for all destinations.
        let sink = resolved.diagnostics
        let clock = SystemPipelineClock()
        let options = resolved.batch.resolve { sink.report($0) }
        func batch(_ exporter: any SpanExporter) -> any SpanProcessor {
            BatchSpanProcessor(exporter: exporter, options: options, clock: clock, sink: sink)
        }
        func processor(for destination: ResolvedConfiguration.Destination) -> any SpanProcessor {
            switch destination {
            case .otlp(let otlp):
                return batch(OTLPExporter(configuration: otlp))
            case .json(let baseURL, let apiKey, let settings):
                return batch(JSONBatchExporter(baseURL: baseURL, apiKey: apiKey, settings: settings))
            case .console(let file, let standardOutput):
                let tree = ConsoleExporter(output: standardOutput ? .standardOutput : .standardError)
                var processors: [any SpanProcessor] = [SimpleSpanProcessor(exporter: tree, clock: clock, sink: sink)]
                if let file { processors.append(SimpleSpanProcessor(exporter: JSONLinesFileExporter(fileURL: file), clock: clock, sink: sink)) }
                return MultiSpanProcessor.combining(processors)
            case .exporters(let exporters):
                return MultiSpanProcessor.combining(exporters.map(batch))
            case .processor(let processor):
                return processor
            case .all(let destinations):
                return MultiSpanProcessor.combining(destinations.map(processor(for:)))
            }
        }
        return processor(for: destination)
    }
}
