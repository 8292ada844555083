import Foundation

/// Runs the Python reference tools (OpenTelemetry SDK, OpenInference helpers, JSON Schema validator)
/// that the test command installs into the package's `.venv`.
///
/// Tests that need a peer are skipped when it is missing under plain `swift test`; the README test
/// command sets `SPANKIT_REQUIRE_PEERS=1`, and then a missing peer fails the test instead, so CI can
/// never pass by skipping.
public enum PythonPeer {
    /// The package root, derived from this file's location.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The interpreter: `SPANKIT_PYTHON`, else `.venv/bin/python` in the package root.
    public static var interpreter: URL? {
        if let explicit = ProcessInfo.processInfo.environment["SPANKIT_PYTHON"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        let candidate = packageRoot.appendingPathComponent(".venv/bin/python")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }

    /// Whether peers must be present (set by the README test command and CI).
    public static var peersRequired: Bool {
        ProcessInfo.processInfo.environment["SPANKIT_REQUIRE_PEERS"] == "1"
    }

    /// True when the tests that need Python should run: the interpreter exists, or peers are
    /// required (then the test runs and fails loudly on the missing interpreter).
    public static var shouldRun: Bool { interpreter != nil || peersRequired }

    /// A failure while running a peer script.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `script` with `input` on standard input and returns standard output; with
    /// `interpreter` (another virtual environment, such as MLflow's) and `environment` added to
    /// this process's. Throws when the interpreter is missing or the script exits non-zero (with
    /// its stderr).
    ///
    /// The process runs on a thread of its own while the caller awaits it: blocking one of Swift
    /// concurrency's threads (two on a two-core machine) for a Python start-up stalls every other
    /// test running in parallel, and under ThreadSanitizer that stall was long enough to fail
    /// tests that wait for something with a timeout.
    public static func run(
        _ script: String, input: Data = Data(), arguments: [String] = [], interpreter: URL? = nil, environment: [String: String] = [:]
    ) async throws -> Data {
        try await onThreadOfItsOwn {
            try runBlocking(script, input: input, arguments: arguments, interpreter: interpreter, environment: environment)
        }
    }

    private static func runBlocking(
        _ script: String, input: Data, arguments: [String], interpreter: URL?, environment: [String: String]
    ) throws -> Data {
        guard let interpreter = interpreter ?? self.interpreter else {
            throw Failure(description: "Python peer missing: run the README test command to create .venv")
        }
        let process = Process()
        process.executableURL = interpreter
        process.arguments = ["-c", script] + arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Write and read concurrently so large payloads cannot deadlock on full pipe buffers.
        let writer = Thread {
            stdin.fileHandleForWriting.write(input)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let errorBox = DataBox()
        let errorReader = Thread { errorBox.set(stderr.fileHandleForReading.readDataToEndOfFile()) }
        errorReader.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorBox.isSet { usleep(1_000) }
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errorBox.value, as: UTF8.self)
            throw Failure(description: "python exited \(process.terminationStatus): \(message)")
        }
        return output
    }

    /// Runs `script` with a JSON-encodable input and decodes its JSON output.
    public static func runJSON(_ script: String, input: Any) async throws -> Any {
        let data = try JSONSerialization.data(withJSONObject: input, options: [.fragmentsAllowed])
        let output = try await run(script, input: data)
        return try JSONSerialization.jsonObject(with: output, options: [.fragmentsAllowed])
    }
}

/// A lock-guarded byte buffer filled by the stderr reader thread; `@unchecked Sendable` is safe
/// because every access goes through `lock`.
private final class DataBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var done = false
    func set(_ value: Data) { lock.lock(); data = value; done = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return done }
    var value: Data { lock.lock(); defer { lock.unlock() }; return data }
}
