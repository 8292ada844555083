import Foundation

/// Decompresses gzip data with the system `gzip` tool (`gzip -dc`), so TestSupport needs neither
/// zlib bindings nor the library's internals.
///
/// The input goes through a temporary file rather than a pipe: `gzip` stops reading at the first
/// error, and writing the rest of the input into a pipe nobody reads would raise `SIGPIPE`.
public enum GzipDecoder {
    /// A decompression failure: `gzip` missing, or the data is not valid gzip.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The decompressed bytes of `data` (which may hold several concatenated gzip members).
    public static func decompress(_ data: Data) throws -> Data {
        try run(arguments: ["-dc"], input: data)
    }

    /// `data` compressed with `gzip -c` (for tests that need a gzip body). Async, on a thread of
    /// its own: a test body waiting for the process would hold one of the few threads every
    /// test shares (see `onThreadOfItsOwn`).
    public static func compress(_ data: Data) async throws -> Data {
        try await onThreadOfItsOwn { try run(arguments: ["-c"], input: data) }
    }

    private static func run(arguments: [String], input: Data) throws -> Data {
        let inputURL = FileManager.default.temporaryDirectory
            .appendingPathComponent("spankit-gzip-\(UUID().uuidString)")
        try input.write(to: inputURL)
        defer { try? FileManager.default.removeItem(at: inputURL) }
        let inputHandle = try FileHandle(forReadingFrom: inputURL)
        defer { try? inputHandle.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardInput = inputHandle
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot run gzip: \(error)")
        }
        // gzip writes little to stderr (well under a pipe buffer), so reading stdout to its end
        // first cannot deadlock.
        let result = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? output.fileHandleForReading.close()
        try? errors.fileHandleForReading.close()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(description: "gzip \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(text)")
        }
        return result
    }
}
