/// Turns a target's host into addresses within the request's deadline.
///
/// An address literal resolves at once on the calling thread. A name goes through
/// `getaddrinfo`, which can block for as long as the system resolver likes and cannot be
/// interrupted, so it runs on a helper thread while the request's thread waits for it, the
/// deadline, or cancellation; an abandoned lookup finishes on its own and is dropped.
enum HostResolver {
    /// How often the waiting thread checks for the helper's result.
    static let pollInterval: Int32 = 5

    /// The addresses of `target`, in the order to try them.
    static func addresses(for target: HTTPTarget, control: RequestControl) throws(HTTPClientError) -> [SocketAddress] {
        switch SocketAddress.resolve(host: target.host, port: target.port, numericOnly: true) {
        case .success(let addresses):
            return addresses
        case .failure(let failure) where !failure.isNotNumeric:
            throw HTTPClientError(.resolution, "could not resolve \(target.displayName): \(failure)")
        case .failure:
            break
        }
        try control.check(during: "resolving \(target.displayName)")
        let outcome = LockedValue<Result<[SocketAddress], ResolutionFailure>?>(nil)
        let host = target.host, port = target.port
        let started = IOThreads.shared.run {
            let result = SocketAddress.resolve(host: host, port: port, numericOnly: false)
            outcome.withLock { $0 = result }
        }
        guard started else { throw HTTPClientError(.resources, "could not start a thread to resolve \(target.displayName)") }
        // Bounded by the deadline, which `check` enforces.
        while true {
            switch outcome.withLock({ $0 }) {
            case .success(let addresses)?:
                return addresses
            case .failure(let failure)?:
                throw HTTPClientError(.resolution, "could not resolve \(target.displayName): \(failure)")
            case nil:
                SystemSocket.pause(milliseconds: pollInterval)
                try control.check(during: "resolving \(target.displayName)")
            }
        }
    }
}
