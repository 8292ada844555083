import Foundation

/// Appends finished spans to a file as JSON lines: one span object per line, in the format of
/// ``SpanRecord/toJSON()`` (`Schemas/span.schema.json`).
///
/// The file and its directory are created on the first export; existing content is kept, so
/// several runs (or several exporters) append to one file. Each batch is written with a single
/// `write` call. A failure — an unwritable path, a full disk — is an error naming the path,
/// thrown by ``export(_:)``; it never crashes the app.
///
/// ```swift
/// let exporter = JSONLinesFileExporter()   // ./spankit-spans.jsonl
/// let tracer = Tracer(processor: SimpleSpanProcessor(exporter: exporter))
/// ```
///
/// The file stays open between exports: if it is moved or deleted meanwhile, writes go to the
/// moved or deleted file until ``shutdown()``.
final class JSONLinesFileExporter: SpanExporter {
    /// The file spans are appended to, as an absolute URL.
    let fileURL: URL
    private let file: Locked<AppendOnlyFile>

    /// `spankit-spans.jsonl` in the current directory.
    static var defaultFileURL: URL {
        URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("spankit-spans.jsonl")
    }

    /// Creates an exporter appending to `fileURL`; nothing is opened until the first export.
    ///
    /// - Parameter fileURL: a file URL; a relative one is resolved against the current
    ///   directory now, so a later change of directory does not move the file.
    init(fileURL: URL = JSONLinesFileExporter.defaultFileURL) {
        self.fileURL = fileURL.absoluteURL
        self.file = .make(AppendOnlyFile(path: self.fileURL.path))
    }

    deinit {
        file.withLock { $0.shutDown() }
    }

    /// Appends one line per span; throws when the file cannot be created or written, and
    /// after ``shutdown()``.
    func export(_ spans: [SpanRecord]) async throws {
        do {
            try write(spans)
        } catch let error as ExportError {
            throw error
        } catch {
            throw ExportError(.io, "cannot write to \(fileURL.path)")
        }
    }

    private func write(_ spans: [SpanRecord]) throws {
        guard fileURL.isFileURL else { throw ExportError(.io, "\(fileURL.absoluteString) is not a file URL") }
        var text = ""
        text.reserveCapacity(spans.count * 1_024)
        for span in spans {
            text += span.jsonString
            text += "\n"
        }
        // Encoding happens above, outside the lock; only the write itself is serialised.
        try file.withLock { file in
            try text.withUTF8 { try file.append(UnsafeRawBufferPointer($0)) }
        }
    }

    /// Pushes everything written so far to the storage device (`fsync`). A refusal loses no
    /// data already written, so it is not reported.
    func flush() async {
        file.withLock { try? $0.synchronize() }
    }

    /// Syncs and closes the file; later exports fail.
    func shutdown() async {
        file.withLock { file in
            try? file.synchronize()
            file.shutDown()
        }
    }
}
