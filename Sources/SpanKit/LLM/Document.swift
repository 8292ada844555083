import OpenInference
/// A document or chunk that a retriever returned or a reranker ordered, recorded as
/// `retrieval.documents.{i}.document.*` or `reranker.{input|output}_documents.{i}.document.*`.
///
/// ```swift
/// Document(id: "doc-7", content: "Paris is the capital of France.", score: 0.92, metadata: ["source": "atlas"])
/// ```
public struct Document: Sendable, Hashable, Encodable {
    /// The document or chunk id.
    public var id: String?
    /// The text.
    public var content: String?
    /// The relevance score.
    public var score: Double?
    /// Metadata, recorded as a JSON object string.
    var metadata: [String: JSONValue]?
    /// Where a file document lives: a URL, object-store URI or data URL.
    var url: String?
    /// The media type of a file document, such as `application/pdf`.
    var mimeType: String?
    /// The file name or title.
    var name: String?

    /// A document; leave out what you do not know.
    public init(
        id: String? = nil, content: String? = nil, score: Double? = nil, metadata: [String: JSONValue]? = nil,
        url: String? = nil, mimeType: String? = nil, name: String? = nil
    ) {
        self.id = id
        self.content = content
        self.score = score
        self.metadata = metadata
        self.url = url
        self.mimeType = mimeType
        self.name = name
    }
}

extension Document {
    /// Appends the document's `document.*` attributes under `key`.
    func appendAttributes(to list: inout AttributeList, key: DocumentKey) {
        list.append(key.id, id)
        list.append(key.content, content)
        list.append(key.score, score)
        if let metadata { list.append(key.metadata, .string(JSONValue.object(metadata).jsonString)) }
        list.append(key.url, url)
        list.append(key.mimeType, mimeType)
        list.append(key.name, name)
    }

    /// How many attributes a document writes at most.
    static let attributeCapacity = 7
}

extension [Document] {
    /// Appends every document's attributes, keyed by `key(index)`.
    func appendAttributes(to list: inout AttributeList, key: (Int) -> DocumentKey) {
        for index in indices {  // borrows each document in place (see Span.setMessages)
            self[index].appendAttributes(to: &list, key: key(index))
        }
    }
}
