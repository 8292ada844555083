import Foundation

/// Buffered, deadline-bounded reads and writes on one non-blocking server connection. Every wait
/// also ends when the server's stop signal fires.
struct SocketStream {
    /// Why a read or write ended without its result.
    enum Failure: Error, Equatable {
        /// The peer closed its sending side (end of stream) before the expected data.
        case closed
        /// The server is stopping.
        case stopped
        /// The deadline passed without the data.
        case timedOut
        /// A socket error (e.g. `ECONNRESET`).
        case failed(Int32)
        /// The data exceeded its size limit or was not valid framing.
        case invalid(String)
    }

    let fd: Int32
    /// The stop signal's read end.
    let wake: Int32
    private var buffer: [UInt8] = []
    /// Bytes of `buffer` already consumed.
    private var start = 0

    init(fd: Int32, wake: Int32) {
        self.fd = fd
        self.wake = wake
    }

    /// Bytes received but not consumed yet.
    var bufferedCount: Int { buffer.count - start }

    /// Reads the next request head: everything up to and including the empty line, after
    /// skipping empty lines before it (RFC 9112 §2.2). Accepts bare LF line ends.
    mutating func readHead(maxBytes: Int, deadline: ContinuousClock.Instant) throws(Failure) -> [UInt8] {
        var scanned = 0  // bytes after `start` already searched for the end of the head
        // Bounded: every pass consumes input or fails; the head is at most `maxBytes` long.
        while true {
            while start < buffer.count, buffer[start] == UInt8(ascii: "\r") || buffer[start] == UInt8(ascii: "\n") {
                start += 1
                scanned = 0
            }
            if let end = headEnd(from: start + scanned) {
                let head = Array(buffer[start..<end])
                start = end
                compact()
                return head
            }
            scanned = max(0, bufferedCount - 3)
            if bufferedCount > maxBytes { throw .invalid("request head exceeds \(maxBytes) bytes") }
            try fill(deadline: deadline)
        }
    }

    /// Reads one line (without its CRLF or LF) of at most `maxBytes` bytes.
    mutating func readLine(maxBytes: Int, deadline: ContinuousClock.Instant) throws(Failure) -> String {
        var scanned = 0
        while true {
            if let newline = buffer[(start + scanned)...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = newline + 1
                compact()
                return line
            }
            scanned = bufferedCount
            if bufferedCount > maxBytes { throw .invalid("line exceeds \(maxBytes) bytes") }
            try fill(deadline: deadline)
        }
    }

    /// Reads exactly `count` bytes, appending them to `output`. On failure `output` holds what
    /// had arrived.
    mutating func read(count: Int, into output: inout Data, deadline: ContinuousClock.Instant) throws(Failure) {
        var remaining = count
        while remaining > 0 {
            if bufferedCount == 0 { try fill(deadline: deadline) }
            let take = min(remaining, bufferedCount)
            output.append(contentsOf: buffer[start..<(start + take)])
            start += take
            remaining -= take
            compact()
        }
    }

    /// Reads and discards input until the peer closes, the server stops, or `deadline`; returns
    /// true when the peer closed (or reset) the connection.
    mutating func discardUntilClosed(deadline: ContinuousClock.Instant) -> Bool {
        // Bounded: every pass receives bytes or waits towards `deadline`.
        while true {
            start = buffer.count
            compact()
            do {
                try fill(deadline: deadline)
            } catch {
                switch error {
                case .closed, .failed: return true
                case .stopped, .timedOut, .invalid: return false
                }
            }
        }
    }

    /// Writes all of `data`.
    func write(_ data: Data, deadline: ContinuousClock.Instant) throws(Failure) {
        var offset = 0
        // Bounded: every pass sends bytes or waits towards `deadline`.
        while offset < data.count {
            let sent = data.withUnsafeBytes { bytes in
                POSIXSocket.sendSome(fd, UnsafeRawBufferPointer(rebasing: bytes[offset...]))
            }
            guard let sent else { throw .failed(errno) }
            if sent > 0 {
                offset += sent
                continue
            }
            switch POSIXSocket.wait(for: fd, writing: true, wake: wake, until: deadline) {
            case .ready: continue
            case .stopped: throw .stopped
            case .timedOut: throw .timedOut
            }
        }
    }

    /// Waits until `deadline` unless the server stops first; throws `.stopped` then.
    func pause(until deadline: ContinuousClock.Instant) throws(Failure) {
        if POSIXSocket.wait(for: wake, wake: nil, until: deadline) == .ready { throw .stopped }
    }

    /// Receives at least one byte into the buffer.
    private mutating func fill(deadline: ContinuousClock.Instant) throws(Failure) {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        // Bounded: every pass receives bytes, fails, or waits towards `deadline`.
        while true {
            let outcome = chunk.withUnsafeMutableBytes { POSIXSocket.receive(fd, into: $0) }
            switch outcome {
            case .bytes(let count):
                buffer.append(contentsOf: chunk[0..<count])
                return
            case .endOfStream: throw .closed
            case .failed(let code): throw .failed(code)
            case .wouldBlock:
                switch POSIXSocket.wait(for: fd, wake: wake, until: deadline) {
                case .ready: continue
                case .stopped: throw .stopped
                case .timedOut: throw .timedOut
                }
            }
        }
    }

    /// The index just past the empty line ending a head, searching from `from`.
    private func headEnd(from: Int) -> Int? {
        var index = max(from, start)
        while index < buffer.count {
            if buffer[index] == UInt8(ascii: "\n") {
                let next = index + 1
                if next < buffer.count, buffer[next] == UInt8(ascii: "\n") { return next + 1 }
                if next + 1 < buffer.count, buffer[next] == UInt8(ascii: "\r"), buffer[next + 1] == UInt8(ascii: "\n") {
                    return next + 2
                }
            }
            index += 1
        }
        return nil
    }

    /// Drops consumed bytes once they dominate the buffer.
    private mutating func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 64 * 1024, start > buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
    }
}
