/// Who speaks in a chat ``Message``: `system`, `user`, `assistant`, `tool`, `function`, or a
/// provider's own role written as a string literal (`"developer"`, `"model"`).
public struct MessageRole: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral {
    /// The role as recorded in `message.role`.
    public let rawValue: String

    /// A role by name, recorded as given.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// A role by name, from a string literal.
    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    /// Instructions that frame the conversation.
    public static let system = MessageRole(rawValue: "system")
    /// The end user.
    public static let user = MessageRole(rawValue: "user")
    /// The model.
    public static let assistant = MessageRole(rawValue: "assistant")
    /// The result of a tool the model called.
    public static let tool = MessageRole(rawValue: "tool")
}
