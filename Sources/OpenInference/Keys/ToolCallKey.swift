/// The keys of one tool call in a chat message: `….message.tool_calls.{k}.tool_call.*`, or, for a
/// `tool_use` content part, `….message.contents.{j}.tool_call.*`.
///
/// Get one from ``MessageKey/toolCall(_:)`` or ``MessageContentKey/toolCall``.
public struct ToolCallKey: Sendable, Hashable {
    /// Where a tool call sits in its message.
    public enum Container: Sendable, Hashable {
        /// In the message's tool-call list, `message.tool_calls.{k}`.
        case toolCalls
        /// In a `tool_use` content part, `message.contents.{j}`.
        case contentPart
    }

    /// The message the call belongs to.
    public let message: MessageKey
    /// Whether the call is in the tool-call list or in a content part.
    public let container: Container
    /// The zero-based position of the call in the tool-call list, or of its content part.
    public let index: Int

    /// The call at `index` of `container` in `message`.
    public init(message: MessageKey, container: Container, index: Int) {
        self.message = message
        self.container = container
        self.index = index
    }

    /// The identifier the model gave the call (`….tool_call.id`).
    public var id: String { key(for: ToolCallAttributes.toolCallID) }

    /// The name of the function to call (`….tool_call.function.name`).
    public var functionName: String { key(for: ToolCallAttributes.toolCallFunctionName) }

    /// The JSON arguments of the call (`….tool_call.function.arguments`).
    public var functionArguments: String { key(for: ToolCallAttributes.toolCallFunctionArgumentsJSON) }

    /// The provider's opaque reasoning token attached to the call (`….tool_call.reasoning_signature`).
    public var reasoningSignature: String { key(for: ToolCallAttributes.toolCallReasoningSignature) }

    /// The key of any ``ToolCallAttributes`` leaf of this call.
    public func key(for attribute: String) -> String {
        let sublist = switch container {
        case .toolCalls: MessageAttributes.messageToolCalls
        case .contentPart: MessageAttributes.messageContents
        }
        return FlatKey.make(message.direction.listKey, message.index, sublist, index, attribute)
    }
}
