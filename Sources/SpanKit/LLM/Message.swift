import OpenInference
/// A chat message sent to or returned by a model, recorded as `llm.input_messages.{i}.message.*`
/// or `llm.output_messages.{i}.message.*`.
///
/// ```swift
/// span.setInputMessages([
///     .system("Answer from the documents."),
///     .user("What is the capital of France?"),
/// ])
/// span.setOutputMessages([
///     .assistant(toolCalls: [ToolCall(id: "call_1", name: "search", arguments: #"{"query":"France"}"#)]),
/// ])
/// ```
///
/// A message has either plain text (``content``, the common case) or a list of multimodal
/// ``contents``; it may carry tool calls (from the model) or answer one (``toolCallID``).
public struct Message: Sendable, Hashable {
    /// Who speaks, as recorded in `message.role`: `system`, `user`, `assistant`, `tool`,
    /// `function`, or a provider's own role such as `developer` or `model`. The factory methods
    /// (``system(_:)``, ``user(_:)-(String)``, ``assistant(_:toolCalls:)``,
    /// ``tool(_:toolCallID:name:)``) set the common ones.
    public var role: String?
    /// The text of a message with a single text part, recorded as `message.content`.
    public var content: String?
    /// The parts of a multimodal or ordered message, recorded as `message.contents.{j}`.
    public var contents: [MessageContent]
    /// The tools the model asked to call, recorded as `message.tool_calls.{k}`.
    public var toolCalls: [ToolCall]
    /// On a tool result, the id of the call it answers.
    public var toolCallID: String?
    /// The name of the tool or function that produced a `tool` or `function` message.
    public var name: String?

    /// A message with any combination of fields.
    public init(
        role: String?, content: String? = nil, contents: [MessageContent] = [], toolCalls: [ToolCall] = [],
        toolCallID: String? = nil, name: String? = nil
    ) {
        self.role = role
        self.content = content
        self.contents = contents
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.name = name
    }

    /// A system message: instructions that frame the conversation.
    public static func system(_ text: String) -> Message {
        Message(role: "system", content: text)
    }

    /// A user message with text.
    public static func user(_ text: String) -> Message {
        Message(role: "user", content: text)
    }

    /// A user message with multimodal parts, such as text and an image.
    static func user(_ contents: [MessageContent]) -> Message {
        Message(role: "user", contents: contents)
    }

    /// A model reply: its text, the tools it asked to call, or both.
    public static func assistant(_ text: String? = nil, toolCalls: [ToolCall] = []) -> Message {
        Message(role: "assistant", content: text, toolCalls: toolCalls)
    }

    /// The result of a tool call, answering the call with id `toolCallID`.
    public static func tool(_ result: String, toolCallID: String, name: String? = nil) -> Message {
        Message(role: "tool", content: result, toolCallID: toolCallID, name: name)
    }
}

extension Message {
    /// Appends the `message.*` attributes of the message at `message` under `key` (`keys` holds
    /// its plain fields' keys, from ``MessageKeyCache``), in the order OpenInference's Python
    /// helpers write them.
    ///
    /// Through a pointer, which reads each field in place: a method on an element of the
    /// caller's buffer got a copy of the whole message (a retain and release per field), because
    /// the compiler cannot prove that the list being written leaves that memory alone.
    static func appendAttributes(of message: UnsafePointer<Message>, to list: inout AttributeList, key: MessageKey, keys: MessageKeys) {
        list.append(keys.role, message.pointee.role)
        list.append(keys.name, message.pointee.name)
        list.append(keys.content, message.pointee.content)
        if !message.pointee.contents.isEmpty {
            let contents = message.pointee.contents
            for index in contents.indices {
                contents[index].appendAttributes(to: &list, key: key.contentPart(index))
            }
        }
        list.append(keys.toolCallID, message.pointee.toolCallID)
        if !message.pointee.toolCalls.isEmpty {
            let toolCalls = message.pointee.toolCalls
            for index in toolCalls.indices {
                toolCalls[index].appendAttributes(to: &list, keys: MessageKeyCache.toolCallKeys(key, call: index))
            }
        }
    }

    /// How many attributes the message writes at most, to size the list once.
    static func attributeCapacity(of message: UnsafePointer<Message>) -> Int {
        var count = 4 + message.pointee.toolCalls.count * 4
        guard !message.pointee.contents.isEmpty else { return count }
        let contents = message.pointee.contents
        for index in contents.indices { count += contents[index].attributeCapacity }
        return count
    }
}
