// The code of the DocC article `ExportingToPhoenixAndOTLPCollectors.md` (see
// GettingStartedExample.swift for how the articles and these files are kept in step). The iOS
// part needs UIKit and SwiftUI, so it compiles only where they exist (not on Linux).
import Foundation
import SpanKit
#if canImport(UIKit) && canImport(SwiftUI)
import SwiftUI
import UIKit
#endif

// MARK: - Phoenix and other collectors

func phoenixCloudConfiguration(apiKey: String) -> SpanKitSystem.Configuration {
    SpanKitSystem.Configuration(
        destination: .otlp, serviceName: "assistant", serviceVersion: "1.4.0",
        otlp: OTLPExporterConfiguration(
            endpoint: URL(string: "https://app.phoenix.arize.com/s/my-space/v1/traces"),
            apiKey: apiKey, projectName: "assistant-prod"))
}

func collectorConfiguration() -> SpanKitSystem.Configuration {
    var otlp = OTLPExporterConfiguration(
        endpoint: URL(string: "https://otel.example.com:4318/v1/traces"), compression: .gzip, timeout: .seconds(5))
    otlp.settings.headers = ["x-tenant-id": "assistant"]
    return SpanKitSystem.Configuration(destination: .otlp, serviceName: "assistant", otlp: otlp)
}

// MARK: - Batching, retries and the spool

func resilientConfiguration(spoolDirectory: URL) -> SpanKitSystem.Configuration {
    var otlp = OTLPExporterConfiguration()
    otlp.settings.retryPolicy = RetryPolicy(maxAttempts: 4, initialBackoff: .milliseconds(500))
    otlp.settings.spoolDirectory = spoolDirectory
    otlp.settings.spoolMaxBytes = 16 * 1024 * 1024
    return SpanKitSystem.Configuration(
        destination: .otlp, serviceName: "assistant", otlp: otlp,
        batch: BatchSpanProcessor.Options(maxQueueSize: 4096, scheduleDelay: .seconds(2)),
        onDiagnostic: { diagnostic in print("SpanKit:", diagnostic) })
}

// MARK: - Building the pipeline yourself

func handBuiltTracer() -> Tracer {
    let resource = Resource(attributes: Attributes(["service.name": .string("assistant")]))
    let exporter = OTLPExporter(configuration: OTLPExporterConfiguration(resource: resource))
    let processor = BatchSpanProcessor(exporter: exporter, options: BatchSpanProcessor.Options(maxExportBatchSize: 256))
    return Tracer(processor: processor)
}

func bootstrapHandBuiltTracer() {
    SpanKitSystem.bootstrap(handBuiltTracer())
}

func twoDestinations(collectorKey: String) -> SpanKitSystem.Configuration {
    let resource = Resource(attributes: Attributes(["service.name": .string("assistant")]))
    return SpanKitSystem.Configuration(destination: .exporters([
        OTLPExporter(configuration: OTLPExporterConfiguration(resource: resource)),
        JSONBatchExporter(baseURL: URL(string: "https://spans.example.com/api")!, apiKey: collectorKey),
    ]))
}

// MARK: - Flush, shut down, statistics

func finishTracing() async {
    let result = await SpanKitSystem.shutdown(deadline: .now + .seconds(10))
    print("exported \(result.exported), spooled \(result.spooled), failed \(result.failed), dropped \(result.dropped)")
}

func logPipelineHealth() {
    guard let batch = tracer.processor as? BatchSpanProcessor else { return }
    let statistics = batch.statistics
    print("ended \(statistics.ended), exported \(statistics.exported), pending \(statistics.pending), dropped \(statistics.dropped)")
}

// MARK: - An app that moves to the background

func appConfiguration() -> SpanKitSystem.Configuration {
    let support = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
    var otlp = OTLPExporterConfiguration(
        endpoint: URL(string: "https://collector.example.com/v1/traces"), projectName: "assistant-ios")
    otlp.settings.spoolDirectory = support.appendingPathComponent("SpanKitSpool")
    return SpanKitSystem.Configuration(destination: .otlp, serviceName: "assistant-ios", otlp: otlp)
}

func deliverQueuedSpans() async {
    await tracer.flush(deadline: .now + .seconds(5))
}

#if canImport(UIKit) && canImport(SwiftUI)
/// Keeps the app running in the background until the spans it queued are delivered.
@MainActor
final class SpanDelivery {
    private var backgroundTask = UIBackgroundTaskIdentifier.invalid

    func appDidEnterBackground() {
        guard backgroundTask == .invalid else { return }
        backgroundTask = UIApplication.shared.beginBackgroundTask(withName: "Deliver spans") { [weak self] in
            self?.endBackgroundTask()                        // out of time: give the time back
        }
        Task {
            await deliverQueuedSpans()
            endBackgroundTask()
        }
    }

    private func endBackgroundTask() {
        guard backgroundTask != .invalid else { return }
        UIApplication.shared.endBackgroundTask(backgroundTask)
        backgroundTask = .invalid
    }
}

@available(iOS 17.0, tvOS 17.0, *)
struct AssistantApp: App {
    @Environment(\.scenePhase) private var scenePhase
    private let delivery = SpanDelivery()

    init() {
        SpanKitSystem.bootstrap(appConfiguration())
    }

    var body: some Scene {
        WindowGroup {
            Text("Assistant")
        }
        .onChange(of: scenePhase) { _, phase in
            if phase == .background { delivery.appDidEnterBackground() }
        }
    }
}
#endif
