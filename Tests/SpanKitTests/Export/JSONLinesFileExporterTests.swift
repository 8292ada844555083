import Foundation
@testable import SpanKit
import Testing

@Suite struct JSONLinesFileExporterTests {
    /// A fresh directory under the system temporary directory, removed by `cleanUp`.
    private static func makeDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("spankit-jsonl-\(UUID().uuidString)", isDirectory: true)
    }

    private static func cleanUp(_ directory: URL) {
        try? FileManager.default.removeItem(at: directory)
    }

    private static func lines(of url: URL) throws -> [String] {
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.isEmpty || text.hasSuffix("\n"))
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    @Test func writesOneParsableLinePerSpan() async throws {
        let directory = Self.makeDirectory()
        defer { Self.cleanUp(directory) }
        let url = directory.appendingPathComponent("nested/deeper/spans.jsonl")
        let records = SpanJSONTests.representativeSpans()

        let exporter = JSONLinesFileExporter(fileURL: url)
        try await exporter.exportOrThrow(records)
        await exporter.flush()
        await exporter.shutdown()

        let lines = try Self.lines(of: url)
        #expect(lines == records.map(\.jsonString))
        for (line, record) in zip(lines, records) {
            #expect(try JSONValue(parsing: line) == record.toJSON())
        }
    }

    @Test func appendsAcrossExporters() async throws {
        let directory = Self.makeDirectory()
        defer { Self.cleanUp(directory) }
        let url = directory.appendingPathComponent("spans.jsonl")
        let records = ConsoleSample.records()

        let first = JSONLinesFileExporter(fileURL: url)
        try await first.exportOrThrow(Array(records.prefix(2)))
        await first.shutdown()
        let second = JSONLinesFileExporter(fileURL: url)
        try await second.exportOrThrow(Array(records.dropFirst(2)))
        try await second.exportOrThrow([])
        await second.shutdown()

        #expect(try Self.lines(of: url) == records.map(\.jsonString))
    }

    @Test func unwritablePathThrowsAnIOErrorNamingThePath() async throws {
        let directory = Self.makeDirectory()
        defer { Self.cleanUp(directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // A regular file where a directory should be: unwritable even for root.
        let blocker = directory.appendingPathComponent("not-a-directory")
        try Data("x".utf8).write(to: blocker)
        let exporter = JSONLinesFileExporter(fileURL: blocker.appendingPathComponent("spans.jsonl"))

        let error = await #expect(throws: ExportError.self) { try await exporter.exportOrThrow(ConsoleSample.records()) }
        #expect(error?.kind == .io)
        #expect(error?.message.contains(blocker.appendingPathComponent("spans.jsonl").path) == true)
        #expect(error?.isRetryable == false)
    }

    @Test func aDirectoryAtThePathThrowsAnIOError() async throws {
        let directory = Self.makeDirectory()
        defer { Self.cleanUp(directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let exporter = JSONLinesFileExporter(fileURL: directory)

        let error = await #expect(throws: ExportError.self) { try await exporter.exportOrThrow(ConsoleSample.records()) }
        #expect(error?.kind == .io)
        #expect(error?.message.hasPrefix("cannot open \(directory.path)") == true)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "needs /dev/full"))
    func aFullDiskThrowsAnIOError() async throws {
        let exporter = JSONLinesFileExporter(fileURL: URL(fileURLWithPath: "/dev/full"))
        let error = await #expect(throws: ExportError.self) { try await exporter.exportOrThrow(ConsoleSample.records()) }
        #expect(error?.kind == .io)
        #expect(error?.message.hasPrefix("cannot write to /dev/full: ") == true)
        await exporter.flush()
    }

    @Test func nonFileURLThrowsAnIOError() async throws {
        let exporter = JSONLinesFileExporter(fileURL: URL(string: "https://example.com/spans.jsonl")!)
        await #expect(throws: ExportError(.io, "https://example.com/spans.jsonl is not a file URL")) {
            try await exporter.exportOrThrow(ConsoleSample.records())
        }
    }

    @Test func refusesSpansAfterShutdown() async throws {
        let directory = Self.makeDirectory()
        defer { Self.cleanUp(directory) }
        let url = directory.appendingPathComponent("spans.jsonl")
        let exporter = JSONLinesFileExporter(fileURL: url)
        await exporter.shutdown()
        let error = await #expect(throws: ExportError.self) { try await exporter.exportOrThrow(ConsoleSample.records()) }
        #expect(error?.kind == .shutdown)
        await exporter.flush()
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }

    @Test func resolvesRelativePathsAgainstTheCurrentDirectory() {
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        #expect(JSONLinesFileExporter.defaultFileURL == current.appendingPathComponent("spankit-spans.jsonl"))
        #expect(JSONLinesFileExporter().fileURL.path == current.appendingPathComponent("spankit-spans.jsonl").path)
        #expect(JSONLinesFileExporter(fileURL: URL(fileURLWithPath: "logs/spans.jsonl")).fileURL.path
            == current.appendingPathComponent("logs/spans.jsonl").path)
    }

    @Test func concurrentExportersToDifferentFiles() async throws {
        let directory = Self.makeDirectory()
        defer { Self.cleanUp(directory) }
        let records = ConsoleSample.records()
        let urls = (0..<8).map { directory.appendingPathComponent("worker-\($0).jsonl") }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for url in urls {
                group.addTask {
                    let exporter = JSONLinesFileExporter(fileURL: url)
                    for _ in 0..<25 { try await exporter.exportOrThrow(records) }
                    await exporter.shutdown()
                }
            }
            try await group.waitForAll()
        }
        let expected = Array(repeating: records.map(\.jsonString), count: 25).flatMap { $0 }
        for url in urls {
            #expect(try Self.lines(of: url) == expected)
        }
    }

    @Test func concurrentExportsToOneExporterKeepBatchesWhole() async throws {
        let directory = Self.makeDirectory()
        defer { Self.cleanUp(directory) }
        let url = directory.appendingPathComponent("shared.jsonl")
        let records = ConsoleSample.records()
        let exporter = JSONLinesFileExporter(fileURL: url)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask { for _ in 0..<25 { try await exporter.exportOrThrow(records) } }
            }
            try await group.waitForAll()
        }
        await exporter.shutdown()
        let lines = try Self.lines(of: url)
        let batch = records.map(\.jsonString)
        #expect(lines.count == 8 * 25 * batch.count)
        for start in stride(from: 0, to: lines.count, by: batch.count) {
            #expect(Array(lines[start..<start + batch.count]) == batch)
        }
    }
}
