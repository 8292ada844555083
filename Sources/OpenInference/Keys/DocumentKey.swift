/// The keys of one document in a document list: `retrieval.documents.{i}.document.*`, a reranker's
/// input or output documents, or the span-level `input.documents` and `output.documents`.
///
/// Get one from ``OpenInferenceKey/retrievalDocument(_:)``,
/// ``OpenInferenceKey/rerankerInputDocument(_:)``, ``OpenInferenceKey/rerankerOutputDocument(_:)``,
/// ``OpenInferenceKey/inputDocument(_:)`` or ``OpenInferenceKey/outputDocument(_:)``.
public struct DocumentKey: Sendable, Hashable {
    /// The list prefix, for example `retrieval.documents`.
    public let list: String
    /// The zero-based position of the document in the list.
    public let index: Int

    /// The document at `index` of the list whose prefix is `list` (a catalog constant such as
    /// ``SpanAttributes/retrievalDocuments``).
    public init(list: String, index: Int) {
        self.list = list
        self.index = index
    }

    /// The document or chunk id, or the provider's file id (`….document.id`).
    public var id: String { key(for: DocumentAttributes.documentID) }

    /// The relevance score (`….document.score`).
    public var score: String { key(for: DocumentAttributes.documentScore) }

    /// The text of the document (`….document.content`).
    public var content: String { key(for: DocumentAttributes.documentContent) }

    /// The metadata as a JSON object string (`….document.metadata`).
    public var metadata: String { key(for: DocumentAttributes.documentMetadata) }

    /// The URL, object-store URI or data URL of a file document (`….document.url`).
    public var url: String { key(for: DocumentAttributes.documentURL) }

    /// The media type, for example `application/pdf` (`….document.mime_type`).
    public var mimeType: String { key(for: DocumentAttributes.documentMIMEType) }

    /// The file name or title (`….document.name`).
    public var name: String { key(for: DocumentAttributes.documentName) }

    /// The key of any ``DocumentAttributes`` leaf of this document.
    public func key(for attribute: String) -> String {
        FlatKey.make(list, index, attribute)
    }
}
