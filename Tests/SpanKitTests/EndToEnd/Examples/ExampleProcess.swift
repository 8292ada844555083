#if canImport(Darwin)
import Darwin
#endif
import Foundation
@testable import SpanKit
import TestSupport

/// Runs the example executables (and test probes such as `spankit-load-probe`), which the build
/// puts next to the test binary.
enum ExampleProcess {
    /// What one run of an example did.
    struct Run: CustomStringConvertible {
        let status: Int32
        let standardOutput: String
        let standardError: String
        /// What it wrote to `spankit-spans.jsonl` in its working directory (the
        /// zero-configuration file); nil when it wrote none.
        let spansFile: String?

        /// The spans in ``spansFile``, one JSON object per line.
        func fileSpans() throws -> [JSONValue] {
            try (spansFile ?? "").split(separator: "\n").map { try JSONValue(parsing: String($0)) }
        }

        var description: String {
            "exit status \(status)\n--- standard output\n\(standardOutput)--- standard error\n\(standardError)"
        }
    }

    /// The example could not be found or did not finish.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Environment prefixes that would change where an example sends its spans or what it calls;
    /// the test's own environment must not leak them into the example.
    static let isolatedPrefixes = ["PHOENIX_", "OTEL_", "OPENINFERENCE_", "OPENAI_"]

    /// The environment that makes an example export to the test's Phoenix, into `project`.
    static func phoenixEnvironment(project: String) throws -> [String: String] {
        guard let base = PhoenixPeer.baseURL else { throw Failure(description: "Phoenix missing: run scripts/test.sh, which starts it") }
        return ["PHOENIX_COLLECTOR_ENDPOINT": base.absoluteString, "PHOENIX_PROJECT_NAME": project]
    }

    /// Runs example `name` in a fresh temporary directory (removed afterwards) with `environment`
    /// added to this process's environment (minus ``isolatedPrefixes``); terminates it after
    /// `timeout`. One example runs at a time (see ``ProcessGate``).
    static func run(
        _ name: String, arguments: [String] = [], environment: [String: String] = [:], timeout: Duration = .seconds(60)
    ) async throws -> Run {
        await gate.enter()
        do {
            let run = try await launch(name, arguments: arguments, environment: environment, timeout: timeout)
            await gate.leave()
            return run
        } catch {
            await gate.leave()
            throw error
        }
    }

    private static let gate = ProcessGate()

    private static func launch(_ name: String, arguments: [String], environment: [String: String], timeout: Duration) async throws -> Run {
        let executable = try executableURL(name)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spankit-example-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Files rather than pipes: a pipe that fills up blocks the example until someone reads it.
        let outputURL = directory.appendingPathComponent(".stdout"), errorURL = directory.appendingPathComponent(".stderr")
        try Data().write(to: outputURL)
        try Data().write(to: errorURL)
        let output = try FileHandle(forWritingTo: outputURL), error = try FileHandle(forWritingTo: errorURL)
        defer {
            try? output.close()
            try? error.close()
            try? FileManager.default.removeItem(at: directory)
        }

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var inherited = ProcessInfo.processInfo.environment.filter { key, _ in !isolatedPrefixes.contains { key.hasPrefix($0) } }
        inherited.merge(environment) { _, new in new }
        process.environment = inherited
        process.standardOutput = output
        process.standardError = error
        try process.run()

        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let timedOut = process.isRunning
        if timedOut {
            process.terminate()
            process.waitUntilExit()
        }
        let run = Run(
            status: process.terminationStatus,
            standardOutput: (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOf: errorURL, encoding: .utf8)) ?? "",
            spansFile: try? String(contentsOf: directory.appendingPathComponent("spankit-spans.jsonl"), encoding: .utf8))
        if timedOut { throw Failure(description: "\(name) did not finish within \(timeout)\n\(run)") }
        return run
    }

    /// The built example. The build writes every product of the package to one directory, the
    /// one that holds the running test binary (`.build/debug`, `.build-tsan/debug`…), so it is
    /// looked up relative to the test binary rather than at a fixed path.
    static func executableURL(_ name: String) throws -> URL {
        let candidates = productDirectories.map { $0.appendingPathComponent(name) }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw Failure(description: "example '\(name)' is not built (looked in \(candidates.map(\.path))); "
                + "build it with `swift build --build-tests` or set SPANKIT_EXAMPLES_DIR")
        }
        return found
    }

    private static var productDirectories: [URL] {
        var directories: [URL] = []
        if let override = ProcessInfo.processInfo.environment["SPANKIT_EXAMPLES_DIR"] {
            directories.append(URL(fileURLWithPath: override))
        }
        // Linux: the test binary itself, `<products>/SpanKitPackageTests.xctest`.
        directories.append(URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent())
        // macOS: the image holding this code, `<products>/SpanKitPackageTests.xctest/Contents/MacOS/…`,
        // whichever runner (xctest, swiftpm-testing-helper) loaded it.
        if let image = testImagePath, let bundle = image.range(of: ".xctest/", options: .backwards) {
            directories.append(URL(fileURLWithPath: String(image[..<bundle.lowerBound]) + ".xctest").deletingLastPathComponent())
        }
        return directories
    }

    /// The path of the binary this code was loaded from (Apple platforms; nil elsewhere, where
    /// the test binary is the process itself).
    private static var testImagePath: String? {
        #if canImport(Darwin)
        var info = Dl_info()
        guard dladdr(#dsohandle, &info) != 0, let name = info.dli_fname else { return nil }
        return String(cString: name)
        #else
        return nil
        #endif
    }
}

/// Admits one task at a time, in arrival order. The example tests start together; a burst of
/// example processes (slow to start under ThreadSanitizer) would otherwise starve the
/// timing-sensitive tests that run alongside them on a small machine.
actor ProcessGate {
    private var isOccupied = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        guard isOccupied else {
            isOccupied = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty {
            isOccupied = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
