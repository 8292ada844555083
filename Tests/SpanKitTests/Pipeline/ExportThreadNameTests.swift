#if os(Linux)
import Foundation
@testable import SpanKit
import Testing

/// SpanKit's export threads carry their names into the system, where profilers, debuggers and
/// `top -H` show them (on Linux, a name given to a Foundation thread before it starts is not).
@Suite struct ExportThreadNameTests {
    @Test func theExportThreadsAreNamedForTheSystem() async throws {
        // Starts both threads (each is created on first use).
        _ = ExportThread.worker
        _ = ExportThread.compressor
        var names: Set<String> = []
        for _ in 0..<200 {
            names = Self.threadNames()
            if names.isSuperset(of: ["SpanKit export", "SpanKit gzip"]) { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(names.isSuperset(of: ["SpanKit export", "SpanKit gzip"]), "threads: \(names.sorted())")
    }

    /// The names of this process's threads, as the kernel knows them.
    static func threadNames() -> Set<String> {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return Set(tasks.compactMap { task in
            (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
        })
    }
}
#endif
