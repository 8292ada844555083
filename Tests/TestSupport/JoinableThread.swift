#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A POSIX thread that must be joined: `join()` returns only once the thread has fully exited, so
/// the server can promise that `stop()` leaves no thread behind (a `Foundation.Thread` can only
/// signal that its body is about to return).
struct JoinableThread: Sendable {
    /// The `pthread_t`, kept as its bit pattern so the handle is a plain Sendable value on every
    /// platform (it is an integer on Linux and a pointer on Darwin).
    private let handle: UInt

    /// A failure to create a thread.
    struct Failure: Error, CustomStringConvertible {
        let code: Int32
        var description: String { "pthread_create failed with \(code)" }
    }

    /// Starts a thread running `body`.
    static func spawn(_ body: @escaping @Sendable () -> Void) throws -> JoinableThread {
        let context = Unmanaged.passRetained(Entry(body)).toOpaque()
        #if canImport(Darwin)
        var thread: pthread_t?
        let result = pthread_create(&thread, nil, { JoinableThread.run($0) }, context)
        guard result == 0, let thread else {
            Unmanaged<Entry>.fromOpaque(context).release()
            throw Failure(code: result)
        }
        return JoinableThread(handle: UInt(bitPattern: thread))
        #else
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { JoinableThread.run($0) }, context)
        guard result == 0 else {
            Unmanaged<Entry>.fromOpaque(context).release()
            throw Failure(code: result)
        }
        return JoinableThread(handle: UInt(thread))
        #endif
    }

    /// Waits for the thread to exit and releases its resources. Call exactly once, never from the
    /// thread itself.
    func join() {
        _ = pthread_join(pthread, nil)
    }

    /// Whether the calling thread is this thread.
    var isCurrent: Bool { pthread_equal(pthread, pthread_self()) != 0 }

    private var pthread: pthread_t {
        #if canImport(Darwin)
        return pthread_t(bitPattern: handle)!
        #else
        return pthread_t(handle)
        #endif
    }

    /// The closure a new thread runs, passed through `pthread_create`'s context pointer.
    private final class Entry {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    private static func run(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
        guard let context else { return nil }
        let entry = Unmanaged<Entry>.fromOpaque(context).takeRetainedValue()
        entry.body()
        return nil
    }
}
