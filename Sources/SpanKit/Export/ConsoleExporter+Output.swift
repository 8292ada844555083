import Foundation

extension ConsoleExporter {
    /// Where a ``ConsoleExporter`` writes its trees.
    ///
    /// The exporter hands over one complete tree at a time: one or more lines, each ending in
    /// a newline.
    struct Output: Sendable {
        let write: @Sendable (String) -> Void

        /// Standard output, shared with `print` so the trees stay in order with the app's own
        /// output; flushed after every tree so nothing is lost if the process stops.
        static let standardOutput = Output { text in
            print(text, terminator: "")
            // `fflush(nil)` flushes every C stream, which includes standard output without naming
            // the global `stdout` (not concurrency-safe to reference in Swift 6).
            fflush(nil)
        }

        /// Standard error, unbuffered: the default, beside SpanKit's own diagnostics and away
        /// from the app's output.
        static let standardError = fileHandle(.standardError)

        /// Writes to an open file handle. Write errors (a closed pipe, a full disk) are ignored:
        /// the console is a convenience and must never take the app down.
        static func fileHandle(_ handle: FileHandle) -> Output {
            let writer = FileHandleWriter(handle)
            return Output { text in writer.write(text) }
        }

        /// Passes each tree's text to `write`, for logging systems and tests. `write` must not
        /// call back into the exporter.
        static func sink(_ write: @escaping @Sendable (String) -> Void) -> Output {
            Output(write: write)
        }
    }
}

/// Serialises writes to a `FileHandle`.
final class FileHandleWriter: @unchecked Sendable {
    // `FileHandle` is not declared Sendable on every platform; every use of it goes through
    // `lock`, so sharing the writer between tasks is safe.
    private let lock = NSLock()
    private let handle: FileHandle

    init(_ handle: FileHandle) { self.handle = handle }

    func write(_ text: String) {
        lock.withLock { try? handle.write(contentsOf: Data(text.utf8)) }
    }
}
