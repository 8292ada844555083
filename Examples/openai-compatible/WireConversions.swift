// Between SpanKit's message types, which the spans record, and the wire format.
import SpanKit

extension ChatMessage {
    /// The wire form of a message.
    init(_ message: Message) {
        self.init(
            role: message.role, content: message.content,
            toolCalls: message.toolCalls.isEmpty ? nil : message.toolCalls.map { call in
                ChatToolCall(id: call.id, type: "function", function: .init(name: call.name, arguments: call.arguments))
            },
            toolCallID: message.toolCallID, name: message.name)
    }

    /// The message as SpanKit records it.
    var message: Message {
        Message(
            role: role ?? "assistant", content: content,
            toolCalls: (toolCalls ?? []).map { ToolCall(id: $0.id, name: $0.function.name ?? "", arguments: $0.function.arguments) },
            toolCallID: toolCallID, name: name)
    }
}

extension Usage {
    /// Records the usage a server reported as the span's token counts. Cached prompt tokens and
    /// reasoning tokens are kept apart because Phoenix prices them at their own rates.
    func record(on span: Span?) {
        span?.setTokenCounts(
            prompt: promptTokens, completion: completionTokens, total: totalTokens,
            cacheRead: promptTokensDetails?.cachedTokens, reasoning: completionTokensDetails?.reasoningTokens)
    }
}

/// Builds the complete reply from streamed chunks: text fragments are concatenated, tool calls
/// assembled by their index, and the model, finish reason and usage kept from whichever chunk
/// carries them (usage comes last, in a chunk without choices).
struct StreamedReply {
    private(set) var content = ""
    private var toolCalls: [Int: ChatToolCall] = [:]
    private(set) var model: String?
    private(set) var finishReason: String?
    private(set) var usage: Usage?

    /// Whether any part of the answer (text or a tool call) has arrived.
    var hasAnswer: Bool { !content.isEmpty || !toolCalls.isEmpty }

    /// Adds a chunk; returns the text it added, for showing as it arrives.
    mutating func add(_ chunk: ChatCompletion) -> String {
        model = chunk.model ?? model
        usage = chunk.usage ?? usage
        var added = ""
        for choice in chunk.choices {
            finishReason = choice.finishReason ?? finishReason
            guard let delta = choice.delta else { continue }
            added += delta.content ?? ""
            for piece in delta.toolCalls ?? [] {
                let index = piece.index ?? toolCalls.count
                var call = toolCalls[index] ?? ChatToolCall(index: index, function: .init())
                call.id = piece.id ?? call.id
                call.type = piece.type ?? call.type
                call.function.name = (call.function.name ?? "") + (piece.function.name ?? "")
                call.function.arguments = (call.function.arguments ?? "") + (piece.function.arguments ?? "")
                toolCalls[index] = call
            }
        }
        content += added
        return added
    }

    /// The assembled reply.
    var message: Message {
        ChatMessage(
            role: "assistant", content: content.isEmpty ? nil : content,
            toolCalls: toolCalls.isEmpty ? nil : toolCalls.keys.sorted().compactMap { toolCalls[$0] }
        ).message
    }
}
