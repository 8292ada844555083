#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Serves the requests of one accepted connection on its own thread, then closes it.
struct HTTPConnection {
    /// How a connection ends.
    private enum Ending: Equatable {
        /// Serve the next request on it.
        case keepAlive
        /// Half-close, let the client read everything and close its side, then close.
        case close
        /// Close with a TCP RST.
        case reset
        /// Close at once (the server is stopping, or the peer is gone).
        case abandon
    }

    /// How a request body is delimited.
    private enum BodyFraming: Equatable {
        case none
        case length(Int)
        case chunked
    }

    private let connectionID: Int
    private let handler: any RequestHandler
    private let log: RequestLog
    private let limits: ServerLimits
    private var stream: SocketStream

    init(fd: Int32, connectionID: Int, wake: Int32, handler: any RequestHandler, log: RequestLog, limits: ServerLimits) {
        self.connectionID = connectionID
        self.handler = handler
        self.log = log
        self.limits = limits
        stream = SocketStream(fd: fd, wake: wake)
    }

    /// Serves requests until the connection ends, then closes the descriptor.
    mutating func serve() {
        var ending = Ending.close
        for index in 0..<limits.maxRequestsPerConnection {
            ending = serveRequest(index: index)
            if ending != .keepAlive { break }
        }
        switch ending {
        case .keepAlive, .close:
            POSIXSocket.shutdownWrite(stream.fd)
            _ = stream.discardUntilClosed(deadline: .now + .seconds(2))
            _ = close(stream.fd)
        case .reset:
            POSIXSocket.reset(stream.fd)
        case .abandon:
            _ = close(stream.fd)
        }
    }

    private mutating func serveRequest(index: Int) -> Ending {
        let head: [UInt8]
        do {
            head = try stream.readHead(maxBytes: limits.maxHeadBytes, deadline: .now + limits.keepAliveIdleTimeout)
        } catch {
            if case .invalid(let reason) = error { return refuse(431, reason) }
            return error == .stopped ? .abandon : .close
        }
        guard var request = parseHead(head, index: index) else { return refuse(400, "malformed request head") }
        let framing: BodyFraming
        switch bodyFraming(of: request.headers) {
        case .success(let value): framing = value
        case .failure(let refusal): return refuse(refusal.status, refusal.reason)
        }

        let early = handler.actionBeforeBody(for: request)
        if let early, early.actsBeforeBody {
            log.append(request)
            return perform(early, for: request)
        }
        if framing != .none, request.expectsContinue, request.version == "HTTP/1.1" {
            do {
                try stream.write(Data("HTTP/1.1 100 Continue\r\n\r\n".utf8), deadline: .now + limits.ioTimeout)
            } catch {
                log.append(request)
                return error == .stopped ? .abandon : .close
            }
            request.sentContinue = true
        }
        do {
            try readBody(framing, into: &request)
        } catch {
            log.append(request)
            if case .invalid(let reason) = error { return refuse(400, reason) }
            return error == .stopped ? .abandon : .close
        }
        request.isBodyComplete = true
        request.completedAt = Date()
        decodeBody(of: &request)
        log.append(request)
        return perform(early ?? handler.action(for: request), for: request)
    }

    // MARK: Actions

    private mutating func perform(_ action: ServerAction, for request: RecordedRequest) -> Ending {
        do {
            switch action {
            case .respond(let response):
                let closing = response.closesConnection || !request.keepsAlive
                var data = response.head(closing: closing)
                if request.method != "HEAD", !response.statusForbidsBody { data.append(response.body) }
                try stream.write(data, deadline: .now + limits.ioTimeout)
                return closing ? .close : .keepAlive
            case .delayed(let delay, let next):
                try stream.pause(until: .now + delay)
                return perform(next, for: request)
            case .trickle(let response, let chunkSize, let interval):
                let closing = response.closesConnection || !request.keepsAlive
                try stream.write(response.head(closing: closing), deadline: .now + limits.ioTimeout)
                let body = request.method == "HEAD" || response.statusForbidsBody ? Data() : response.body
                let step = max(1, chunkSize)
                for offset in stride(from: 0, to: body.count, by: step) {
                    if offset > 0 { try stream.pause(until: .now + interval) }
                    try stream.write(body.subdata(in: offset..<min(body.count, offset + step)), deadline: .now + limits.ioTimeout)
                }
                return closing ? .close : .keepAlive
            case .resetBeforeBody, .resetAfterRequest:
                return .reset
            case .resetMidResponse(let partial):
                try stream.write(partial, deadline: .now + limits.ioTimeout)
                // Let the client read the partial bytes before the RST reaches it.
                try stream.pause(until: .now + .milliseconds(50))
                return .reset
            case .closeWithoutResponse:
                return .close
            case .neverAnswer:
                _ = stream.discardUntilClosed(deadline: .now + limits.neverAnswerLimit)
                return .abandon
            case .raw(let bytes):
                try stream.write(bytes, deadline: .now + limits.ioTimeout)
                return .close
            }
        } catch {
            return .abandon
        }
    }

    /// Answers a request the server cannot parse or accept, then closes.
    private mutating func refuse(_ status: Int, _ reason: String) -> Ending {
        let response = ServerResponse(status: status, text: reason + "\n")
        var data = response.head(closing: true)
        data.append(response.body)
        return (try? stream.write(data, deadline: .now + limits.ioTimeout)) == nil ? .abandon : .close
    }

    // MARK: Parsing

    private func parseHead(_ head: [UInt8], index: Int) -> RecordedRequest? {
        let lines = head.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...], as: UTF8.self)
        }
        guard let requestLine = lines.first else { return nil }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1."), !parts[1].isEmpty else { return nil }
        var headers = HTTPHeaders()
        for line in lines.dropFirst() where !line.isEmpty {
            if line.first == " " || line.first == "\t" {
                guard !headers.isEmpty else { return nil }
                headers.appendToLastValue(line.trimmingCharacters(in: .whitespaces))
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let name = String(line[..<colon])
            guard !name.isEmpty, !name.contains(where: { $0 == " " || $0 == "\t" }) else { return nil }
            headers.add(name, line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return RecordedRequest(
            sequenceNumber: log.takeSequenceNumber(), connectionID: connectionID, indexOnConnection: index,
            receivedAt: Date(), method: String(parts[0]), target: String(parts[1]), version: String(parts[2]),
            headers: headers)
    }

    private struct Refusal: Error {
        let status: Int
        let reason: String
    }

    private func bodyFraming(of headers: HTTPHeaders) -> Result<BodyFraming, Refusal> {
        if headers.contains("Transfer-Encoding") {
            let codings = headers.values(for: "Transfer-Encoding")
                .flatMap { $0.split(separator: ",") }
                .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard codings.last == "chunked" else {
                return .failure(Refusal(status: 501, reason: "unsupported Transfer-Encoding \(codings)"))
            }
            return .success(.chunked)
        }
        let lengths = Set(headers.values(for: "Content-Length").flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) })
        guard let text = lengths.first else { return .success(.none) }
        guard lengths.count == 1, let length = Int(text), length >= 0 else {
            return .failure(Refusal(status: 400, reason: "invalid Content-Length"))
        }
        guard length <= limits.maxBodyBytes else {
            return .failure(Refusal(status: 413, reason: "body exceeds \(limits.maxBodyBytes) bytes"))
        }
        return .success(length == 0 ? .none : .length(length))
    }

    private mutating func readBody(_ framing: BodyFraming, into request: inout RecordedRequest) throws(SocketStream.Failure) {
        let deadline = ContinuousClock.now + limits.ioTimeout
        switch framing {
        case .none:
            return
        case .length(let length):
            request.body.reserveCapacity(length)
            try stream.read(count: length, into: &request.body, deadline: deadline)
        case .chunked:
            request.usedChunkedEncoding = true
            // Bounded: each chunk adds at least one byte towards `maxBodyBytes`; the last chunk ends it.
            while true {
                let line = try stream.readLine(maxBytes: 4096, deadline: deadline)
                let sizeText = line.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0 else {
                    throw .invalid("invalid chunk size line \(line.debugDescription)")
                }
                if size == 0 { break }
                guard request.body.count + size <= limits.maxBodyBytes else {
                    throw .invalid("body exceeds \(limits.maxBodyBytes) bytes")
                }
                try stream.read(count: size, into: &request.body, deadline: deadline)
                guard try stream.readLine(maxBytes: 2, deadline: deadline).isEmpty else {
                    throw .invalid("chunk data not followed by CRLF")
                }
            }
            for _ in 0..<100 {
                let line = try stream.readLine(maxBytes: 8192, deadline: deadline)
                if line.isEmpty { return }
                guard let colon = line.firstIndex(of: ":") else { throw .invalid("malformed trailer field") }
                request.trailers.add(
                    String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            throw .invalid("more than 100 trailer fields")
        }
    }

    private func decodeBody(of request: inout RecordedRequest) {
        let encodings = request.headers.values(for: "Content-Encoding")
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty && $0 != "identity" }
        switch encodings {
        case []:
            request.decodedBody = request.body
        case ["gzip"], ["x-gzip"]:
            do {
                request.decodedBody = request.body.isEmpty ? Data() : try GzipDecoder.decompress(request.body)
            } catch {
                request.bodyDecodingError = "\(error)"
            }
        default:
            request.bodyDecodingError = "unsupported Content-Encoding \(encodings.joined(separator: ", "))"
        }
    }
}

extension RecordedRequest {
    /// Whether the client expects the connection to stay open after the response.
    var keepsAlive: Bool {
        if headers.containsToken("close", in: "Connection") { return false }
        if version == "HTTP/1.0" { return headers.containsToken("keep-alive", in: "Connection") }
        return true
    }
}
