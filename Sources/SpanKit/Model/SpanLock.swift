#if canImport(Darwin) || !canImport(Synchronization)
/// The lock of a recording span's state: the platform's mutex where an atomic word is not
/// available to this package (on Apple platforms `Synchronization` needs macOS 15 / iOS 18,
/// and `os_unfair_lock` is already a single atomic operation when uncontended).
@usableFromInline
typealias SpanLock = PlatformLock
#else
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Bionic)
import Bionic
#endif

/// The lock of a recording span's state: an atomic word, taken with one compare-and-swap and
/// released with one store, where a default `pthread_mutex_t` costs two library calls (about
/// 11 ns a round trip on the benchmark machine, against about 5). Every write to a span takes it.
///
/// A span's lock is rarely contended: the thread that writes a span usually ends it, and the
/// processor reads it after that. So a waiter spins briefly and then yields its CPU, rather
/// than sleeping in the kernel as a mutex's waiter does; no critical section under it blocks
/// or suspends (they are synchronous closures over the span's state). The batch processor's
/// queue lock is one too, for the same reason: its critical sections are as short, and a
/// sleeping waiter cost a system call on each side.
@usableFromInline
struct SpanLock: InPlaceLock, ~Copyable {
    private let word: Atomic<UInt32>

    @usableFromInline
    init() { word = Atomic(0) }

    @inline(__always) @usableFromInline
    static func lock(_ lock: UnsafeMutablePointer<SpanLock>) {
        guard !lock.pointee.word.compareExchange(expected: 0, desired: 1, ordering: .acquiring).exchanged else { return }
        waitAndLock(lock)
    }

    @inline(never)
    private static func waitAndLock(_ lock: UnsafeMutablePointer<SpanLock>) {
        while true {
            // A holder on another core is usually done within a few hundred cycles; one that
            // was preempted gets the CPU back sooner when this thread yields.
            for _ in 0..<100 {
                if lock.pointee.word.load(ordering: .relaxed) == 0,
                   lock.pointee.word.compareExchange(expected: 0, desired: 1, ordering: .acquiring).exchanged {
                    return
                }
            }
            sched_yield()
        }
    }

    @inline(__always) @usableFromInline
    static func unlock(_ lock: UnsafeMutablePointer<SpanLock>) {
        lock.pointee.word.store(0, ordering: .releasing)
    }
}
#endif
