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
    let buffer: LockedBuffer<State>

    /// Creates a lock-guarded value.
    static func make(_ initial: State) -> Locked<State> where State: Sendable {
        Locked(buffer: LockedBuffer.make(initial))
    }

    /// Runs `body` with exclusive access to the state.
    @inline(__always)
    func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        try buffer.withLock(body)
    }

    /// Whether two values share one buffer.
    func isIdentical(to other: Locked<State>) -> Bool { buffer === other.buffer }
}

/// The heap buffer behind ``Locked``: the state as header, the lock as the single tail element.
final class LockedBuffer<State>: ManagedBuffer<State, PlatformLock> {
    /// Creates a buffer holding `initial`.
    static func make(_ initial: State) -> LockedBuffer<State> {
        let buffer = create(minimumCapacity: 1) { _ in initial }
        buffer.withUnsafeMutablePointerToElements { lock in
            #if canImport(Darwin)
            lock.initialize(to: os_unfair_lock())
            #else
            lock.initialize(to: pthread_mutex_t())
            pthread_mutex_init(lock, nil)
            #endif
        }
        return unsafeDowncast(buffer, to: LockedBuffer<State>.self)
    }

    deinit {
        withUnsafeMutablePointerToElements { lock in
            #if !canImport(Darwin)
            pthread_mutex_destroy(lock)
            #endif
            lock.deinitialize(count: 1)
        }
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
