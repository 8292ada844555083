import Foundation
@testable import SpanKit
import TestSupport
import Testing

/// Every simulated example run with no configuration: exit status 0, a trace tree on standard
/// error (the app's standard output stays its own) and every span in `spankit-spans.jsonl`.
/// No Phoenix needed.
@Suite struct ExampleConsoleTests {
    /// Each example, its root span names in order, and its span count.
    static let examples: [(name: String, roots: [String], spans: Int)] = [
        ("quickstart", ["answer-question", "answer-question"], 10),
        ("chat-session", ["chat-turn", "chat-turn", "chat-turn"], 6),
        ("rag", ["CreateEmbeddings", "answer-question", "answer-question"], 11),
        ("agent-tools", ["day-planner"], 6),
        ("evaluations", ["answer-question", "answer-question"], 6),
    ]

    @Test(arguments: examples.indices)
    func runsWithoutConfiguration(_ index: Int) async throws {
        let example = Self.examples[index]
        let run = try await ExampleProcess.run(example.name)
        try #require(run.status == 0, "\(run)")
        let spans = try run.fileSpans()
        #expect(spans.count == example.spans, "\(run)")
        // Roots end last, so the file lists them in the order the traces finished.
        let roots = spans.filter { $0["parent_span_id"] == .null }
        #expect(roots.compactMap { $0["name"]?.asString } == example.roots)
        // The console tree prints each root as the first word of a line, on standard error.
        func treeRoots(_ text: String) -> [Substring] {
            text.split(separator: "\n").filter { line in example.roots.contains { line.hasPrefix("\($0) ") } }
        }
        #expect(treeRoots(run.standardError).count == example.roots.count, "\(run)")
        #expect(treeRoots(run.standardOutput).isEmpty, "the tree stays off the app's output: \(run)")
    }
}
