@testable import SpanKit

/// An export's outcome as a value, for tests that compare outcomes.
enum ExportResult: Equatable {
    case success
    case failure(ExportError)
}

extension SpanExporter {
    /// Exports and returns the outcome as a value.
    func exportResult(_ spans: [SpanRecord]) async -> ExportResult {
        do {
            try await export(spans)
            return .success
        } catch let error as ExportError {
            return .failure(error)
        } catch {
            return .failure(ExportError(.exporter, String(describing: error)))
        }
    }

    /// Exports, for tests written in the `try` style.
    func exportOrThrow(_ spans: [SpanRecord]) async throws {
        try await export(spans)
    }
}

extension SpanProcessor {
    /// Flushes with a 30-second deadline.
    @discardableResult
    func flush() async -> PipelineStatistics { await flush(deadline: .now + .seconds(30)) }

    /// Shuts down with a 30-second deadline.
    @discardableResult
    func shutdown() async -> PipelineStatistics { await shutdown(deadline: .now + .seconds(30)) }
}

extension RetryPolicy {
    /// No retries.
    static let none = RetryPolicy(maxAttempts: 1)
}
