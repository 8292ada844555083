#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// An IPv4 or IPv6 socket address as `getaddrinfo` produced it.
struct SocketAddress: Sendable, Equatable {
    /// `AF_INET` or `AF_INET6`.
    let family: Int32
    /// The raw `sockaddr_in` or `sockaddr_in6` bytes, kept as bytes so the value is plainly
    /// Sendable on every platform; never empty (``resolve(host:port:numericOnly:)`` skips
    /// entries shorter than a `sockaddr_in`).
    private let bytes: [UInt8]

    /// Whether this is an IPv6 address.
    var isIPv6: Bool { family == AF_INET6 }

    /// Runs `body` with the address as the `sockaddr` pointer and length the socket calls take.
    func withSocketAddress<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        bytes.withUnsafeBytes { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
    }

    /// Resolves `host` and `port` to TCP addresses in the order `getaddrinfo` prefers (RFC 6724),
    /// IPv4 and IPv6. With `numericOnly`, only an address literal resolves and nothing blocks; a
    /// name then fails with `EAI_NONAME`.
    static func resolve(host: String, port: Int, numericOnly: Bool) -> Result<[SocketAddress], ResolutionFailure> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = Int32(SOCK_STREAM)
        #endif
        hints.ai_protocol = Int32(IPPROTO_TCP)
        hints.ai_flags = AI_NUMERICSERV | (numericOnly ? AI_NUMERICHOST : 0)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0 else {
            return .failure(ResolutionFailure(status: status, systemError: status == EAI_SYSTEM ? errno : 0))
        }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var entry = list
        while let current = entry {
            let info = current.pointee
            if let address = info.ai_addr, info.ai_family == AF_INET || info.ai_family == AF_INET6,
               Int(info.ai_addrlen) >= MemoryLayout<sockaddr_in>.size {
                let raw = UnsafeRawBufferPointer(start: address, count: Int(info.ai_addrlen))
                let candidate = SocketAddress(family: info.ai_family, bytes: Array(raw))
                if !addresses.contains(candidate) { addresses.append(candidate) }
            }
            entry = info.ai_next
        }
        if addresses.isEmpty { return .failure(ResolutionFailure(status: EAI_NONAME, systemError: 0)) }
        return .success(addresses)
    }
}

/// A `getaddrinfo` failure.
struct ResolutionFailure: Error, Equatable, CustomStringConvertible {
    /// The `EAI_*` status.
    let status: Int32
    /// The `errno` behind `EAI_SYSTEM`, else 0.
    let systemError: Int32

    /// Whether the host is not an address literal (after a numeric-only lookup).
    var isNotNumeric: Bool { status == EAI_NONAME }

    var description: String {
        if status == EAI_SYSTEM { return SocketFailure(code: systemError).description }
        // gai_strerror returns static strings, so unlike strerror it is safe on any thread.
        return String(cString: gai_strerror(status)) + " (EAI \(status))"
    }
}
