import Foundation
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Bionic)
import Bionic
#endif

/// A file opened for appending through POSIX calls, which give one `write` per batch (appends
/// from several writers do not interleave inside a batch) and an `errno` to report.
///
/// Not thread-safe by itself: ``JSONLinesFileExporter`` keeps it behind a lock.
struct AppendOnlyFile: Sendable {
    /// The absolute path.
    let path: String
    private var descriptor: Int32 = -1
    private(set) var isShutDown = false

    init(path: String) {
        self.path = path
    }

    /// Appends `bytes`, opening the file (and creating it and its directory) on first use.
    ///
    /// When a write fails halfway the file is cut back to where the batch started, if no other
    /// writer appended meanwhile, so a full disk never leaves half a JSON line behind.
    mutating func append(_ bytes: UnsafeRawBufferPointer) throws {
        guard !isShutDown else { throw ExportError(.shutdown, "the file exporter for \(path) was shut down") }
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        try openIfNeeded()
        var before = stat()
        let sizeBefore = fstat(descriptor, &before) == 0 ? before.st_size : -1
        var written = 0
        while written < bytes.count {
            let result = write(descriptor, base + written, bytes.count - written)
            if result < 0 {
                let code = errno
                if code == EINTR { continue }
                if written > 0, sizeBefore >= 0 { rollBack(to: sizeBefore, expectedSize: sizeBefore + off_t(written)) }
                throw Self.error("cannot write to", path, code)
            }
            written += result
        }
    }

    /// Pushes written data to the storage device.
    mutating func synchronize() throws {
        guard descriptor >= 0 else { return }
        while fsync(descriptor) != 0 {
            let code = errno
            // Devices and pipes cannot be synced, and there is nothing to sync on them.
            if code == EINVAL || code == ENOTSUP || code == EROFS { return }
            if code != EINTR { throw Self.error("cannot sync", path, code) }
        }
    }

    /// Closes the file; later appends throw.
    mutating func shutDown() {
        isShutDown = true
        guard descriptor >= 0 else { return }
        _ = closeDescriptor(descriptor)
        descriptor = -1
    }

    private mutating func openIfNeeded() throws {
        guard descriptor < 0 else { return }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw ExportError(.io, "cannot create the directory \(directory) for \(path): \(Self.reason(error))")
            }
        }
        let opened = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard opened >= 0 else { throw Self.error("cannot open", path, errno) }
        descriptor = opened
    }

    private func rollBack(to size: off_t, expectedSize: off_t) {
        var now = stat()
        guard fstat(descriptor, &now) == 0, now.st_size == expectedSize else { return }
        _ = ftruncate(descriptor, size)
    }

    private static func error(_ action: String, _ path: String, _ code: Int32) -> ExportError {
        ExportError(.io, "\(action) \(path): \(String(cString: strerror(code))) (errno \(code))")
    }

    /// The underlying POSIX message when there is one: Foundation's own text differs by
    /// platform and sometimes leaves the cause out.
    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}

/// `close(2)`, out of reach of the method names above.
private func closeDescriptor(_ descriptor: Int32) -> Int32 { close(descriptor) }
