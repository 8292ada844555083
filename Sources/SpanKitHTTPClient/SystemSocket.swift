#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The POSIX socket calls the socket client makes, with the platform differences (constant
/// types, `SIGPIPE` suppression, close-on-exec) kept in one place.
enum SystemSocket {
    /// What one non-blocking `send` or `recv` did.
    enum Transfer: Equatable {
        /// Moved this many bytes (more than zero).
        case bytes(Int)
        /// Nothing can move now; wait for readiness.
        case wouldBlock
        /// The peer closed its sending side (reads only).
        case endOfStream
        /// The call failed with this `errno`.
        case failed(Int32)
    }

    /// Readiness flags for ``poll(_:events:milliseconds:)``.
    static let readable = Int16(POLLIN)
    static let writable = Int16(POLLOUT)
    /// Error and hang-up conditions, reported whatever was asked for.
    static let failed = Int16(POLLERR) | Int16(POLLHUP)
    static let invalid = Int16(POLLNVAL)

    /// A new TCP socket for `family`: non-blocking (every wait goes through `poll` with a
    /// deadline), close-on-exec (a child process must not inherit a collector connection), never
    /// raising `SIGPIPE` (a host app must not die because a collector went away), Nagle off (the
    /// head and body go out as separate writes and must not wait for a delayed ACK).
    /// Returns the descriptor, or the `errno` of the failure.
    static func openStream(family: Int32) -> Result<Int32, SocketFailure> {
        #if canImport(Glibc)
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), Int32(IPPROTO_TCP))
        #else
        let fd = socket(family, Int32(SOCK_STREAM), Int32(IPPROTO_TCP))
        #endif
        guard fd >= 0 else { return .failure(.last) }
        let descriptorFlags = fcntl(fd, F_GETFD, 0)
        if descriptorFlags >= 0 { _ = fcntl(fd, F_SETFD, descriptorFlags | FD_CLOEXEC) }
        let statusFlags = fcntl(fd, F_GETFL, 0)
        guard statusFlags >= 0, fcntl(fd, F_SETFL, statusFlags | O_NONBLOCK) == 0 else {
            let failure = SocketFailure.last
            closeDescriptor(fd)
            return .failure(failure)
        }
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        #if canImport(Darwin)
        _ = setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        return .success(fd)
    }

    /// Starts connecting `fd` to `address`: 0 when already connected, `EINPROGRESS` while the
    /// handshake runs, otherwise the `errno` of the failure.
    static func startConnect(_ fd: Int32, to address: SocketAddress) -> Int32 {
        let result = address.withSocketAddress { pointer, length in connect(fd, pointer, length) }
        if result == 0 { return 0 }
        let code = errno
        return code == EINTR ? EINPROGRESS : code
    }

    /// The outcome of a finished non-blocking connect: 0 on success, else its `errno`.
    static func connectResult(_ fd: Int32) -> Int32 {
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length) == 0 else { return errno }
        return code
    }

    /// Sends as many of `bytes` as the socket takes now.
    static func sendSome(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Transfer {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return .bytes(0) }
        #if canImport(Darwin)
        let sent = send(fd, base, bytes.count, 0)
        #else
        let sent = send(fd, base, bytes.count, Int32(MSG_NOSIGNAL))
        #endif
        return transfer(sent)
    }

    /// What a `send` or `sendmsg` that returned `sent` did.
    private static func transfer(_ sent: Int) -> Transfer {
        if sent > 0 { return .bytes(sent) }
        if sent == 0 { return .wouldBlock }
        let code = errno
        return code == EAGAIN || code == EWOULDBLOCK || code == EINTR ? .wouldBlock : .failed(code)
    }

    /// Sends as many of `first` and then `second` as the socket takes now, in one gathered write.
    static func sendSome(_ fd: Int32, _ first: UnsafeRawBufferPointer, then second: UnsafeRawBufferPointer) -> Transfer {
        guard let firstBase = first.baseAddress, !first.isEmpty else { return sendSome(fd, second) }
        guard let secondBase = second.baseAddress, !second.isEmpty else { return sendSome(fd, first) }
        var vectors = (
            iovec(iov_base: UnsafeMutableRawPointer(mutating: firstBase), iov_len: first.count),
            iovec(iov_base: UnsafeMutableRawPointer(mutating: secondBase), iov_len: second.count))
        let sent = withUnsafeMutableBytes(of: &vectors) { raw -> Int in
            var message = msghdr()
            message.msg_iov = raw.baseAddress?.assumingMemoryBound(to: iovec.self)
            message.msg_iovlen = 2
            #if canImport(Darwin)
            return sendmsg(fd, &message, 0)
            #else
            return sendmsg(fd, &message, Int32(MSG_NOSIGNAL))
            #endif
        }
        return transfer(sent)
    }

    /// Receives up to `buffer.count` bytes.
    static func receiveSome(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Transfer {
        let count = recv(fd, buffer.baseAddress, buffer.count, 0)
        if count > 0 { return .bytes(count) }
        if count == 0 { return .endOfStream }
        let code = errno
        return code == EAGAIN || code == EWOULDBLOCK || code == EINTR ? .wouldBlock : .failed(code)
    }

    /// Waits up to `milliseconds` for `events` on `fd`; returns the events that occurred, 0 when
    /// none did (an interrupted wait also returns 0: callers loop until their deadline).
    static func poll(_ fd: Int32, events: Int16, milliseconds: Int32) -> Int16 {
        var descriptor = pollfd(fd: fd, events: events, revents: 0)
        #if canImport(Darwin)
        let result = Darwin.poll(&descriptor, 1, milliseconds)
        #elseif canImport(Glibc)
        let result = Glibc.poll(&descriptor, 1, milliseconds)
        #elseif canImport(Musl)
        let result = Musl.poll(&descriptor, 1, milliseconds)
        #endif
        if result < 0 { return errno == EINTR ? 0 : failed }
        return result == 0 ? 0 : descriptor.revents
    }

    /// Closes `fd`, ignoring errors: there is nothing useful to do about a failed close.
    static func closeDescriptor(_ fd: Int32) {
        #if canImport(Darwin)
        _ = Darwin.close(fd)
        #elseif canImport(Glibc)
        _ = Glibc.close(fd)
        #elseif canImport(Musl)
        _ = Musl.close(fd)
        #endif
    }

    /// Sleeps the calling (dedicated, never cooperative) thread.
    static func pause(milliseconds: Int32) {
        _ = usleep(useconds_t(milliseconds) * 1000)
    }
}

/// An `errno` from a socket call, described without `strerror` (whose buffer is not thread-safe
/// for unknown codes on every platform).
struct SocketFailure: Error, Equatable, CustomStringConvertible {
    /// The `errno` value.
    let code: Int32

    /// The current `errno`.
    static var last: SocketFailure { SocketFailure(code: errno) }

    var description: String {
        let text: String
        switch code {
        case ECONNREFUSED: text = "connection refused"
        case ECONNRESET: text = "connection reset by peer"
        case ECONNABORTED: text = "connection aborted"
        case EPIPE: text = "broken pipe"
        case ETIMEDOUT: text = "timed out"
        case EHOSTUNREACH: text = "host unreachable"
        case ENETUNREACH: text = "network unreachable"
        case ENETDOWN: text = "network down"
        case EADDRNOTAVAIL: text = "address not available"
        case EAFNOSUPPORT: text = "address family not supported"
        case EMFILE, ENFILE: text = "too many open files"
        case ENOBUFS, ENOMEM: text = "out of memory"
        case EACCES, EPERM: text = "permission denied"
        default: text = "socket error"
        }
        return "\(text) (errno \(code))"
    }
}
