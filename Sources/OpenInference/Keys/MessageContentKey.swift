/// The keys of one content part of a chat message,
/// `llm.{input|output}_messages.{i}.message.contents.{j}.*`.
///
/// Get one from ``MessageKey/contentPart(_:)``.
public struct MessageContentKey: Sendable, Hashable {
    /// The message the part belongs to.
    public let message: MessageKey
    /// The zero-based position of the part in the message.
    public let index: Int

    /// The part at `index` of `message`.
    public init(message: MessageKey, index: Int) {
        self.message = message
        self.index = index
    }

    /// The kind of part, a ``MessageContentType`` raw value (`….message_content.type`).
    public var type: String { key(for: MessageContentAttributes.messageContentType) }

    /// The text of a `text` part or the visible text of a `reasoning` part
    /// (`….message_content.text`).
    public var text: String { key(for: MessageContentAttributes.messageContentText) }

    /// The URL or data URL of an `image` part (`….message_content.image.image.url`).
    public var imageURL: String {
        key(for: MessageContentAttributes.messageContentImage, ImageAttributes.imageURL)
    }

    /// The URL or data URL of an `audio` part (`….message_content.audio.audio.url`).
    public var audioURL: String {
        key(for: MessageContentAttributes.messageContentAudio, AudioAttributes.audioURL)
    }

    /// The media type of an `audio` part (`….message_content.audio.audio.mime_type`).
    public var audioMIMEType: String {
        key(for: MessageContentAttributes.messageContentAudio, AudioAttributes.audioMIMEType)
    }

    /// The transcript of an `audio` part (`….message_content.audio.audio.transcript`).
    public var audioTranscript: String {
        key(for: MessageContentAttributes.messageContentAudio, AudioAttributes.audioTranscript)
    }

    /// The URL, object-store URI or data URL of a `video` part (`….message_content.video.video.url`).
    public var videoURL: String {
        key(for: MessageContentAttributes.messageContentVideo, VideoAttributes.videoURL)
    }

    /// The URL, object-store URI or data URL of a `document` part
    /// (`….message_content.document.document.url`).
    public var documentURL: String {
        key(for: MessageContentAttributes.messageContentDocument, DocumentAttributes.documentURL)
    }

    /// The media type of a `document` part (`….message_content.document.document.mime_type`).
    public var documentMIMEType: String {
        key(for: MessageContentAttributes.messageContentDocument, DocumentAttributes.documentMIMEType)
    }

    /// The file name or title of a `document` part (`….message_content.document.document.name`).
    public var documentName: String {
        key(for: MessageContentAttributes.messageContentDocument, DocumentAttributes.documentName)
    }

    /// The provider file id of a `document` part (`….message_content.document.document.id`).
    public var documentID: String {
        key(for: MessageContentAttributes.messageContentDocument, DocumentAttributes.documentID)
    }

    /// The inline text of a `document` part (`….message_content.document.document.content`).
    public var documentContent: String {
        key(for: MessageContentAttributes.messageContentDocument, DocumentAttributes.documentContent)
    }

    /// The provider's identifier of the content item (`….message_content.id`).
    public var id: String { key(for: MessageContentAttributes.messageContentID) }

    /// The provider's opaque signature of the part (`….message_content.signature`).
    public var signature: String { key(for: MessageContentAttributes.messageContentSignature) }

    /// The provider's opaque data of the part, such as redacted thinking (`….message_content.data`).
    public var data: String { key(for: MessageContentAttributes.messageContentData) }

    /// The provider's encrypted reasoning content (`….message_content.encrypted_content`).
    public var encryptedContent: String {
        key(for: MessageContentAttributes.messageContentEncryptedContent)
    }

    /// The tool call of a `tool_use` part, whose keys sit directly under the part
    /// (`….message.contents.{j}.tool_call.*`).
    public var toolCall: ToolCallKey {
        ToolCallKey(message: message, container: .contentPart, index: index)
    }

    /// The key of any leaf under this part, for example
    /// `key(for: MessageContentAttributes.messageContentText)`, or of a nested object's leaf:
    /// `key(for: MessageContentAttributes.messageContentImage, ImageAttributes.imageURL)`.
    public func key(for attribute: String, _ nestedAttribute: String? = nil) -> String {
        FlatKey.make(
            message.direction.listKey, message.index, MessageAttributes.messageContents, index,
            attribute, nestedAttribute
        )
    }
}
