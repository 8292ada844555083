import Foundation

/// A value guarded by a lock, for the client's per-request and per-pool state.
///
/// SpanKit's `Locked` lives in the SpanKit module, and `Synchronization.Mutex` needs macOS 15 /
/// iOS 18; nothing here is on a per-span path, so a plain `NSLock` is enough.
final class LockedValue<Value: Sendable>: @unchecked Sendable {
    // Safe to share: `value` is read and written only inside `withLock`, under `lock`.
    private let lock = NSLock()
    private var value: Value

    /// Creates a guarded value.
    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
