import Logging
import SpanKit
import SpanKitTracing
import Testing

/// Records what reaches it, for the swift-log tests.
struct RecordingLogHandler: LogHandler {
    struct Entry: Sendable, Equatable {
        var level: Logger.Level
        var message: String
    }

    let entries: Locked<[Entry]>
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        entries.withLock { $0.append(Entry(level: event.level, message: event.message.description)) }
    }
}

@Suite("SpanKit diagnostics in swift-log")
struct DiagnosticsLoggingTests {
    func tracer(environment: [String: String], entries: Locked<[RecordingLogHandler.Entry]>) -> SpanKit.Tracer {
        var configuration = SpanKitSystem.Configuration(destination: .console(file: nil), environment: environment)
        configuration.logDiagnostics(to: Logger(label: "spankit-test") { _ in RecordingLogHandler(entries: entries) })
        return SpanKitSystem.makeTracer(configuration)
    }

    @Test("An invalid setting reaches the logger as one warning, on one line")
    func warning() async {
        let entries = Locked<[RecordingLogHandler.Entry]>([])
        let tracer = tracer(environment: ["OTEL_BSP_MAX_QUEUE_SIZE": "lots"], entries: entries)
        await tracer.shutdown()
        let logged = entries.withLock { $0 }
        #expect(logged.count == 1)
        #expect(logged.first?.level == .warning)
        #expect(logged.first?.message.contains("OTEL_BSP_MAX_QUEUE_SIZE") == true)
        #expect(logged.first?.message.contains("\n") == false)
    }

    @Test("SPANKIT_LOG_LEVEL=error keeps warnings out of the logger too")
    func levelFilter() async {
        let entries = Locked<[RecordingLogHandler.Entry]>([])
        let tracer = tracer(environment: ["OTEL_BSP_MAX_QUEUE_SIZE": "lots", "SPANKIT_LOG_LEVEL": "error"], entries: entries)
        await tracer.shutdown()
        #expect(entries.withLock { $0 }.isEmpty)
    }

    @Test("A storm of alike diagnostics is rate limited: the repeats are counted, not logged one by one")
    func rateLimited() async {
        let entries = Locked<[RecordingLogHandler.Entry]>([])
        let tracer = tracer(environment: [:], entries: entries)
        let span = tracer.startSpan("s")
        for _ in 0..<50 { span.addSignal("", 1) }
        span.end()
        await tracer.shutdown()
        let logged = entries.withLock { $0 }
        #expect(logged.count >= 1 && logged.count < 10, "\(logged)")
        #expect(logged.allSatisfy { $0.level == .warning })
        #expect(logged.contains { $0.message.contains("repeated") })
    }
}
