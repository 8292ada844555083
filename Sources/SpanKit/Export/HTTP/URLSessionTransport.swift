import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The default transport: an ephemeral `URLSession` without caches or cookies.
final class URLSessionTransport: HTTPTransport {
    private let session: URLSession

    /// Creates a transport with its own ephemeral session.
    init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        self.session = URLSession(configuration: configuration)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    /// Sends the request; cancellation of the calling task cancels it.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        urlRequest.httpBody = request.body
        // swift-corelibs-foundation truncates the interval to whole seconds, and below one second
        // it times out at once without connecting: round up, to at least one second.
        let seconds = Double(request.timeout.components.seconds) + Double(request.timeout.components.attoseconds) / 1e18
        urlRequest.timeoutInterval = max(1, seconds.rounded(.up))
        for header in request.headers { urlRequest.setValue(header.value, forHTTPHeaderField: header.name) }
        let box = TaskBox()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
                let task = session.dataTask(with: urlRequest) { data, response, error in
                    if let error {
                        continuation.resume(throwing: Self.exportError(for: error))
                    } else if let http = response as? HTTPURLResponse {
                        var headers: [String: String] = [:]
                        for (name, value) in http.allHeaderFields {
                            if let name = name as? String, let value = value as? String { headers[name] = value }
                        }
                        continuation.resume(returning: HTTPResponse(status: http.statusCode, headers: headers, body: data ?? Data()))
                    } else {
                        continuation.resume(throwing: ExportError(.transport, "the response was not HTTP"))
                    }
                }
                box.set(task)
                task.resume()
            }
        } onCancel: {
            box.cancel()
        }
    }

    /// Maps a URL loading error to an export error whose message names the failure but no
    /// request detail.
    static func exportError(for error: any Error) -> ExportError {
        guard let urlError = error as? URLError else {
            return ExportError(.transport, "request failed (\(type(of: error)))")
        }
        switch urlError.code {
        case .timedOut: return ExportError(.timeout, "the request timed out")
        case .cancelled: return ExportError(.cancelled, "the request was cancelled")
        case .cannotConnectToHost: return ExportError(.unreachable, "could not connect (URLError \(urlError.code.rawValue))")
        case .cannotFindHost, .dnsLookupFailed: return ExportError(.unreachable, "could not resolve the host (URLError \(urlError.code.rawValue))")
        case .notConnectedToInternet: return ExportError(.unreachable, "not connected to the internet (URLError \(urlError.code.rawValue))")
        default: return ExportError(.transport, "request failed: URLError \(urlError.code.rawValue)")
        }
    }
}

/// Holds the data task so a cancellation that arrives before or after it starts still cancels
/// it; `@unchecked Sendable` is safe because every access goes through `lock`.
private final class TaskBox: @unchecked Sendable {
    private let lock = NSLock()
    private var task: URLSessionDataTask?
    private var cancelled = false

    func set(_ task: URLSessionDataTask) {
        let cancelNow = lock.withLock { () -> Bool in
            self.task = task
            return cancelled
        }
        if cancelNow { task.cancel() }
    }

    func cancel() {
        let task = lock.withLock { () -> URLSessionDataTask? in
            cancelled = true
            return self.task
        }
        task?.cancel()
    }
}
