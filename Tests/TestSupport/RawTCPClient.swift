#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A blocking TCP client on 127.0.0.1 for tests that need byte-level control over a request
/// (pipelining, chunked framing, `Expect: 100-continue`) or must see exactly how a connection
/// ended. Not thread-safe: use it from one task.
public final class RawTCPClient {
    /// How a read ended without data.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The connection could not be opened; `code` is the `errno` (`ECONNREFUSED` for a port
        /// nothing listens on).
        case connectFailed(code: Int32)
        /// The server reset the connection (`ECONNRESET`).
        case reset
        /// No data arrived within the timeout.
        case timedOut
        /// Another socket error.
        case failed(code: Int32)

        public var description: String {
            switch self {
            case .connectFailed(let code): "connect failed: \(String(cString: strerror(code)))"
            case .reset: "connection reset by peer"
            case .timedOut: "timed out"
            case .failed(let code): "socket error: \(String(cString: strerror(code)))"
            }
        }
    }

    /// `ECONNREFUSED` on this platform.
    public static let connectionRefused = ECONNREFUSED

    private var fd: Int32

    /// Connects to 127.0.0.1:`port`; each later read waits at most `timeout`.
    public init(port: Int, timeout: Duration = .seconds(5)) throws {
        do {
            fd = try POSIXSocket.connectLoopback(port: port)
        } catch let failure as POSIXSocket.Failure {
            throw Failure.connectFailed(code: failure.code)
        }
        let (seconds, attoseconds) = timeout.components
        var interval = timeval()
        interval.tv_sec = .init(seconds)
        interval.tv_usec = .init(attoseconds / 1_000_000_000_000)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close() }

    /// Sends all of `data`.
    public func send(_ data: Data) throws {
        var offset = 0
        // Bounded: each pass sends bytes or throws (writes time out after `timeout`).
        while offset < data.count {
            let sent = data.withUnsafeBytes { POSIXSocket.sendSome(fd, UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            guard let sent, sent > 0 else { throw errno == ECONNRESET ? Failure.reset : Failure.failed(code: errno) }
            offset += sent
        }
    }

    /// Sends `text` as UTF-8.
    public func send(_ text: String) throws { try send(Data(text.utf8)) }

    /// Receives what is available (waiting up to the timeout for something); empty at end of stream.
    public func receive(maxBytes: Int = 65_536) throws -> Data {
        var buffer = [UInt8](repeating: 0, count: maxBytes)
        // Bounded: retried only on EINTR.
        while true {
            let count = recv(fd, &buffer, maxBytes, 0)
            if count >= 0 { return Data(buffer[0..<count]) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: throw Failure.timedOut
            case ECONNRESET: throw Failure.reset
            default: throw Failure.failed(code: errno)
            }
        }
    }

    /// Receives until `marker` has arrived (returning everything read so far, which may extend
    /// past it) or the stream ends.
    public func receive(until marker: String) throws -> Data {
        var received = Data()
        let needle = Data(marker.utf8)
        // Bounded: each pass receives bytes or ends (end of stream, timeout, error).
        while received.range(of: needle) == nil {
            let chunk = try receive()
            if chunk.isEmpty { break }
            received.append(chunk)
        }
        return received
    }

    /// Receives until the server closes the connection.
    public func receiveUntilClosed() throws -> Data {
        var received = Data()
        // Bounded: each pass receives bytes or ends (end of stream, timeout, error).
        while true {
            let chunk = try receive()
            if chunk.isEmpty { return received }
            received.append(chunk)
        }
    }

    /// Closes the connection. Idempotent.
    public func close() {
        guard fd >= 0 else { return }
        POSIXSocket.closeDescriptor(fd)
        fd = -1
    }
}
