#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A connected, non-blocking TCP socket. The descriptor is closed when the last reference goes,
/// so no error path can leak it; only one request uses a connection at a time (the pool hands
/// it to one exchange, which returns it or drops it).
final class SocketConnection: Sendable {
    /// The socket descriptor.
    let fd: Int32
    /// Which endpoint it is connected to, for the connection pool.
    let endpoint: String

    private init(fd: Int32, endpoint: String) {
        self.fd = fd
        self.endpoint = endpoint
    }

    deinit { SystemSocket.closeDescriptor(fd) }

    /// Connects to the first of `addresses` that accepts, in order, before `connectDeadline` (and
    /// the request's deadline). Each address gets an equal share of the time left, so one that
    /// silently drops packets cannot use up the time of the others.
    static func connect(
        to addresses: [SocketAddress], endpoint: String, displayName: String,
        connectDeadline: ContinuousClock.Instant, control: RequestControl
    ) throws(HTTPClientError) -> SocketConnection {
        let deadline = min(connectDeadline, control.deadline)
        var lastFailure = SocketFailure(code: ETIMEDOUT)
        for (index, address) in addresses.enumerated() {
            try control.check(during: "connecting to \(displayName)")
            let left = ContinuousClock.now.duration(to: deadline)
            if left <= .zero { break }
            let attemptDeadline = ContinuousClock.now + left / (addresses.count - index)
            let fd: Int32
            switch SystemSocket.openStream(family: address.family) {
            case .success(let descriptor): fd = descriptor
            case .failure(let failure):
                lastFailure = failure
                continue
            }
            let connection = SocketConnection(fd: fd, endpoint: endpoint)
            let started = SystemSocket.startConnect(fd, to: address)
            if started == 0 { return connection }
            guard started == EINPROGRESS else {
                lastFailure = SocketFailure(code: started)
                continue
            }
            let events = try connection.wait(for: SystemSocket.writable, until: attemptDeadline, control: control)
            if events == 0 {
                lastFailure = SocketFailure(code: ETIMEDOUT)
                continue
            }
            let result = SystemSocket.connectResult(fd)
            if result == 0 { return connection }
            lastFailure = SocketFailure(code: result)
        }
        if lastFailure.code == ETIMEDOUT {
            if ContinuousClock.now >= control.deadline { throw control.timedOut(during: "connecting to \(displayName)") }
            throw HTTPClientError(.timeout, "connecting to \(displayName) timed out")
        }
        throw HTTPClientError(.connect, "could not connect to \(displayName): \(lastFailure)")
    }

    /// Waits until one of `events` (or an error or hang-up) occurs, or `deadline` passes (then
    /// returns 0). Waits in slices so a cancellation is noticed within
    /// ``RequestControl/waitSlice``; throws ``HTTPClientError/Kind/cancelled`` then.
    func wait(for events: Int16, until deadline: ContinuousClock.Instant, control: RequestControl) throws(HTTPClientError) -> Int16 {
        // Bounded: every pass waits until an event, the slice, or the deadline.
        while true {
            if control.isCancelled { throw RequestControl.cancellation }
            let left = ContinuousClock.now.duration(to: deadline)
            if left <= .zero { return 0 }
            let slice = min(left, RequestControl.waitSlice)
            let occurred = SystemSocket.poll(fd, events: events, milliseconds: Self.milliseconds(roundingUp: slice))
            if occurred != 0 { return occurred }
        }
    }

    /// Whether an idle pooled connection still looks usable: nothing to read (a readable idle
    /// connection means the server closed it or sent something unasked), no error.
    var isIdleAndOpen: Bool {
        SystemSocket.poll(fd, events: SystemSocket.readable, milliseconds: 0) == 0
    }

    /// `duration` in whole milliseconds, rounded up so a wait never ends just before its deadline
    /// and spins; at least 1.
    static func milliseconds(roundingUp duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let whole = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        let rest = attoseconds % 1_000_000_000_000_000
        return Int32(clamping: max(1, whole + (rest > 0 ? 1 : 0)))
    }
}
