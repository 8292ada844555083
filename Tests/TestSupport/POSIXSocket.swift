#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Thin wrappers over the POSIX socket calls the local HTTP server and the raw test client use.
///
/// Every descriptor made here is close-on-exec (so a child process spawned by a concurrently
/// running test cannot keep a connection open) and never raises `SIGPIPE` on a write to a peer
/// that went away.
enum POSIXSocket {
    /// A failed system call, with its `errno`.
    struct Failure: Error, CustomStringConvertible {
        let operation: String
        let code: Int32
        var description: String { "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))" }

        /// Captures the current `errno`.
        static func last(_ operation: String) -> Failure { Failure(operation: operation, code: errno) }
    }

    /// What a bounded wait on a descriptor ended with.
    enum WaitOutcome: Equatable {
        /// The descriptor is ready for the requested operation (or has an error or hang-up).
        case ready
        /// The stop signal fired.
        case stopped
        /// The deadline passed.
        case timedOut
    }

    /// Creates a TCP socket listening on 127.0.0.1 at an ephemeral port; returns it and the port.
    /// `nonBlocking` sockets are for the server's poll-driven accept loop.
    static func makeLoopbackListener(
        backlog: Int32 = 128, reuseAddress: Bool = true, nonBlocking: Bool = true, listens: Bool = true
    ) throws -> (fd: Int32, port: Int) {
        let fd = try makeTCPSocket()
        do {
            if reuseAddress {
                var one: Int32 = 1
                guard setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
                    throw Failure.last("setsockopt(SO_REUSEADDR)")
                }
            }
            var address = loopbackAddress(port: 0)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0 else { throw Failure.last("bind(127.0.0.1:0)") }
            guard !listens || listen(fd, backlog) == 0 else { throw Failure.last("listen") }
            if nonBlocking { try setNonBlocking(fd) }
            return (fd, try localPort(of: fd))
        } catch {
            _ = close(fd)
            throw error
        }
    }

    /// The local port a socket is bound to.
    static func localPort(of fd: Int32) throws -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { throw Failure.last("getsockname") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Accepts one pending connection as a non-blocking, close-on-exec socket; nil when none is
    /// pending (or the attempt failed transiently, e.g. the peer already reset it).
    static func accept(from listener: Int32) -> Int32? {
        #if canImport(Darwin)
        let fd = Darwin.accept(listener, nil, nil)
        #elseif canImport(Glibc)
        let fd = Glibc.accept(listener, nil, nil)
        #elseif canImport(Musl)
        let fd = Musl.accept(listener, nil, nil)
        #endif
        guard fd >= 0 else { return nil }
        // `accept4` (atomic close-on-exec) is not exported by the Glibc module; the window between
        // `accept` and `fcntl` is a few instructions long.
        setCloseOnExec(fd)
        disableSigPipe(fd)
        guard (try? setNonBlocking(fd)) != nil else {
            _ = close(fd)
            return nil
        }
        return fd
    }

    /// Opens a blocking TCP connection to 127.0.0.1:`port` (for test clients).
    static func connectLoopback(port: Int) throws -> Int32 {
        let fd = try makeTCPSocket()
        var address = loopbackAddress(port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let failure = Failure.last("connect(127.0.0.1:\(port))")
            _ = close(fd)
            throw failure
        }
        return fd
    }

    /// Makes `fd` non-blocking.
    static func setNonBlocking(_ fd: Int32) throws {
        let flags = fcntl(fd, F_GETFL, 0)
        guard flags >= 0, fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0 else { throw Failure.last("fcntl(O_NONBLOCK)") }
    }

    /// Marks `fd` close-on-exec.
    static func setCloseOnExec(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFD, 0)
        if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
    }

    /// Waits until `fd` is readable (`forWriting == false`) or writable, the stop pipe
    /// (`wake`, if any) becomes readable, or `deadline` passes. Retries on `EINTR`.
    static func wait(
        for fd: Int32, writing forWriting: Bool = false, wake: Int32?, until deadline: ContinuousClock.Instant
    ) -> WaitOutcome {
        let events = Int16(forWriting ? POLLOUT : POLLIN)
        // Bounded: every pass either returns or waits at least one millisecond towards `deadline`.
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { return .timedOut }
            let (seconds, attoseconds) = remaining.components
            let milliseconds = Int32(max(1, min(60_000, min(seconds, 60) * 1000 + attoseconds / 1_000_000_000_000_000)))
            var descriptors = [pollfd(fd: fd, events: events, revents: 0)]
            if let wake { descriptors.append(pollfd(fd: wake, events: Int16(POLLIN), revents: 0)) }
            let result = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
            if result < 0 {
                if errno == EINTR { continue }
                return .ready  // let the caller's read or write surface the error
            }
            if descriptors.count == 2, descriptors[1].revents != 0 { return .stopped }
            if descriptors[0].revents != 0 { return .ready }
        }
    }

    /// Sends as many bytes as the socket takes now: the count, 0 when it would block, or nil on
    /// an error (peer reset or closed).
    static func sendSome(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        #if canImport(Darwin)
        let sent = send(fd, base, bytes.count, 0)
        #else
        let sent = send(fd, base, bytes.count, Int32(MSG_NOSIGNAL))
        #endif
        if sent >= 0 { return sent }
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return 0 }
        return nil
    }

    /// What one `recv` call produced.
    enum ReceiveOutcome {
        case bytes(Int)
        case wouldBlock
        case endOfStream
        case failed(Int32)
    }

    /// Receives up to `buffer.count` bytes.
    static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> ReceiveOutcome {
        let count = recv(fd, buffer.baseAddress, buffer.count, 0)
        if count > 0 { return .bytes(count) }
        if count == 0 { return .endOfStream }
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return .wouldBlock }
        return .failed(errno)
    }

    /// Closes `fd` so that the peer gets a TCP RST instead of a FIN: `SO_LINGER {1, 0}`, then close.
    static func reset(_ fd: Int32) {
        var option = linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        _ = close(fd)
    }

    /// Closes `fd`.
    static func closeDescriptor(_ fd: Int32) {
        _ = close(fd)
    }

    /// Half-closes the sending side (the peer reads end-of-stream).
    static func shutdownWrite(_ fd: Int32) {
        _ = shutdown(fd, Int32(SHUT_WR))
    }

    /// Shuts both directions down, waking any thread blocked on `fd`.
    static func shutdownBoth(_ fd: Int32) {
        _ = shutdown(fd, Int32(SHUT_RDWR))
    }

    private static func makeTCPSocket() throws -> Int32 {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let fd = socket(AF_INET, Int32(SOCK_STREAM), 0)
        #endif
        guard fd >= 0 else { throw Failure.last("socket") }
        setCloseOnExec(fd)
        disableSigPipe(fd)
        return fd
    }

    private static func disableSigPipe(_ fd: Int32) {
        #if canImport(Darwin)
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
    }

    private static func loopbackAddress(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        #if canImport(Darwin)
        address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}
