import Foundation

/// A value guarded by an `NSLock`, shared between the server's threads and the tests.
///
/// `@unchecked Sendable` is safe because the only stored state besides the (Sendable) lock is
/// `value`, and every read and write of it happens inside `withLock` while the lock is held; the
/// value itself must be `Sendable`, so nothing that escapes `withLock` can be shared unsafely.
public final class LockedValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    /// Creates a lock-guarded value.
    public init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    /// A copy of the current value.
    public var current: Value { withLock { $0 } }
}
