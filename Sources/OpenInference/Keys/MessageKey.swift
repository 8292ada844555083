/// Which chat message list a ``MessageKey`` addresses.
public enum MessageDirection: Sendable, Hashable, CaseIterable {
    /// The messages sent to the model, under `llm.input_messages`.
    case input
    /// The messages the model returned, under `llm.output_messages`.
    case output

    /// The list prefix: `llm.input_messages` or `llm.output_messages`.
    public var listKey: String {
        switch self {
        case .input: SpanAttributes.llmInputMessages
        case .output: SpanAttributes.llmOutputMessages
        }
    }
}

/// The keys of one chat message, `llm.input_messages.{i}.message.*` or
/// `llm.output_messages.{i}.message.*`.
///
/// Get one from ``OpenInferenceKey/inputMessage(_:)`` or ``OpenInferenceKey/outputMessage(_:)``.
public struct MessageKey: Sendable, Hashable {
    /// Whether the message was sent to the model or returned by it.
    public let direction: MessageDirection
    /// The zero-based position of the message in its list.
    public let index: Int

    /// The message at `index` of the `direction` list.
    public init(_ direction: MessageDirection, _ index: Int) {
        self.direction = direction
        self.index = index
    }

    /// Who speaks: `system`, `user`, `assistant`, `tool`, ... (`….message.role`).
    public var role: String { key(for: MessageAttributes.messageRole) }

    /// The text of a message with a single text part (`….message.content`).
    public var content: String { key(for: MessageAttributes.messageContent) }

    /// The name of the function or tool that produced a `tool` message (`….message.name`).
    public var name: String { key(for: MessageAttributes.messageName) }

    /// On a tool result, the id of the tool call it answers (`….message.tool_call_id`).
    public var toolCallID: String { key(for: MessageAttributes.messageToolCallID) }

    /// Legacy: the function a `function` message names (`….message.function_call_name`).
    public var functionCallName: String { key(for: MessageAttributes.messageFunctionCallName) }

    /// Legacy: the JSON arguments of the function call (`….message.function_call_arguments_json`).
    public var functionCallArgumentsJSON: String {
        key(for: MessageAttributes.messageFunctionCallArgumentsJSON)
    }

    /// The content part at `index` of a multimodal message (`….message.contents.{index}`).
    public func contentPart(_ index: Int) -> MessageContentKey {
        MessageContentKey(message: self, index: index)
    }

    /// The tool call at `index` the model asked for in this message (`….message.tool_calls.{index}`).
    public func toolCall(_ index: Int) -> ToolCallKey {
        ToolCallKey(message: self, container: .toolCalls, index: index)
    }

    /// The key of any ``MessageAttributes`` leaf of this message, for example
    /// `key(for: MessageAttributes.messageRole)`.
    public func key(for attribute: String) -> String {
        FlatKey.make(direction.listKey, index, attribute)
    }
}
