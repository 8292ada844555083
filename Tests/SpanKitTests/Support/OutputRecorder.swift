import Foundation
@testable import SpanKit

/// Collects what a console exporter writes.
final class OutputRecorder: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var items: [String] = []

    var output: ConsoleExporter.Output { .sink { [self] text in lock.withLock { items.append(text) } } }
    /// Each write: one tree.
    var chunks: [String] { lock.withLock { items } }
    /// Everything written.
    var text: String { chunks.joined() }
    /// Every line written, without newlines.
    var lines: [String] { text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
}
