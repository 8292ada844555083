#if canImport(Darwin)
import Darwin
/// The platform's cheapest mutual-exclusion primitive.
typealias PlatformLock = os_unfair_lock
#elseif canImport(Glibc)
import Glibc
typealias PlatformLock = pthread_mutex_t
#elseif canImport(Musl)
import Musl
typealias PlatformLock = pthread_mutex_t
#elseif canImport(Bionic)
import Bionic
typealias PlatformLock = pthread_mutex_t
#endif

/// A value guarded by a lock, both in one heap allocation.
///
/// The lock lives in the buffer's tail storage so it has a stable address (a lock stored in a
/// class property does not) and so a recording span costs a single allocation. `Mutex` from
/// `Synchronization` would do the same but needs macOS 15 / iOS 18.
struct Locked<State>: @unchecked Sendable {
    // Every access to the state goes through `withLock`, so sharing the buffer across threads
    // is safe as long as the state itself may cross threads (hence `make` requires Sendable).
    // A `var` only so that ``Span/takeRecord()`` can ask whether the reference is unique.
    var buffer: LockedBuffer<State>

    /// Creates a lock-guarded value.
    @inline(__always)
    static func make(_ initial: State) -> Locked<State> where State: Sendable {
        Locked(buffer: LockedBuffer.make { initial })
    }

    /// Creates a lock-guarded value built in place by `factory` (no copy of a large state).
    @inline(__always)
    static func make(building factory: () -> State) -> Locked<State> where State: Sendable {
        Locked(buffer: LockedBuffer.make(factory))
    }

    /// Runs `body` with exclusive access to the state.
    @inline(__always)
    func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        try buffer.withLock(body)
    }

    /// Reads from the state without taking the lock: only for a part that no thread writes any
    /// more and whose last write happened before this read (made by this thread, or before a
    /// lock this thread took since).
    @inline(__always)
    func readWithoutLocking<Value>(_ body: (UnsafeMutablePointer<State>) -> Value) -> Value {
        buffer.withUnsafeMutablePointerToHeader(body)
    }

    /// Whether two values share one buffer.
    func isIdentical(to other: Locked<State>) -> Bool { buffer === other.buffer }
}

/// The heap buffer behind ``Locked``: the state as header, the lock as the single tail element.
final class LockedBuffer<State>: ManagedBuffer<State, PlatformLock> {
    /// Creates a buffer holding `initial`.
    @inline(__always)
    static func make(_ factory: () -> State) -> LockedBuffer<State> {
        let buffer = create(minimumCapacity: 1) { _ in factory() }
        buffer.withUnsafeMutablePointerToElements { lock in
            // All-zero is the static initialiser of both lock types (OS_UNFAIR_LOCK_INIT, and
            // PTHREAD_MUTEX_INITIALIZER in glibc, musl and bionic), so no init call is needed
            // and a default mutex holds no resources that would need pthread_mutex_destroy.
            #if canImport(Darwin)
            lock.initialize(to: os_unfair_lock())
            #else
            lock.initialize(to: pthread_mutex_t())
            #endif
        }
        return unsafeDowncast(buffer, to: LockedBuffer<State>.self)
    }

    deinit {
        _ = withUnsafeMutablePointerToElements { lock in lock.deinitialize(count: 1) }
    }

    /// Runs `body` with exclusive access to the state.
    @inline(__always)
    func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        try withUnsafeMutablePointers { state, lock in
            #if canImport(Darwin)
            os_unfair_lock_lock(lock)
            defer { os_unfair_lock_unlock(lock) }
            #else
            pthread_mutex_lock(lock)
            defer { pthread_mutex_unlock(lock) }
            #endif
            return try body(&state.pointee)
        }
    }
}
