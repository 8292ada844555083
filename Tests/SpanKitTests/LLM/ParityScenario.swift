@testable import SpanKit
import Testing

/// One parity case: SpanKit code that records a span, and the Python `openinference-instrumentation`
/// helper call that should produce the same attributes.
struct ParityScenario: Sendable, CustomTestStringConvertible {
    /// Identifies the case in test output and in the Python batch.
    let name: String
    /// A Python expression evaluating to the attribute dictionary (see `PythonOpenInference`).
    let python: String
    /// Keys whose values are JSON text that Python (`json.dumps`: insertion order, `", "` and
    /// `": "` separators) and SpanKit (sorted keys, compact) format differently: compared parsed.
    /// Every other key is compared exactly, type and value.
    var jsonKeys: Set<String> = []
    /// Spec keys SpanKit writes that Python's helpers leave out, with the exact values expected.
    var swiftOnly: [String: AttributeValue] = [:]
    /// Records exactly one span with `tracer`.
    let trace: @Sendable (Tracer) async -> Void

    var testDescription: String { name }
}
