#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Starts the detached POSIX threads of ``IOThreads`` for blocking socket work, which must never
/// run on a Swift concurrency cooperative thread (a stalled collector would starve the host app's
/// tasks).
enum DetachedThread {
    /// Runs `body` on a new thread that cleans up after itself; false if no thread could be
    /// created (resource exhaustion), in which case `body` never runs.
    static func start(_ body: @escaping @Sendable () -> Void) -> Bool {
        let context = Unmanaged.passRetained(Entry(body)).toOpaque()
        #if canImport(Darwin)
        var thread: pthread_t?
        let result = pthread_create(&thread, nil, { DetachedThread.run($0) }, context)
        guard result == 0, let thread else {
            Unmanaged<Entry>.fromOpaque(context).release()
            return false
        }
        #else
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { DetachedThread.run($0) }, context)
        guard result == 0 else {
            Unmanaged<Entry>.fromOpaque(context).release()
            return false
        }
        #endif
        pthread_detach(thread)
        return true
    }

    /// The closure a new thread runs, passed through `pthread_create`'s context pointer.
    private final class Entry {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    private static func run(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
        guard let context else { return nil }
        Unmanaged<Entry>.fromOpaque(context).takeRetainedValue().body()
        return nil
    }
}
