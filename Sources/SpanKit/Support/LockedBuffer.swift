#if canImport(Darwin)
import Darwin
/// The platform's cheapest mutual-exclusion primitive.
@usableFromInline
typealias PlatformLock = os_unfair_lock
#elseif canImport(Glibc)
import Glibc
@usableFromInline
typealias PlatformLock = pthread_mutex_t
#elseif canImport(Musl)
import Musl
@usableFromInline
typealias PlatformLock = pthread_mutex_t
#elseif canImport(Bionic)
import Bionic
@usableFromInline
typealias PlatformLock = pthread_mutex_t
#endif

/// A value guarded by the platform's mutex, both in one heap allocation.
typealias Locked<State> = LockedWith<State, PlatformLock>
/// The heap buffer behind ``Locked``.
typealias LockedBuffer<State> = LockedWithBuffer<State, PlatformLock>

/// A value guarded by a lock of type `Lock`, both in one heap allocation.
///
/// The lock lives in the buffer's tail storage so it has a stable address (a lock stored in a
/// class property does not) and so a recording span costs a single allocation. `Mutex` from
/// `Synchronization` would do the same but needs macOS 15 / iOS 18.
@usableFromInline
struct LockedWith<State, Lock: InPlaceLock & ~Copyable>: @unchecked Sendable {
    // Every access to the state goes through `withLock`, so sharing the buffer across threads
    // is safe as long as the state itself may cross threads (hence `make` requires Sendable).
    // A `var` only so that ``EndedSpan`` can ask whether the reference is unique.
    var buffer: Buffer

    /// The heap buffer's type.
    typealias Buffer = LockedWithBuffer<State, Lock>

    /// Creates a lock-guarded value.
    @inline(__always)
    static func make(_ initial: State) -> Self where State: Sendable {
        Self(buffer: LockedWithBuffer.make { initial })
    }

    /// Creates a lock-guarded value built in place by `factory` (no copy of a large state).
    @inline(__always)
    static func make(building factory: () -> State) -> Self where State: Sendable {
        Self(buffer: LockedWithBuffer.make(factory))
    }

    /// Runs `body` with exclusive access to the state.
    @inline(__always)
    func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        try buffer.withLock(body)
    }

    /// Whether two values share one buffer.
    func isIdentical(to other: Self) -> Bool { buffer === other.buffer }
}

/// The heap buffer behind ``LockedWith``: the state as header, the lock as the single tail
/// element.
@usableFromInline
final class LockedWithBuffer<State, Lock: InPlaceLock & ~Copyable>: ManagedBuffer<State, Lock> {
    /// Creates a buffer holding `initial`.
    @inline(__always)
    static func make(_ factory: () -> State) -> LockedWithBuffer<State, Lock> {
        let buffer = create(minimumCapacity: 1) { _ in factory() }
        buffer.withUnsafeMutablePointerToElements { lock in lock.initialize(to: Lock()) }
        return unsafeDowncast(buffer, to: LockedWithBuffer<State, Lock>.self)
    }

    // No deinit: an `InPlaceLock` holds no resources, so the lock is left as is when the buffer
    // is freed (deinitialising it went through the generic array-destroy path, measurably, on
    // every span's free); `ManagedBuffer` destroys the state.

    /// The addresses of the state and the lock, for a caller that takes the lock itself (see
    /// `Span.recordAttribute`). They stay valid while the buffer lives (an object never moves),
    /// so a caller must hold a reference to it for as long as it uses them.
    @inline(__always)
    var pointers: (state: UnsafeMutablePointer<State>, lock: UnsafeMutablePointer<Lock>) {
        withUnsafeMutablePointers { ($0, $1) }
    }

    /// Runs `body` with exclusive access to the state.
    @inline(__always)
    func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        try withUnsafeMutablePointers { state, lock in
            Lock.lock(lock)
            defer { Lock.unlock(lock) }
            return try body(&state.pointee)
        }
    }
}

/// A lock that works in place, at a stable address it does not own (the tail of a
/// ``LockedWithBuffer``); `init()` makes it unlocked. It must hold no resources (no deinit, no
/// destroy call needed): its buffer frees it without deinitialising it.
@usableFromInline
protocol InPlaceLock: ~Copyable {
    init()
    static func lock(_ lock: UnsafeMutablePointer<Self>)
    static func unlock(_ lock: UnsafeMutablePointer<Self>)
}

/// The platform's mutex: `os_unfair_lock` on Apple platforms, a default `pthread_mutex_t`
/// elsewhere. Waiters sleep, so it suits locks that threads contend for, such as a queue's.
///
/// `init()` is all zeros, the static initialiser of both (OS_UNFAIR_LOCK_INIT, and
/// PTHREAD_MUTEX_INITIALIZER in glibc, musl and bionic), so no init call is needed and a
/// default mutex holds no resources that would need pthread_mutex_destroy.
extension PlatformLock: InPlaceLock {
    @inline(__always) @usableFromInline
    static func lock(_ lock: UnsafeMutablePointer<PlatformLock>) {
        #if canImport(Darwin)
        os_unfair_lock_lock(lock)
        #else
        pthread_mutex_lock(lock)
        #endif
    }

    @inline(__always) @usableFromInline
    static func unlock(_ lock: UnsafeMutablePointer<PlatformLock>) {
        #if canImport(Darwin)
        os_unfair_lock_unlock(lock)
        #else
        pthread_mutex_unlock(lock)
        #endif
    }
}
