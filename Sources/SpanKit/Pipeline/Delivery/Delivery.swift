import Foundation

/// The one owner of delivery: it alone decides retries, backoff, `Retry-After`, what a `413`
/// does, when a batch goes to the spool, and the replay of spooled batches — all under the one
/// deadline the processor hands down.
///
/// - Each attempt gets at most the time left before the deadline (the request timeout capped),
///   and an attempt still running at the deadline is abandoned.
/// - A backoff or `Retry-After` wait that would end past the deadline is not started: the
///   batch goes to the spool (when there is one) at once, once.
/// - A batch larger than ``maxRequestBytes`` is cut at span boundaries into several requests,
///   sent in order; a `413` re-frames halves of the already encoded spans, down to single spans.
/// - Spooled batches are replayed after a successful export, one attempt per file, stopping
///   at the first failure: never with a second retry budget.
final class Delivery: Sendable {
    let transport: any HTTPTransport
    /// Headers added to every request, credentials included; never stored or reported.
    let headers: [(name: String, value: String)]
    let timeout: Duration
    let policy: RetryPolicy
    let spool: Spool?
    let clock: any PipelineClock
    let sink: DeliverySink
    /// The largest request body on the wire (see ``EncodedBatch/requestRanges(maxBytes:)``).
    let maxRequestBytes: Int
    /// Points a spooled request at the current endpoint; nil skips it.
    let retarget: @Sendable (UploadRequest) -> UploadRequest?

    /// Spool files replayed after one successful export at most.
    static let replayLimit = 8

    init(
        transport: any HTTPTransport, headers: [(name: String, value: String)], timeout: Duration, policy: RetryPolicy,
        spool: Spool?, clock: any PipelineClock, sink: DeliverySink, maxRequestBytes: Int = HTTPExportSettings.defaultMaxRequestBytes,
        retarget: @escaping @Sendable (UploadRequest) -> UploadRequest? = { $0 }
    ) {
        self.maxRequestBytes = maxRequestBytes
        self.transport = transport
        self.headers = headers
        self.timeout = timeout
        self.policy = policy
        self.spool = spool
        self.clock = clock
        self.sink = sink
        self.retarget = retarget
    }

    /// How one request ended after its retries.
    enum Attempts: Sendable {
        case delivered
        /// Failed for good: resending cannot help.
        case rejected(ExportError)
        /// Failed for a reason that may pass (retries exhausted, the deadline, cancellation).
        case gaveUp(ExportError)
    }

    // MARK: - Batches

    /// How far the delivery of one batch got.
    private struct BatchProgress {
        var outcome = DeliveryOutcome()
        /// Spans not sent because a request gave up; they go to the spool together.
        var unsent: [Range<Int>] = []
        var stopped = false
        /// `host:port` of the endpoint, for diagnostics, once a request was framed.
        var place: String?
    }

    /// Delivers an encoded batch before `deadline`; what cannot be delivered for a reason that
    /// may pass is spooled once, the rest counted as failed and reported.
    ///
    /// - Parameter isFinal: the pipeline is shutting down (or the process exiting): an
    ///   unreachable endpoint (connection refused, unknown host) is not retried — nothing is
    ///   listening, and a backoff would only hold the exiting process — so the batch goes to
    ///   the spool, or fails, at once. Other failures that may pass are retried within the
    ///   deadline as always.
    func deliver(_ batch: EncodedBatch, deadline: ContinuousClock.Instant, isFinal: Bool = false) async -> DeliveryOutcome {
        var progress = BatchProgress()
        for range in batch.requestRanges(maxBytes: maxRequestBytes) {
            await send(range, of: batch, deadline: deadline, isFinal: isFinal, progress: &progress)
        }
        if progress.outcome.exported > 0 {
            await sendFollowUps(batch.followUps, deadline: deadline, isFinal: isFinal)
        }
        if !progress.unsent.isEmpty {
            store(of: batch, withFollowUps: progress.outcome.exported == 0, progress: &progress)
        }
        if progress.outcome.exported > 0, progress.unsent.isEmpty, clock.now < deadline {
            let replay = await replay(deadline: deadline)
            progress.outcome.recovered = replay.recovered
            progress.outcome.spoolMayHoldMore = replay.mayHoldMore
        }
        return progress.outcome
    }

    /// Sends the spans in `range`; a `413` splits it in halves. Once a request gave up, the
    /// spans after it are not tried: they join the spool with it.
    private func send(
        _ range: Range<Int>, of batch: EncodedBatch, deadline: ContinuousClock.Instant, isFinal: Bool, progress: inout BatchProgress
    ) async {
        guard !progress.stopped else {
            progress.unsent.append(range)
            return
        }
        let request: UploadRequest
        do {
            request = try batch.frame(range)
        } catch {
            fail(range.count, error, progress: &progress)
            return
        }
        progress.place = progress.place ?? Self.place(of: request.url)
        switch await sendWithRetries(request, deadline: deadline, isFinal: isFinal, retried: &progress.outcome.retried) {
        case .delivered:
            progress.outcome.exported += range.count
        case .rejected(let error) where error.kind == .httpStatus(413) && range.count > 1:
            let middle = range.lowerBound + range.count / 2
            await send(range.lowerBound..<middle, of: batch, deadline: deadline, isFinal: isFinal, progress: &progress)
            await send(middle..<range.upperBound, of: batch, deadline: deadline, isFinal: isFinal, progress: &progress)
        case .rejected(let error) where error.kind == .httpStatus(413):
            fail(1, error, progress: &progress, reason: "span '\(batch.names[range.lowerBound])' alone is larger than the server accepts (HTTP 413)")
        case .rejected(let error):
            fail(range.count, error, progress: &progress)
        case .gaveUp(let error):
            progress.outcome.error = progress.outcome.error ?? error
            progress.stopped = true
            progress.unsent.append(range)
        }
    }

    /// Counts spans as failed and reports them: `14 spans not delivered to 127.0.0.1:4318:
    /// could not connect: connection refused`.
    private func fail(_ count: Int, _ error: ExportError, progress: inout BatchProgress, reason: String? = nil) {
        progress.outcome.failed += count
        progress.outcome.error = progress.outcome.error ?? error
        sink.report(.exportFailed, Self.notDelivered(count, to: progress.place, because: reason ?? error.message))
    }

    /// Stores the spans that could not be sent (and, when no span was accepted, the batch's
    /// follow-up requests) as one spool file, saying so; without a spool, or when it refuses,
    /// they fail.
    private func store(of batch: EncodedBatch, withFollowUps: Bool, progress: inout BatchProgress) {
        let ranges = progress.unsent
        let count = ranges.reduce(0) { $0 + $1.count }
        let error = progress.outcome.error ?? ExportError(.cancelled, "export cancelled")
        guard let spool else {
            fail(count, error, progress: &progress)
            return
        }
        var requests: [UploadRequest] = []
        for range in ranges {
            guard let request = try? batch.frame(range) else {
                fail(range.count, ExportError(.encoding, "the batch could not be framed for the spool"), progress: &progress)
                continue
            }
            requests.append(request)
        }
        if withFollowUps { requests += batch.followUps }
        let stored = requests.reduce(0) { $0 + $1.spanCount }
        if spool.store(requests) {
            progress.outcome.spooled += stored
            // Not lost, so a warning rather than an error; but said, so that an app whose
            // collector is down learns it before the spool fills up.
            sink.report(Diagnostic(
                .exportFailed, Self.notDelivered(stored, to: progress.place, because: error.message) + "; stored in the spool for a later attempt",
                level: .warning))
        } else {
            fail(stored, error, progress: &progress, reason: "\(error.message); the spool refused the batch")
        }
    }

    /// `14 spans not delivered to 127.0.0.1:4318: could not connect: connection refused`: the
    /// count, the endpoint's host and port (never its user info, path or query, which can hold
    /// credentials), and the reason without repeating the endpoint.
    static func notDelivered(_ count: Int, to place: String?, because reason: String) -> String {
        guard let place else { return "\(Wording.count(count, "span")) not delivered: \(reason)" }
        let reason = reason.replacingOccurrences(of: " to \(place)", with: "").replacingOccurrences(of: " \(place)", with: "")
        return "\(Wording.count(count, "span")) not delivered to \(place): \(reason)"
    }

    /// `host:port` of `url`, as the transports name it in their messages (the scheme's port
    /// when the URL has none).
    static func place(of url: URL) -> String {
        let host = url.host ?? "?"
        let port = url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80)
        return host.contains(":") && !host.hasPrefix("[") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Sends signals or annotations after spans were accepted: a failure never fails the
    /// spans; what may pass later is spooled, the rest reported.
    private func sendFollowUps(_ requests: [UploadRequest], deadline: ContinuousClock.Instant, isFinal: Bool) async {
        await sendSignals(requests, deadline: deadline, isFinal: isFinal, context: " after the spans were accepted")
    }

    /// Sends requests that carry signals (with `context` for the diagnostics): what may pass
    /// later is spooled (or reported without a spool), what the backend rejects is reported.
    func sendSignals(_ requests: [UploadRequest], deadline: ContinuousClock.Instant, isFinal: Bool, context: String = "") async {
        var retried = 0
        for (index, request) in requests.enumerated() {
            switch await sendWithRetries(request, deadline: deadline, isFinal: isFinal, retried: &retried) {
            case .delivered:
                continue
            case .gaveUp(let error):
                if spool?.store(Array(requests[index...])) != true {
                    sink.report(.exportFailed, "\(request.purpose.rawValue) not delivered\(context): \(error)")
                }
                return
            case .rejected(let error):
                sink.report(.exportFailed, "\(request.purpose.rawValue) not delivered\(context): \(error)")
            }
        }
    }

    /// Stores a batch nobody will try to send in this process (a shutdown deadline), as the
    /// requests it would be sent as.
    func store(_ batch: EncodedBatch) -> Bool {
        guard let spool, batch.spanCount > 0 else { return false }
        var requests: [UploadRequest] = []
        for range in batch.requestRanges(maxBytes: maxRequestBytes) {
            guard let request = try? batch.frame(range) else { return false }
            requests.append(request)
        }
        return spool.store(requests + batch.followUps)
    }

    // MARK: - Spool replay

    /// Sends stored batches, oldest first, one attempt per request, until one fails for a reason
    /// that may pass; a request the backend rejects for good is removed and reported. Returns
    /// the spans delivered.
    func replaySpool(deadline: ContinuousClock.Instant) async -> Int {
        await replay(deadline: deadline).recovered
    }

    /// What one round of replay did.
    struct SpoolReplay: Sendable, Equatable {
        /// Spans of spooled batches delivered.
        var recovered = 0
        /// The round stopped with files left to try and no failure: it replayed
        /// ``Delivery/replayLimit`` files, it was asked to stop, or its deadline came after it
        /// made progress (not one that started past its deadline: started again by the same
        /// deadline, it would stop at once).
        var mayHoldMore = false
        /// A file could not be sent for a reason that may pass: the collector is still away.
        var collectorAway = false
    }

    /// Replays up to ``replayLimit`` files (see ``replaySpool(deadline:)``), checking
    /// `shouldContinue` before each: what was not tried goes back to the spool.
    ///
    /// A file holds a batch's requests in order. A request the backend rejects for good is
    /// dropped (reported) and the next ones are still tried. When one fails for a reason that
    /// may pass after others were sent, the file is rewritten with the rest and the spans
    /// accepted count as recovered, so they are not sent again.
    func replay(deadline: ContinuousClock.Instant, shouldContinue: () -> Bool = { true }) async -> SpoolReplay {
        guard let spool else { return SpoolReplay() }
        var result = SpoolReplay()
        // Past the deadline nothing is claimed: a round that stopped at once and said "more"
        // would be started again at once, by the same deadline.
        guard clock.now < deadline else { return result }
        // Claimed for this round: what is not tried goes back for a later one.
        let entries = spool.entries(limit: Self.replayLimit)
        for (index, entry) in entries.enumerated() {
            guard clock.now < deadline else {
                spool.release(entries[index...])
                // Cut by its deadline after some progress: the next round, by a new deadline,
                // goes on (one started past its deadline returned above, asking for none).
                result.mayHoldMore = index > 0
                return result
            }
            guard shouldContinue(), !Task.isCancelled else {
                spool.release(entries[index...])
                result.mayHoldMore = true
                return result
            }
            let requests = entry.requests.compactMap(retarget)
            var accepted = 0, rejected = 0
            var rejection: ExportError?
            var stopped: (error: ExportError, position: Int)?
            for (position, request) in requests.enumerated() {
                switch await attempt(request, deadline: deadline) {
                case .success:
                    accepted += request.spanCount
                case .failure(let failure) where failure.error.isRetryable || failure.error.kind == .cancelled:
                    stopped = (failure.error, position)
                case .failure(let failure):
                    // Rejected for good: that request goes, the next ones are still tried.
                    rejected += request.spanCount
                    rejection = rejection ?? failure.error
                }
                if stopped != nil { break }
            }
            if let rejection {
                sink.report(.exportFailed, "\(Wording.count(rejected, "span")) of a spooled batch rejected and removed: \(rejection)")
            }
            guard let stopped else {
                spool.remove(entry)
                result.recovered += accepted
                continue
            }
            // Some requests sent: the file keeps only the rest, so they are not sent again.
            if stopped.position > 0, spool.rewrite(entry, keeping: Array(requests[stopped.position...])) {
                result.recovered += accepted
            }
            spool.release(entries[index...])
            // A cancelled task is a shutdown's deadline; a transport's own "cancelled" is not.
            if Task.isCancelled { result.mayHoldMore = true } else { result.collectorAway = true }
            return result
        }
        result.mayHoldMore = entries.count == Self.replayLimit
        return result
    }

    // MARK: - Requests

    /// Sends a request, retrying what may pass while the deadline allows; when `isFinal`, an
    /// unreachable endpoint is given up at once (see ``deliver(_:deadline:isFinal:)``).
    func sendWithRetries(
        _ request: UploadRequest, deadline: ContinuousClock.Instant, isFinal: Bool = false, retried: inout Int
    ) async -> Attempts {
        var attempt = 1
        while true {
            let error: ExportError
            var retryAfter: Duration?
            switch await self.attempt(request, deadline: deadline) {
            case .success:
                return .delivered
            case .failure(let failure):
                error = failure.error
                retryAfter = failure.retryAfter
            }
            guard error.isRetryable else {
                return error.kind == .cancelled ? .gaveUp(error) : .rejected(with(error, attempts: attempt))
            }
            guard attempt < policy.maxAttempts, clock.now < deadline else { return .gaveUp(with(error, attempts: attempt)) }
            guard !isFinal || error.kind != .unreachable else {
                return .gaveUp(ExportError(error.kind, with(error, attempts: attempt).message + " (not retried at shutdown)"))
            }
            let delay = retryAfter ?? policy.backoff(beforeRetry: attempt)
            guard clock.now + delay < deadline else {
                return .gaveUp(ExportError(error.kind, error.message + " (gave up after \(Wording.count(attempt, "attempt")): the next retry, in \(Wording.duration(delay)), would pass the export deadline)"))
            }
            retried += request.spanCount
            do {
                try await clock.sleep(for: delay)
            } catch {
                return .gaveUp(ExportError(.cancelled, "export cancelled"))
            }
            attempt += 1
        }
    }

    private func with(_ error: ExportError, attempts: Int) -> ExportError {
        attempts > 1 ? ExportError(error.kind, error.message + " (after \(attempts) attempts)") : error
    }

    /// Why one attempt failed, and how long the server asked to wait.
    struct AttemptFailure: Error, Sendable {
        var error: ExportError
        var retryAfter: Duration?
    }

    /// One request, given at most the time left before the deadline and abandoned there.
    ///
    /// A transport that enforces the request's timeout itself (the socket client) is awaited
    /// directly under the real clock: its timeout is already capped at the deadline, so a race
    /// against a timer task would only add two tasks and a timer per request on the happy path.
    /// Any other transport, or a test clock, is raced against the deadline (``firstOf(_:deadline:clock:onDeadline:onCancel:)``).
    func attempt(_ request: UploadRequest, deadline: ContinuousClock.Instant) async -> Result<Void, AttemptFailure> {
        let left = deadline - clock.now
        let cancelled = AttemptFailure(error: ExportError(.cancelled, "export cancelled"))
        guard !Task.isCancelled else { return .failure(cancelled) }
        guard left > .zero else { return .failure(AttemptFailure(error: ExportError(.timeout, "the export deadline passed"))) }
        let http = httpRequest(for: request, timeout: min(timeout, left))
        let transport = self.transport, clock = self.clock
        let place = request.url.path.isEmpty ? "/" : request.url.path
        let pastDeadline = AttemptFailure(error: ExportError(.timeout, "no answer from \(place) before the export deadline"))
        let exchange = { @Sendable () async -> Result<Void, AttemptFailure> in
            do {
                let response = try await transport.send(http)
                if response.isSuccess { return .success(()) }
                let retryAfter = response.headers["retry-after"].flatMap { RetryPolicy.retryAfter($0, now: clock.wallClock) }
                return .failure(AttemptFailure(
                    error: ExportError(.httpStatus(response.status), self.statusMessage(response, request: request)), retryAfter: retryAfter))
            } catch let error as ExportError {
                return .failure(AttemptFailure(error: error))
            } catch let other {
                return .failure(AttemptFailure(error: ExportError(.transport, "request failed (\(type(of: other)))")))
            }
        }
        guard clock is SystemPipelineClock, transport.enforcesTimeout(of: http) else {
            return await firstOf(exchange, deadline: deadline, clock: clock, onDeadline: .failure(pastDeadline), onCancel: .failure(cancelled))
        }
        // The same failures the race would give: the transport's own timeout at the deadline
        // is the deadline's, and a cancellation is the export's.
        let result = await exchange()
        guard case .failure(let failure) = result else { return result }
        switch failure.error.kind {
        case .cancelled: return .failure(cancelled)
        case .timeout where clock.now >= deadline: return .failure(pastDeadline)
        default: return result
        }
    }

    /// How much of a refusing server's reason a diagnostic quotes.
    static let reasonLength = 300

    private func httpRequest(for request: UploadRequest, timeout: Duration) -> HTTPRequest {
        var fields = headers
        fields.append((name: "Content-Type", value: request.contentType))
        if let encoding = request.contentEncoding { fields.append((name: "Content-Encoding", value: encoding)) }
        fields.append((name: "User-Agent", value: "SpanKit/\(SpanKitSystem.version)"))
        return HTTPRequest(url: request.url, headers: fields, body: request.body, timeout: timeout)
    }

    /// `HTTP 415 from /v1/traces for spans: <the server's reason>`: the status and at most
    /// ``reasonLength`` characters of the body on one line, with the secret header values and URL
    /// credentials (``SecretHeaders``) scrubbed first, in case the server echoes the request.
    private func statusMessage(_ response: HTTPResponse, request: UploadRequest) -> String {
        // Scrubbed before it is cut, so no secret is left half-shown at the cut.
        let text = String(decoding: response.body.prefix(Self.reasonLength * 4 + 1024), as: UTF8.self)
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        var excerpt = SecretHeaders.scrub(text, headers: headers, url: request.url)
        if excerpt.count > Self.reasonLength { excerpt = excerpt.prefix(Self.reasonLength) + "…" }
        let place = request.url.path.isEmpty ? "/" : request.url.path
        return "HTTP \(response.status) from \(place) for \(request.purpose.rawValue)" + (excerpt.isEmpty ? "" : ": \(excerpt)")
    }
}
