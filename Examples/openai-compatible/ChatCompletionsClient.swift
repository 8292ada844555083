import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking  // URLSession on Linux
#endif

/// An API key. Its description is redacted so that printing a client, an error or a request
/// never shows it; only ``ChatCompletionsClient`` reads the value, to build the header.
struct APIKey: CustomStringConvertible, CustomDebugStringConvertible, Sendable {
    fileprivate let value: String

    init?(_ value: String?) {
        guard let value, !value.isEmpty else { return nil }
        self.value = value
    }

    var description: String { "<redacted>" }
    var debugDescription: String { "<redacted>" }

    /// `text` with every occurrence of the key replaced, for error messages that echo it.
    func redacting(_ text: String) -> String {
        text.replacingOccurrences(of: value, with: "<redacted>")
    }
}

/// A failed chat-completions call. Messages from the server pass through
/// ``APIKey/redacting(_:)`` first.
enum ChatCompletionsError: Error, CustomStringConvertible {
    case status(Int, message: String)
    case malformedResponse(String)

    var description: String {
        switch self {
        case .status(let status, let message): "HTTP \(status)" + (message.isEmpty ? "" : ": \(message)")
        case .malformedResponse(let detail): "malformed response: \(detail)"
        }
    }

    /// The error for a non-2xx response, with the server's `error.message` when it sent one.
    static func status(_ status: Int, body: Data, key: APIKey?) -> ChatCompletionsError {
        struct Body: Decodable { struct Detail: Decodable { var message: String? }; var error: Detail? }
        let message = (try? JSONDecoder().decode(Body.self, from: body))?.error?.message
            ?? String(decoding: body.prefix(200), as: UTF8.self)
        return .status(status, message: key?.redacting(message) ?? message)
    }
}

/// A minimal client for `POST {base}/chat/completions`.
struct ChatCompletionsClient: Sendable {
    /// The API's base URL, such as `https://api.openai.com/v1`.
    let baseURL: URL
    let key: APIKey?

    /// One request, one complete response.
    func complete(_ body: ChatRequest) async throws -> ChatCompletion {
        let (data, response) = try await URLSession.shared.data(for: try request(body))
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else { throw ChatCompletionsError.status(status, body: data, key: key) }
        do {
            return try JSONDecoder().decode(ChatCompletion.self, from: data)
        } catch {
            throw ChatCompletionsError.malformedResponse("\(error)")
        }
    }

    /// A streamed response: one chunk per server-sent event, until `[DONE]`. Ending the
    /// iteration early cancels the request.
    func stream(_ body: ChatRequest) -> AsyncThrowingStream<ChatCompletion, any Error> {
        AsyncThrowingStream { continuation in
            do {
                let request = try request(body)
                let delegate = EventStreamDelegate(key: key, continuation: continuation)
                // A session of its own, because the delegate receives the body as it arrives;
                // it is invalidated (and releases the delegate) once the task completes.
                let session = URLSession(configuration: .default, delegate: delegate, delegateQueue: nil)
                let task = session.dataTask(with: request)
                continuation.onTermination = { _ in task.cancel() }
                task.resume()
                session.finishTasksAndInvalidate()
            } catch {
                continuation.finish(throwing: error)
            }
        }
    }

    private func request(_ body: ChatRequest) throws -> URLRequest {
        var request = URLRequest(url: baseURL.appendingPathComponent("chat/completions"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let key { request.setValue("Bearer \(key.value)", forHTTPHeaderField: "Authorization") }
        // Whole seconds: corelibs Foundation truncates fractional timeouts.
        request.timeoutInterval = 60
        request.httpBody = try JSONEncoder().encode(body)
        return request
    }
}

/// Receives a streamed body as it arrives and yields each server-sent event as a decoded chunk.
private final class EventStreamDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    // URLSession calls a delegate on its serial delegate queue; the lock keeps the state safe
    // without relying on that.
    private let lock = NSLock()
    private var parser = ServerSentEventParser()
    private var errorBody = Data()
    private var finished = false
    private let key: APIKey?
    private let continuation: AsyncThrowingStream<ChatCompletion, any Error>.Continuation

    init(key: APIKey?, continuation: AsyncThrowingStream<ChatCompletion, any Error>.Continuation) {
        self.key = key
        self.continuation = continuation
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        lock.withLock {
            let status = (dataTask.response as? HTTPURLResponse)?.statusCode ?? 200
            guard (200..<300).contains(status) else { return errorBody.append(data) }
            deliver(parser.feed(data))
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        lock.withLock {
            let status = (task.response as? HTTPURLResponse)?.statusCode ?? 0
            if let error {
                finish(throwing: error)
            } else if !(200..<300).contains(status) {
                finish(throwing: ChatCompletionsError.status(status, body: errorBody, key: key))
            } else {
                deliver(parser.finish())
                finish(throwing: nil)
            }
        }
    }

    /// Decodes and yields events until `[DONE]` (some servers end without it).
    private func deliver(_ events: [String]) {
        for event in events where !finished {
            if event == "[DONE]" { return finish(throwing: nil) }
            do {
                continuation.yield(try JSONDecoder().decode(ChatCompletion.self, from: Data(event.utf8)))
            } catch {
                finish(throwing: ChatCompletionsError.malformedResponse("event \(event.prefix(100)): \(error)"))
            }
        }
    }

    private func finish(throwing error: (any Error)?) {
        guard !finished else { return }
        finished = true
        continuation.finish(throwing: error)
    }
}
