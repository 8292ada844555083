import Foundation
@testable import SpanKit

/// An in-process HTTP transport: answers from a script and records every request.
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    enum Reply: Sendable {
        case status(Int, headers: [String: String] = [:], body: String = "")
        case error(ExportError)
        /// Never answers; ends only when the request is cancelled.
        case hang
    }

    // All state is guarded by `lock`.
    private let lock = NSLock()
    private var script: [Reply]
    private let fallback: Reply
    private let responder: (@Sendable (HTTPRequest) -> Reply)?
    private var recorded: [(request: HTTPRequest, time: ContinuousClock.Instant)] = []
    /// Stamps the requests; the pipeline's clock when a test drives time.
    private let clock: any PipelineClock

    init(_ script: [Reply] = [], otherwise fallback: Reply = .status(200), clock: any PipelineClock = SystemPipelineClock()) {
        self.script = script
        self.fallback = fallback
        self.responder = nil
        self.clock = clock
    }

    /// A transport that decides each reply from the request.
    init(responder: @escaping @Sendable (HTTPRequest) -> Reply) {
        self.script = []
        self.fallback = .status(200)
        self.responder = responder
        self.clock = SystemPipelineClock()
    }

    var requests: [HTTPRequest] { lock.withLock { recorded.map(\.request) } }
    var times: [ContinuousClock.Instant] { lock.withLock { recorded.map(\.time) } }
    var paths: [String] { requests.map(\.url.path) }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let reply = lock.withLock { () -> Reply in
            recorded.append((request, clock.now))
            if let responder { return responder(request) }
            return script.isEmpty ? fallback : script.removeFirst()
        }
        switch reply {
        case .status(let status, let headers, let body): return HTTPResponse(status: status, headers: headers, body: Data(body.utf8))
        case .error(let error): throw error
        case .hang:
            try await Task.sleep(for: .seconds(3600))
            throw ExportError(.timeout, "hung")
        }
    }
}

extension RetryPolicy {
    /// Fast retries for tests.
    /// Four attempts, 10 ms apart and then more; on a ``TestPipelineClock`` no wait costs real time.
    static let quick = RetryPolicy(maxAttempts: 4, initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(40), jitter: 0)
}
