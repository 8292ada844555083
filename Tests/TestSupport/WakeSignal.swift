#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-shot broadcast to every server thread blocked in `poll`: a pipe whose read end becomes
/// (and stays) readable once `fire()` writes a byte. Nobody drains it, so every waiter sees it.
final class WakeSignal: Sendable {
    /// The end the server threads poll.
    let readEnd: Int32
    private let writeEnd: Int32
    /// Whether the pipe has been closed; guards `fire` and `close` against a closed descriptor.
    private let isClosed = LockedValue(false)

    init() throws {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw POSIXSocket.Failure.last("pipe") }
        for fd in ends {
            POSIXSocket.setCloseOnExec(fd)
            try? POSIXSocket.setNonBlocking(fd)
        }
        readEnd = ends[0]
        writeEnd = ends[1]
    }

    deinit { close() }

    /// Wakes every current and future waiter. Idempotent.
    func fire() {
        isClosed.withLock { closed in
            guard !closed else { return }
            var byte: UInt8 = 1
            _ = write(writeEnd, &byte, 1)
        }
    }

    /// Closes both ends; call only once no thread polls `readEnd` any more. Idempotent.
    func close() {
        isClosed.withLock { closed in
            guard !closed else { return }
            closed = true
            #if canImport(Darwin)
            _ = Darwin.close(readEnd)
            _ = Darwin.close(writeEnd)
            #elseif canImport(Glibc)
            _ = Glibc.close(readEnd)
            _ = Glibc.close(writeEnd)
            #elseif canImport(Musl)
            _ = Musl.close(readEnd)
            _ = Musl.close(writeEnd)
            #endif
        }
    }
}
