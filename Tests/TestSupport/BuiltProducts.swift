import Foundation

/// Executables the package builds (examples, probes), found next to the running test binary —
/// in `.build/debug`, `.build-tsan/debug` or wherever this build put them.
public enum BuiltProducts {
    /// The directory holding the test binary, hence the package's products.
    public static var directory: URL {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        // Walk up out of an `.xctest` bundle (a directory on Apple platforms, a file on Linux).
        while url.pathComponents.count > 1 {
            let parent = url.deletingLastPathComponent()
            if url.pathExtension == "xctest" { return parent }
            url = parent
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    /// The executable `name`; throws when it was not built.
    public static func executable(_ name: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw PythonPeer.Failure(description: "\(name) not found in \(directory.path): build the package first (swift build --build-tests)")
        }
        return url
    }

    /// Runs an executable with extra environment variables; returns exit status and output.
    /// Kills it after `timeout`.
    public static func run(
        _ executable: URL, arguments: [String] = [], environment: [String: String] = [:], timeout: Duration = .seconds(120)
    ) async throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let watchdog = Task {
            try? await Task.sleep(for: timeout)
            if process.isRunning { process.terminate() }
        }
        // Read on dedicated threads: blocking reads must not occupy the cooperative pool.
        let (outputData, errorData) = await withCheckedContinuation { (continuation: CheckedContinuation<(Data, Data), Never>) in
            Thread {
                let errorBox = ThreadResult()
                let reader = Thread { errorBox.set(error.fileHandleForReading.readDataToEndOfFile()) }
                reader.start()
                let out = output.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: (out, errorBox.wait()))
            }.start()
        }
        watchdog.cancel()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }
}

/// A value handed from one thread to another; `@unchecked Sendable` is safe because access goes
/// through the condition's lock.
private final class ThreadResult: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Data?
    func set(_ data: Data) { condition.lock(); value = data; condition.signal(); condition.unlock() }
    func wait() -> Data {
        condition.lock()
        while value == nil { condition.wait() }
        defer { condition.unlock() }
        return value!
    }
}
