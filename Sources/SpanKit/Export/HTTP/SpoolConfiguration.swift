import Foundation

/// Where undeliverable batches are kept until they can be sent, and how much room they may
/// take.
///
/// Batches that could not be delivered (the network is down, the backend keeps failing, the
/// process is shutting down) are written to `directory` atomically, one file per batch, and
/// sent — oldest first, one attempt per file — after the next successful export, in this process
/// or the next that uses the same directory. Files are removed once the backend accepted
/// them. When the directory holds ``maxBytes``, new batches are refused (and counted as failed)
/// rather than deleting batches already stored.
struct SpoolConfiguration: Sendable, Equatable {
    /// The directory; created when missing.
    var directory: URL
    /// The most bytes the spool may occupy (default 64 MiB).
    var maxBytes: Int

    /// Creates a spool configuration.
    init(directory: URL, maxBytes: Int = Self.defaultMaxBytes) {
        self.directory = directory
        self.maxBytes = maxBytes
    }

    /// 64 MiB.
    static let defaultMaxBytes = 64 * 1024 * 1024
}
