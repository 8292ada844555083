import Foundation
import OpenInference

/// What a ``SpanKitSystem/Configuration`` comes to once the environment is applied: plain values for
/// every component, and the one diagnostics sink they all report to.
struct ResolvedConfiguration {
    /// Where the spans of a resolved configuration go.
    enum Destination {
        case otlp(OTLPExporterConfiguration)
        case json(baseURL: URL, apiKey: String?, settings: HTTPExportSettings)
        case console(file: URL?, standardOutput: Bool = false)
        case exporters([any SpanExporter])
        case processor(any SpanProcessor)
        indirect case all([Destination])
    }

    var diagnostics: DiagnosticSink
    var isEnabled: Bool
    /// Every optional value filled in, so the tracer reads nothing.
    var tracer: TracerConfiguration
    /// Every optional value filled in from `OTEL_BSP_*` where code left it nil.
    var batch: BatchSpanProcessor.Options
    /// Nil when the tracer is disabled: nothing is built, nothing more is read.
    var destination: Destination?
    /// How long the exit flush may take; zero for none.
    var exitTimeout: Duration = .zero
}

/// The one reader of the environment: turns code settings plus the environment (the process's
/// unless the configuration passes its own) into a ``ResolvedConfiguration``. Code settings win
/// over environment variables, which win over the defaults the components apply.
///
/// Invalid values are reported (variable, quoted value, what is accepted, what is used instead)
/// and ignored. An OTLP endpoint variable that is not an absolute http(s) URL turns OTLP export
/// off and sends spans to the console destination instead — loudly, never to another host.
struct ConfigurationResolver {
    /// The variables that name a collector, in precedence order.
    static let endpointVariables = ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "PHOENIX_COLLECTOR_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT"]

    let configuration: SpanKitSystem.Configuration
    let reader: EnvironmentReader

    static func resolve(_ configuration: SpanKitSystem.Configuration) -> ResolvedConfiguration {
        let environment = configuration.environment ?? ProcessInfo.processInfo.environment
        // The sink depends on SPANKIT_LOG_LEVEL, so a problem with it is held until the sink exists.
        var early: [Diagnostic] = []
        var secrets = [configuration.otlp.apiKey].compactMap { $0 } + configuration.otlp.settings.headers.values
        secrets += configuration.destination.apiKeys
        let level = EnvironmentReader(environment: environment, secrets: secrets) { early.append($0) }.logLevel()
        let sink = DiagnosticSink(handler: configuration.onDiagnostic, level: level, writeLine: configuration.writeDiagnosticLine)
        early.forEach(sink.report)
        let reader = EnvironmentReader(environment: environment, secrets: secrets, report: sink.report)
        let resolver = ConfigurationResolver(configuration: configuration, reader: reader)
        return resolver.resolve(diagnostics: sink)
    }

    func resolve(diagnostics: DiagnosticSink) -> ResolvedConfiguration {
        var tracer = configuration.tracer
        let disabled = tracer.isEnabled == nil ? reader.bool("OTEL_SDK_DISABLED", otherwise: "false") ?? false : false
        tracer.isEnabled = tracer.isEnabled ?? !disabled
        guard tracer.isEnabled == true else {
            return ResolvedConfiguration(diagnostics: diagnostics, isEnabled: false, tracer: tracer, batch: configuration.batch, destination: nil)
        }
        tracer.sampler = tracer.sampler ?? sampler()
        tracer.limits = tracer.limits ?? limits()
        tracer.traceConfig = tracer.traceConfig ?? traceConfig()
        return ResolvedConfiguration(
            diagnostics: diagnostics, isEnabled: true, tracer: tracer, batch: batch(), destination: destination(), exitTimeout: exitTimeout())
    }

    /// ``SpanKitSystem/Configuration/exitTimeout``, else `SPANKIT_EXIT_TIMEOUT` (ms), else the default.
    func exitTimeout() -> Duration {
        if let timeout = configuration.exitTimeout {
            guard timeout >= .zero else {
                let fallback = Wording.duration(SpanKitSystem.defaultExitTimeout)
                reader.report(Diagnostic(
                    .invalidConfiguration, "exitTimeout \(Wording.duration(timeout)) ignored: expected zero (off) or more; using \(fallback)"))
                return SpanKitSystem.defaultExitTimeout
            }
            return timeout
        }
        let fallback = String(SpanKitSystem.defaultExitTimeout.components.seconds * 1000)
        return reader.nonNegativeInt(SpanKitSystem.exitTimeoutVariable, otherwise: fallback).map { .milliseconds($0) } ?? SpanKitSystem.defaultExitTimeout
    }

    // MARK: Destination

    func destination() -> ResolvedConfiguration.Destination {
        destination(configuration.destination)
    }

    private func destination(_ destination: SpanKitSystem.Configuration.Destination) -> ResolvedConfiguration.Destination {
        switch destination {
        case .automatic:
            let namesCollector = Self.endpointVariables.contains { reader.string($0) != nil }
            return namesCollector ? otlpOrConsole() : .console(file: configuration.automaticFile)
        case .otlp:
            return otlpOrConsole()
        case .json(let baseURL, let apiKey):
            var settings = httpSettings()
            if let timeout = configuration.otlp.timeout { settings.timeout = timeout }
            return .json(baseURL: baseURL, apiKey: apiKey, settings: settings)
        case .console(let file, let standardOutput):
            return .console(file: file, standardOutput: standardOutput)
        case .exporters(let exporters):
            return .exporters(exporters)
        case .processor(let processor):
            return .processor(processor)
        case .all(let destinations):
            return .all(destinations.map { self.destination($0) })
        }
    }

    private func otlpOrConsole() -> ResolvedConfiguration.Destination {
        guard let otlp = otlp() else { return .console(file: configuration.automaticFile) }
        return .otlp(otlp)
    }

    // MARK: Tracer

    func sampler() -> Sampler? {
        guard let text = reader.string("OTEL_TRACES_SAMPLER") else { return nil }
        func ratio() -> Double {
            reader.double("OTEL_TRACES_SAMPLER_ARG", in: 0...1, otherwise: "1.0") ?? 1
        }
        switch text.lowercased() {
        case "always_on": return .alwaysOn
        case "always_off": return .alwaysOff
        case "traceidratio": return .traceIDRatio(ratio())
        case "parentbased_always_on": return .parentBased(root: .alwaysOn)
        case "parentbased_always_off": return .parentBased(root: .alwaysOff)
        case "parentbased_traceidratio": return .parentBased(root: .traceIDRatio(ratio()))
        default:
            reader.invalid(
                "OTEL_TRACES_SAMPLER", text,
                expected: "always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off or parentbased_traceidratio",
                otherwise: "parentbased_always_on")
            return nil
        }
    }

    func limits() -> SpanLimits {
        var limits = SpanLimits()
        func read(_ names: String..., default value: Int) -> Int? {
            names.lazy.compactMap { reader.nonNegativeInt($0, otherwise: value == .max ? "no limit" : String(value)) }.first
        }
        if let value = read("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "OTEL_ATTRIBUTE_COUNT_LIMIT", default: limits.attributeCount) {
            limits.attributeCount = value
        }
        if let value = read("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", default: limits.attributeValueLength) {
            limits.attributeValueLength = value
        }
        if let value = read("OTEL_SPAN_EVENT_COUNT_LIMIT", default: limits.eventCount) { limits.eventCount = value }
        if let value = read("OTEL_SPAN_LINK_COUNT_LIMIT", default: limits.linkCount) { limits.linkCount = value }
        if let value = read("OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT", default: limits.attributePerEventCount) {
            limits.attributePerEventCount = value
        }
        return limits
    }

    func traceConfig() -> TraceConfig {
        TraceConfig(environment: reader.environment) { issue in
            reader.report(Diagnostic(
                .invalidConfiguration,
                "\(issue.variable)=\(reader.quoted(issue.value, of: issue.variable)) ignored: \(issue.message)"))
        }
    }

    // MARK: Batch processor

    func batch() -> BatchSpanProcessor.Options {
        var options = configuration.batch
        options.maxQueueSize = options.maxQueueSize ?? reader.positiveInt("OTEL_BSP_MAX_QUEUE_SIZE", otherwise: "2048")
        options.maxExportBatchSize = options.maxExportBatchSize
            ?? reader.positiveInt("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", otherwise: "512")
        options.scheduleDelay = options.scheduleDelay
            ?? reader.nonNegativeInt("OTEL_BSP_SCHEDULE_DELAY", otherwise: "5000").map { .milliseconds($0) }
        options.exportTimeout = options.exportTimeout
            ?? reader.positiveInt("OTEL_BSP_EXPORT_TIMEOUT", otherwise: "30000").map { .milliseconds($0) }
        options.maxQueueBytes = options.maxQueueBytes
            ?? reader.positiveInt("SPANKIT_BSP_MAX_QUEUE_BYTES", otherwise: String(BatchSpanProcessor.Options.defaultMaxQueueBytes))
        return options
    }
}

extension EnvironmentReader {
    /// `SPANKIT_LOG_LEVEL`: the default when unset or invalid (reported).
    func logLevel() -> DiagnosticLevel {
        guard let text = string(DiagnosticLevel.variable) else { return .default }
        guard let level = DiagnosticLevel(name: text) else {
            invalid(DiagnosticLevel.variable, text, expected: "off, error, warning or debug", otherwise: DiagnosticLevel.default.name)
            return .default
        }
        return level
    }
}
