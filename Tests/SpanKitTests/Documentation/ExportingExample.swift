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
    var configuration = SpanKitSystem.Configuration(destination: .otlp, serviceName: "assistant", serviceVersion: "1.4.0")
    configuration.otlpEndpoint = URL(string: "https://app.phoenix.arize.com/s/my-space/v1/traces")
    configuration.apiKey = apiKey
    configuration.projectName = "assistant-prod"
    return configuration
}

func collectorConfiguration() -> SpanKitSystem.Configuration {
    var configuration = SpanKitSystem.Configuration(destination: .otlp, serviceName: "assistant")
    configuration.otlpEndpoint = URL(string: "https://otel.example.com:4318/v1/traces")
    configuration.requestTimeout = .seconds(5)
    configuration.headers = ["x-tenant-id": "assistant"]
    return configuration
}

// MARK: - Batching, retries and the spool

func resilientConfiguration(spoolDirectory: URL) -> SpanKitSystem.Configuration {
    var configuration = SpanKitSystem.Configuration(
        destination: .otlp, serviceName: "assistant", onDiagnostic: { diagnostic in print("SpanKit:", diagnostic) })
    configuration.maxAttempts = 4
    configuration.spoolDirectory = spoolDirectory
    configuration.spoolMaxBytes = 16 * 1024 * 1024
    configuration.maxQueueSize = 4096
    configuration.scheduleDelay = .seconds(2)
    return configuration
}

// MARK: - Other destinations

func twoDestinations(collectorKey: String) -> SpanKitSystem.Configuration {
    SpanKitSystem.Configuration(
        destination: .all([.otlp, .json(baseURL: URL(string: "https://spans.example.com/api")!, apiKey: collectorKey)]),
        serviceName: "assistant")
}

/// An exporter of your own: here, one line per span on standard error.
struct SpanNamePrinter: SpanExporter {
    func export(_ spans: [SpanRecord]) async throws {
        FileHandle.standardError.write(Data(spans.map { "ended \($0.name)\n" }.joined().utf8))
    }
}

func ownExporterConfiguration() -> SpanKitSystem.Configuration {
    SpanKitSystem.Configuration(destination: .exporters([SpanNamePrinter()]), serviceName: "assistant")
}

// MARK: - Flush, shut down, statistics

func finishTracing() async {
    let result = await SpanKitSystem.shutdown(deadline: .now + .seconds(10))
    print("exported \(result.exported), spooled \(result.spooled), failed \(result.failed), dropped \(result.dropped)")
}

func logPipelineHealth() {
    let statistics = tracer.statistics
    print("ended \(statistics.ended), exported \(statistics.exported), pending \(statistics.pending), dropped \(statistics.dropped)")
}

// MARK: - An app that moves to the background

func appConfiguration() -> SpanKitSystem.Configuration {
    let support = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
    var configuration = SpanKitSystem.Configuration(destination: .otlp, serviceName: "assistant-ios")
    configuration.otlpEndpoint = URL(string: "https://collector.example.com/v1/traces")
    configuration.projectName = "assistant-ios"
    configuration.spoolDirectory = support.appendingPathComponent("SpanKitSpool")
    return configuration
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
