import Foundation

/// The delivery machinery the HTTP exporters share: ordered requests, retries with backoff and
/// `Retry-After`, the spool, and replay of spooled batches.
final class HTTPDelivery: Sendable {
    let transport: any HTTPTransport
    /// Headers added to every request, credentials included; never stored or reported.
    let headers: [(name: String, value: String)]
    let timeout: Duration
    let policy: RetryPolicy
    let spool: Spool?
    /// Points a spooled request at the current endpoint; nil skips it.
    let retarget: @Sendable (UploadRequest) -> UploadRequest?
    let diagnosticHandler: DiagnosticHandler?
    private let counters = Locked<Counters>.make(Counters())

    struct Counters: Sendable {
        var retriedSpans = 0
        var recoveredSpans = 0
    }

    /// How a sequence of requests ended.
    enum Outcome: Sendable {
        case delivered
        /// Stopped at a request that failed for good (or was cancelled); `remaining` starts with it.
        case stopped(ExportError, remaining: [UploadRequest])
    }

    init(
        transport: any HTTPTransport, headers: [(name: String, value: String)], timeout: Duration, policy: RetryPolicy,
        spool: Spool?, retarget: @escaping @Sendable (UploadRequest) -> UploadRequest? = { $0 }, onDiagnostic: DiagnosticHandler?
    ) {
        self.retarget = retarget
        self.transport = transport
        self.headers = headers
        self.timeout = timeout
        self.policy = policy
        self.spool = spool
        self.diagnosticHandler = onDiagnostic
    }

    var retriedSpanCount: Int { counters.withLock { $0.retriedSpans } }
    var recoveredSpanCount: Int { counters.withLock { $0.recoveredSpans } }

    /// Encodes and delivers a batch. A `413 Payload Too Large` answer to the spans request splits
    /// the batch in halves, down to single spans; a single span still too large is reported and
    /// counted as failed.
    func export(_ records: [SpanRecord], encode: ([SpanRecord]) throws(ExportError) -> [UploadRequest]) async -> ExportResult {
        let requests: [UploadRequest]
        do {
            requests = try encode(records)
        } catch {
            return .failure(error)
        }
        let result = await export(requests)
        guard case .failure(let error) = result, error.kind == .httpStatus(413) else { return result }
        guard records.count > 1 else {
            report(Diagnostic(.exportFailed, "span '\(records[0].name)' alone is larger than the server accepts (HTTP 413); dropped"))
            return result
        }
        let half = records.count / 2
        let first = await export(Array(records[..<half]), encode: encode).counts(forBatchOf: half)
        let second = await export(Array(records[half...]), encode: encode).counts(forBatchOf: records.count - half)
        return (first + second).result
    }

    /// Delivers one batch's requests and turns the outcome into an export result: spans that
    /// could not be delivered for a retryable reason (or because the export was cancelled) go to
    /// the spool when there is one. Follow-up requests (signals, annotations) that fail after the
    /// spans were accepted are spooled or reported, and never fail the batch.
    func export(_ requests: [UploadRequest]) async -> ExportResult {
        switch await deliver(requests) {
        case .delivered:
            await replaySpool(limit: 4)
            return .success
        case .stopped(let error, let remaining):
            let spansLeft = remaining.reduce(0) { $0 + $1.spanCount }
            let canSpool = error.isRetryable || error.kind == .cancelled
            if spansLeft == 0 {
                if !(canSpool && spool?.store(remaining) == true) {
                    report(Diagnostic(.exportFailed, "\(remaining[0].purpose.rawValue) not delivered after the spans were accepted: \(error)"))
                }
                return .success
            }
            if canSpool, let spool, spool.store(remaining) { return .spooled }
            return .failure(error)
        }
    }

    /// Stores requests for a later process (a shutdown deadline); false without a spool.
    func store(_ requests: [UploadRequest]) -> Bool {
        spool?.store(requests) ?? false
    }

    /// Sends stored batches to the current endpoint, oldest first, until one fails for a
    /// retryable reason. A batch the backend rejects for good is removed and reported, since it
    /// can never be delivered.
    func replaySpool(limit: Int) async {
        guard let spool else { return }
        for entry in spool.entries(limit: limit) {
            switch await deliver(entry.requests.compactMap(retarget)) {
            case .delivered:
                spool.remove(entry)
                counters.withLock { $0.recoveredSpans += entry.spanCount }
            case .stopped(let error, let remaining):
                if error.isRetryable || error.kind == .cancelled {
                    if remaining.first?.spanCount == 0, spool.store(remaining) {
                        spool.remove(entry)
                        counters.withLock { $0.recoveredSpans += entry.spanCount - remaining.reduce(0) { $0 + $1.spanCount } }
                    }
                    return
                }
                spool.remove(entry)
                report(Diagnostic(.exportFailed, "spooled batch of \(entry.spanCount) spans rejected and removed: \(error)"))
            }
        }
    }

    /// Sends the requests in order; each is sent only after the previous one was accepted.
    func deliver(_ requests: [UploadRequest]) async -> Outcome {
        let started = ContinuousClock.now
        for index in requests.indices {
            let request = requests[index]
            var attempt = 1
            while true {
                if Task.isCancelled {
                    return .stopped(ExportError(.cancelled, "export cancelled"), remaining: Array(requests[index...]))
                }
                let error: ExportError
                var retryAfter: Duration?
                do {
                    let response = try await transport.send(httpRequest(for: request))
                    if response.isSuccess { break }
                    error = ExportError(.httpStatus(response.status), statusMessage(response, request: request))
                    retryAfter = response.headers["retry-after"].flatMap { RetryPolicy.retryAfter($0) }
                } catch let exportError as ExportError {
                    error = exportError
                } catch let other {
                    error = ExportError(.transport, "request failed (\(type(of: other)))")
                }
                guard error.isRetryable, attempt < policy.maxAttempts else {
                    let suffix = attempt > 1 ? " (after \(attempt) attempts)" : ""
                    return .stopped(ExportError(error.kind, error.message + suffix), remaining: Array(requests[index...]))
                }
                let delay = retryAfter ?? policy.backoff(beforeRetry: attempt)
                guard ContinuousClock.now - started + delay <= policy.maxElapsedTime else {
                    let message = error.message + " (gave up after \(attempt) attempts: the next retry would exceed \(policy.maxElapsedTime))"
                    return .stopped(ExportError(error.kind, message), remaining: Array(requests[index...]))
                }
                counters.withLock { $0.retriedSpans += request.spanCount }
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    return .stopped(ExportError(.cancelled, "export cancelled"), remaining: Array(requests[index...]))
                }
                attempt += 1
            }
        }
        return .delivered
    }

    private func httpRequest(for request: UploadRequest) -> HTTPRequest {
        var fields = headers
        fields.append((name: "Content-Type", value: request.contentType))
        if let encoding = request.contentEncoding { fields.append((name: "Content-Encoding", value: encoding)) }
        fields.append((name: "User-Agent", value: "SpanKit/\(SpanKit.version)"))
        return HTTPRequest(url: request.url, headers: fields, body: request.body, timeout: timeout)
    }

    /// `HTTP 415 from /v1/traces: <excerpt>`, with every configured header value scrubbed from
    /// the excerpt in case a server echoes the request.
    private func statusMessage(_ response: HTTPResponse, request: UploadRequest) -> String {
        var excerpt = String(decoding: response.body.prefix(200), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ")
        for header in headers where header.value.count >= 4 {
            excerpt = excerpt.replacingOccurrences(of: header.value, with: "[redacted]")
        }
        let place = request.url.path.isEmpty ? "/" : request.url.path
        return "HTTP \(response.status) from \(place) for \(request.purpose.rawValue)" + (excerpt.isEmpty ? "" : ": \(excerpt)")
    }

    private func report(_ diagnostic: Diagnostic) { diagnosticHandler?(diagnostic) }
}
