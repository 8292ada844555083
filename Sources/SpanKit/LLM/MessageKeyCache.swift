import OpenInference

/// The flattened keys of the plain fields of one chat message, `llm.input_messages.{i}.message.role`
/// and its siblings. A class, so that handing one out costs one retain rather than four.
final class MessageKeys: Sendable {
    let role: String
    let name: String
    let content: String
    let toolCallID: String

    init(_ key: MessageKey) {
        role = key.role
        name = key.name
        content = key.content
        toolCallID = key.toolCallID
    }
}

/// The flattened keys of one tool call in a message's tool-call list,
/// `….message.tool_calls.{k}.tool_call.id` and its siblings.
final class ToolCallKeys: Sendable {
    let id: String
    let functionName: String
    let functionArguments: String
    let reasoningSignature: String

    init(_ key: ToolCallKey) {
        id = key.id
        functionName = key.functionName
        functionArguments = key.functionArguments
        reasoningSignature = key.reasoningSignature
    }
}

/// The flattened keys of one advertised tool, `llm.tools.{i}.tool.json_schema` and its siblings.
final class ToolKeys: Sendable {
    let jsonSchema: String
    let name: String
    let description: String

    init(_ key: LLMToolKey) {
        jsonSchema = key.jsonSchema
        name = key.name
        description = key.description
    }
}

/// The keys of the first ``limit`` messages of each list, of the first tool calls of their first
/// messages, and of the first advertised tools, built once per process and shared.
///
/// Building a key allocates and writes a string; a conversation span writes two to four per
/// message, and every span of a chat writes the same ones again. A cached key costs a retain
/// instead, and spans holding the same key share one allocation. Positions past the limits (a
/// rare conversation) build their keys per write, so the cache stays bounded (about 2 × 1024 ×
/// 4 message keys of some 40 bytes, 2 × 64 × 8 × 4 tool-call keys of some 70, 128 × 3 tool keys).
enum MessageKeyCache {
    static let limit = 1024
    /// Tool calls are cached for the first `toolCallMessageLimit` messages of each list, the
    /// first `toolCallLimit` calls of each.
    static let toolCallMessageLimit = 64
    static let toolCallLimit = 8
    static let toolLimit = 128

    private struct Lists: Sendable {
        var input: [MessageKeys] = []
        var output: [MessageKeys] = []
        /// At `message × toolCallLimit + call`; nil until first used.
        var inputToolCalls: [ToolCallKeys?] = []
        var outputToolCalls: [ToolCallKeys?] = []
        var tools: [ToolKeys] = []
    }

    private static let lists = Locked<Lists>.make(Lists())

    /// The keys of positions `0..<min(count, limit)` of `direction`'s list (at least those; a
    /// caller indexes only what it asked for). One lock acquisition per helper call.
    static func keys(_ direction: MessageDirection, count: Int) -> [MessageKeys] {
        lists.withLock { lists in
            switch direction {
            case .input: extend(&lists.input, direction, to: count)
            case .output: extend(&lists.output, direction, to: count)
            }
        }
    }

    private static func extend(_ keys: inout [MessageKeys], _ direction: MessageDirection, to count: Int) -> [MessageKeys] {
        grow(&keys, to: count, limit: limit) { MessageKeys(MessageKey(direction, $0)) }
    }

    /// Grows `keys` to cover positions `0..<min(count, limit)`, geometrically, so that a list
    /// that gets longer span by span rebuilds the array a logarithmic number of times.
    private static func grow<Keys>(_ keys: inout [Keys], to count: Int, limit: Int, _ make: (Int) -> Keys) -> [Keys] {
        let wanted = Swift.min(count, limit)
        if keys.count < wanted {
            let target = Swift.min(limit, Swift.max(wanted, keys.count * 2, 16))
            keys.reserveCapacity(target)
            for index in keys.count..<target { keys.append(make(index)) }
        }
        return keys
    }

    /// The keys of the first `count` advertised tools (at least; past ``toolLimit`` a caller
    /// builds its own with ``toolKeys(at:in:)``). One lock acquisition per helper call.
    static func toolKeys(count: Int) -> [ToolKeys] {
        lists.withLock { lists in grow(&lists.tools, to: count, limit: toolLimit) { ToolKeys(OpenInferenceKey.llmTool($0)) } }
    }

    /// The keys of tool `index`, from `cached` when it reaches that far.
    @inline(__always)
    static func toolKeys(at index: Int, in cached: [ToolKeys]) -> ToolKeys {
        index < cached.count ? cached[index] : ToolKeys(OpenInferenceKey.llmTool(index))
    }

    /// The keys of tool call `call` of message `message` (in its tool-call list), cached for the
    /// first calls of the first messages. Called under the span's lock: this lock is never held
    /// while taking a span's.
    static func toolCallKeys(_ message: MessageKey, call: Int) -> ToolCallKeys {
        let key = message.toolCall(call)
        guard message.index < toolCallMessageLimit, call < toolCallLimit else { return ToolCallKeys(key) }
        let slot = message.index * toolCallLimit + call
        return lists.withLock { lists in
            switch message.direction {
            case .input: cachedToolCall(&lists.inputToolCalls, slot, key)
            case .output: cachedToolCall(&lists.outputToolCalls, slot, key)
            }
        }
    }

    private static func cachedToolCall(_ table: inout [ToolCallKeys?], _ slot: Int, _ key: ToolCallKey) -> ToolCallKeys {
        if table.isEmpty { table = Array(repeating: nil, count: toolCallMessageLimit * toolCallLimit) }
        if let keys = table[slot] { return keys }
        let keys = ToolCallKeys(key)
        table[slot] = keys
        return keys
    }

    /// The keys of message `index`, from `cached` when it reaches that far.
    @inline(__always)
    static func keys(at index: Int, _ direction: MessageDirection, in cached: [MessageKeys]) -> MessageKeys {
        index < cached.count ? cached[index] : MessageKeys(MessageKey(direction, index))
    }
}
