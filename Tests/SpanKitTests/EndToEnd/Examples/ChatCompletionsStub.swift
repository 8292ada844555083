import Foundation
@testable import SpanKit
import TestSupport

/// A local stand-in for an OpenAI-compatible API, for running `openai-compatible` against.
///
/// `POST /v1/chat/completions` without `stream` answers with a call of the `get_weather` tool;
/// with `"stream": true` it answers with the final text as server-sent events, trickled a few
/// bytes at a time, ending with a usage chunk and `[DONE]` as OpenAI does for
/// `stream_options.include_usage`.
enum ChatCompletionsStub {
    static let model = "gpt-4o-mini-2024-07-18"
    static let toolCallID = "call_weather_1"
    static let toolArguments = #"{"city":"Paris"}"#
    /// The streamed answer, in the pieces it is sent in.
    static let answerPieces = ["It is", " sunny and", " 24 °C", " in Paris."]
    static var answer: String { answerPieces.joined() }
    /// Token usage of the plain and of the streamed response.
    static let plainUsage = (prompt: 82, completion: 17, total: 99)
    static let streamedUsage = (prompt: 131, completion: 12, total: 143)

    /// Starts a server that answers as described above.
    static func start() throws -> LocalHTTPServer {
        try LocalHTTPServer { request in action(for: request) }
    }

    /// Starts a server that rejects every request with 401 and an error message quoting
    /// `key`, as OpenAI's does (with the key partly masked).
    static func startRejecting(key: String) throws -> LocalHTTPServer {
        let body: JSONValue = ["error": [
            "message": .string("Incorrect API key provided: \(key)."), "type": "invalid_request_error", "code": "invalid_api_key",
        ]]
        return try LocalHTTPServer(respondingWith: .status(401, body: body.jsonString, headers: ["Content-Type": "application/json"]))
    }

    static func action(for request: RecordedRequest) -> ServerAction {
        guard request.method == "POST", request.path == "/v1/chat/completions" else {
            return .status(404, body: #"{"error":{"message":"no such route"}}"#, headers: ["Content-Type": "application/json"])
        }
        guard (try? JSONValue(parsing: request.bodyText))?["stream"] == true else {
            return .status(200, body: toolCallResponse.jsonString, headers: ["Content-Type": "application/json"])
        }
        let response = ServerResponse(status: 200, headers: ["Content-Type": "text/event-stream"], body: Data(eventStream.utf8))
        return .trickle(response, chunkSize: 48, interval: .milliseconds(10))
    }

    static let toolCallResponse: JSONValue = [
        "id": "chatcmpl-plain", "object": "chat.completion", "created": 1_767_000_000, "model": .string(model),
        "choices": [[
            "index": 0, "finish_reason": "tool_calls",
            "message": [
                "role": "assistant", "content": nil,
                "tool_calls": [["id": .string(toolCallID), "type": "function", "function": ["name": "get_weather", "arguments": .string(toolArguments)]]],
            ],
        ]],
        "usage": [
            "prompt_tokens": .int(plainUsage.prompt), "completion_tokens": .int(plainUsage.completion), "total_tokens": .int(plainUsage.total),
            "prompt_tokens_details": ["cached_tokens": 0], "completion_tokens_details": ["reasoning_tokens": 0],
        ],
    ]

    /// The streamed body: a role chunk, the text pieces, the finish reason, the usage, `[DONE]`.
    static var eventStream: String {
        func chunk(_ choices: JSONValue, usage: JSONValue = nil) -> String {
            let chunk: JSONValue = [
                "id": "chatcmpl-stream", "object": "chat.completion.chunk", "created": 1_767_000_000, "model": .string(model),
                "choices": choices, "usage": usage,
            ]
            return "data: \(chunk.jsonString)\n\n"
        }
        var body = chunk([["index": 0, "delta": ["role": "assistant", "content": ""], "finish_reason": nil]])
        for piece in answerPieces {
            body += chunk([["index": 0, "delta": ["content": .string(piece)], "finish_reason": nil]])
        }
        body += chunk([["index": 0, "delta": [:], "finish_reason": "stop"]])
        body += chunk([], usage: [
            "prompt_tokens": .int(streamedUsage.prompt), "completion_tokens": .int(streamedUsage.completion),
            "total_tokens": .int(streamedUsage.total),
        ])
        return body + "data: [DONE]\n\n"
    }
}
