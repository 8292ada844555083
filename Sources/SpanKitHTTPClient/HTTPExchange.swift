import Foundation

/// One request's work on its dedicated thread: take a pooled connection or open one, write the
/// request while watching for an early answer, read the response, and give the connection back
/// when it can carry another request.
///
/// A request that fails on a *reused* connection before any response byte arrived (the server
/// closed or reset the idle connection just as it was reused) is sent once more, whole, on a
/// fresh connection. Nothing else is retried here; retries with backoff belong to the delivery
/// layer.
struct HTTPExchange: Sendable {
    let request: HTTPClientRequest
    let head: [UInt8]
    let target: HTTPTarget
    let control: RequestControl
    let pool: ConnectionPool?
    let maximumResponseBodySize: Int
    let connectTimeout: Duration

    /// A failed attempt, and whether a fresh connection may try again.
    private struct AttemptFailure: Error {
        let error: HTTPClientError
        let mayRetry: Bool
    }

    /// Sends the request; never throws, never traps.
    func run() -> Result<HTTPClientResponse, HTTPClientError> {
        do throws(HTTPClientError) {
            return .success(try perform())
        } catch {
            return .failure(error)
        }
    }

    private func perform() throws(HTTPClientError) -> HTTPClientResponse {
        // Read before a connection is taken or opened, so a `closeAll` from now on is seen.
        let generation = pool?.generation ?? 0
        if let pool, let connection = pool.take(for: target.endpoint) {
            do throws(AttemptFailure) {
                return try attempt(on: connection, generation: generation)
            } catch {
                guard error.mayRetry else { throw error.error }
            }
        }
        try control.check(during: "resolving \(target.displayName)")
        let addresses = try HostResolver.addresses(for: target, control: control)
        let connection = try SocketConnection.connect(
            to: addresses, endpoint: target.endpoint, displayName: target.displayName,
            connectDeadline: .now + connectTimeout, control: control)
        do throws(AttemptFailure) {
            return try attempt(on: connection, generation: generation)
        } catch {
            throw error.error
        }
    }

    /// Writes the request on `connection` and reads the response. Reading starts with the
    /// first write, so a server that answers early (an error before taking the whole body) is
    /// heard instead of blocking the write until the deadline.
    private func attempt(on connection: SocketConnection, generation: UInt64) throws(AttemptFailure) -> HTTPClientResponse {
        var parser = HTTPResponseParser(maximumBodySize: maximumResponseBodySize, expectsBody: request.method.uppercased() != "HEAD")
        let total = head.count + request.body.count
        var sent = 0
        var writeFailure: SocketFailure?
        // Uninitialized: only the bytes `recv` wrote are read.
        let scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Self.scratchSize)
        defer { scratch.deallocate() }
        // The connection was just found writable (connected) or idle and open (pooled), so the
        // first write goes out without waiting for readiness: one `poll` less per request.
        var isFirstPass = true
        do throws(HTTPClientError) {
            while !parser.isComplete {
                let writing = sent < total && writeFailure == nil && parser.head == nil
                let occurred: Int16
                if writing, isFirstPass {
                    try control.check(during: phase(sent: sent, total: total, parser: parser))
                    occurred = SystemSocket.writable
                } else {
                    let events = writing ? SystemSocket.readable | SystemSocket.writable : SystemSocket.readable
                    occurred = try connection.wait(for: events, until: control.deadline, control: control)
                }
                isFirstPass = false
                if occurred == 0 { throw control.timedOut(during: phase(sent: sent, total: total, parser: parser)) }
                if occurred & SystemSocket.invalid != 0 { throw HTTPClientError(.connectionLost, "the socket became invalid") }
                if writing, occurred & (SystemSocket.writable | SystemSocket.failed) != 0 {
                    switch write(on: connection, from: sent) {
                    case .bytes(let count): sent += count
                    case .failed(let code): writeFailure = SocketFailure(code: code)
                    case .wouldBlock, .endOfStream: break
                    }
                }
                guard occurred & (SystemSocket.readable | SystemSocket.failed) != 0 else { continue }
                switch SystemSocket.receiveSome(connection.fd, into: UnsafeMutableRawBufferPointer(scratch)) {
                case .bytes(let count):
                    try parser.consume(UnsafeBufferPointer(rebasing: scratch[..<count]))
                case .endOfStream:
                    if parser.receivedByteCount == 0, sent < total {
                        throw HTTPClientError(.connectionLost, "the server closed the connection while the request was being sent (\(sent) of \(total) bytes written)")
                    }
                    try parser.consumeEndOfStream()
                case .failed(let code):
                    throw reset(SocketFailure(code: code), sent: sent, total: total, parser: parser)
                case .wouldBlock:
                    break
                }
            }
        } catch {
            throw AttemptFailure(error: error, mayRetry: error.kind == .connectionLost && parser.receivedByteCount == 0)
        }
        if let pool, sent == total, parser.canReuseConnection { pool.put(connection, takenIn: generation) }
        return parser.response()
    }

    /// The most bytes one `recv` takes.
    static let scratchSize = 64 * 1024

    /// Sends the rest of the head and of the body from offset `sent` of the two, in one gathered
    /// write while part of the head is left (one system call and, with Nagle off, one segment
    /// instead of two for a small request).
    private func write(on connection: SocketConnection, from sent: Int) -> SystemSocket.Transfer {
        if sent < head.count {
            return head.withUnsafeBytes { head in
                request.body.withUnsafeBytes { body in
                    SystemSocket.sendSome(connection.fd, UnsafeRawBufferPointer(rebasing: head[sent...]), then: body)
                }
            }
        }
        let offset = sent - head.count
        return request.body.withUnsafeBytes { SystemSocket.sendSome(connection.fd, UnsafeRawBufferPointer(rebasing: $0[offset...])) }
    }

    /// What the request was doing, for a timeout message.
    private func phase(sent: Int, total: Int, parser: HTTPResponseParser) -> String {
        switch parser.progress {
        case .nothing: sent < total ? "sending the request" : "waiting for the response"
        case .head: "reading the response head"
        case .body: "reading the response body"
        }
    }

    /// The error for a connection that failed (typically reset) during the exchange.
    private func reset(_ failure: SocketFailure, sent: Int, total: Int, parser: HTTPResponseParser) -> HTTPClientError {
        let when: String
        switch parser.progress {
        case .nothing: when = sent < total ? "while the request was being sent (\(sent) of \(total) bytes written)" : "before any response arrived"
        case .head: when = "in the middle of the response head"
        case .body: when = "in the middle of the response body"
        }
        return HTTPClientError(.connectionLost, "the connection failed \(when): \(failure)")
    }
}
