import OpenInference
/// One part of a multimodal chat ``Message``: text, an image, audio, video, a document, a
/// reasoning item, or a tool call kept in order among the other parts.
///
/// ```swift
/// Message.user([
///     .text("What is in this picture?"),
///     .image(url: "https://example.com/cat.png"),
/// ])
/// ```
///
/// URLs are strings because they are often `data:` URLs that would be costly to parse; an image
/// data URL longer than the tracer's `base64ImageMaxLength` is replaced by `__REDACTED__`.
public enum MessageContent: Sendable, Hashable {
    /// Text, with the provider's signature when it signs text parts (Gemini).
    case text(_ text: String, signature: String? = nil)
    /// An image by HTTP(S) URL or `data:image/…;base64,…` URL.
    case image(url: String)
    /// Audio by URL or data URL, with its media type and transcript when known.
    case audio(url: String, mimeType: String? = nil, transcript: String? = nil)
    /// Video by URL, object-store URI or data URL.
    case video(url: String)
    /// A file such as a PDF: by URL, provider file id, or inline content.
    case document(url: String? = nil, mimeType: String? = nil, name: String? = nil, id: String? = nil, content: String? = nil)
    /// A reasoning (thinking) item: its visible text and the provider's opaque fields
    /// (item id, signature, redacted data, encrypted content).
    case reasoning(
        _ text: String? = nil, id: String? = nil, signature: String? = nil, data: String? = nil,
        encryptedContent: String? = nil)
    /// A tool call in its place among the parts (Anthropic `tool_use` blocks).
    case toolUse(ToolCall)

    /// The `message_content.type` value.
    var type: MessageContentType {
        switch self {
        case .text: .text
        case .image: .image
        case .audio: .audio
        case .video: .video
        case .document: .document
        case .reasoning: .reasoning
        case .toolUse: .toolUse
        }
    }
}

extension MessageContent {
    /// Appends the part's `message_content.*` attributes under `key`.
    func appendAttributes(to list: inout AttributeList, key: MessageContentKey) {
        list.append(key.type, .string(type.rawValue))
        switch self {
        case .text(let text, let signature):
            list.append(key.text, .string(text))
            list.append(key.signature, signature)
        case .image(let url):
            list.append(key.imageURL, .string(url))
        case .audio(let url, let mimeType, let transcript):
            list.append(key.audioURL, .string(url))
            list.append(key.audioMIMEType, mimeType)
            list.append(key.audioTranscript, transcript)
        case .video(let url):
            list.append(key.videoURL, .string(url))
        case .document(let url, let mimeType, let name, let id, let content):
            list.append(key.documentURL, url)
            list.append(key.documentMIMEType, mimeType)
            list.append(key.documentName, name)
            list.append(key.documentID, id)
            list.append(key.documentContent, content)
        case .reasoning(let text, let id, let signature, let data, let encryptedContent):
            list.append(key.text, text)
            list.append(key.id, id)
            list.append(key.signature, signature)
            list.append(key.data, data)
            list.append(key.encryptedContent, encryptedContent)
        case .toolUse(let call):
            call.appendAttributes(to: &list, keys: ToolCallKeys(key.toolCall))
        }
    }

    /// How many attributes the part writes at most, to size the list once.
    var attributeCapacity: Int {
        switch self {
        case .text, .image, .video: 3
        case .audio: 4
        case .document, .reasoning, .toolUse: 6
        }
    }
}
