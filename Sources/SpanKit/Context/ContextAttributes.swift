import OpenInference

/// Values that every span started in a scope inherits: session, user, metadata, tags and prompt
/// template (the OpenInference context attributes). Immutable and shared, so binding a scope
/// costs one allocation and reading it one retain.
final class ContextAttributes: Sendable {
    static let empty = ContextAttributes()

    let sessionID: String?
    let sessionName: String?
    let userID: String?
    let metadata: [String: JSONValue]
    /// `metadata` as the JSON text OpenInference records, computed once per scope.
    let metadataJSON: String?
    let tags: [String: String]
    let promptTemplate: PromptTemplate?

    init(
        sessionID: String? = nil, sessionName: String? = nil, userID: String? = nil,
        metadata: [String: JSONValue] = [:], tags: [String: String] = [:], promptTemplate: PromptTemplate? = nil
    ) {
        self.sessionID = sessionID
        self.sessionName = sessionName
        self.userID = userID
        self.metadata = metadata
        self.metadataJSON = metadata.isEmpty ? nil : JSONValue.object(metadata).jsonString
        self.tags = tags
        self.promptTemplate = promptTemplate
    }

    /// Whether spans started in this scope get session, user or tags from it.
    var hasGrouping: Bool { sessionID != nil || userID != nil || !tags.isEmpty }

    /// Whether spans started in this scope get attributes from it (metadata, prompt template).
    var hasSpanAttributes: Bool { metadataJSON != nil || promptTemplate != nil }

    /// Whether a span's resolved grouping is what this scope already says.
    @inline(__always)
    func matches(_ grouping: SpanState.Grouping?) -> Bool {
        guard let grouping else { return !hasGrouping }
        return grouping.sessionID == sessionID && grouping.sessionName == sessionName
            && grouping.userID == userID && grouping.tags == tags
    }

    /// Whether a span's resolved grouping is what `scope` already says, nil standing for
    /// ``empty`` (which says nothing: only an absent or all-empty grouping matches it).
    @inline(__always)
    static func matches(_ scope: ContextAttributes?, _ grouping: SpanState.Grouping?) -> Bool {
        if let scope { return scope.matches(grouping) }
        guard let grouping else { return true }
        return grouping.sessionID == nil && grouping.sessionName == nil && grouping.userID == nil && grouping.tags.isEmpty
    }

    /// This scope with a span's grouping in place of its own, so that scopes opened inside the
    /// span start from the span's values.
    func rebound(to grouping: SpanState.Grouping?) -> ContextAttributes {
        ContextAttributes(
            sessionID: grouping?.sessionID, sessionName: grouping?.sessionName, userID: grouping?.userID,
            metadata: metadata, tags: grouping?.tags ?? [:], promptTemplate: promptTemplate)
    }

    /// A copy with some values replaced or merged (metadata and tags merge, new keys winning).
    func with(
        sessionID: String? = nil, sessionName: String? = nil, userID: String? = nil,
        metadata: [String: JSONValue] = [:], tags: [String: String] = [:], promptTemplate: PromptTemplate? = nil
    ) -> ContextAttributes {
        let session = sessionID ?? self.sessionID
        // A new session id without a name must not inherit the old session's name.
        let name = sessionName ?? (sessionID == nil || sessionID == self.sessionID ? self.sessionName : nil)
        return ContextAttributes(
            sessionID: session, sessionName: name, userID: userID ?? self.userID,
            metadata: self.metadata.merging(metadata) { _, new in new },
            tags: self.tags.merging(tags) { _, new in new },
            promptTemplate: promptTemplate ?? self.promptTemplate)
    }
}

/// A prompt template, its variables and version, recorded as `llm.prompt_template.*`; and,
/// for a template from a prompt library or service, where it came from (`prompt.vendor`,
/// `prompt.id`, `prompt.url`).
public struct PromptTemplate: Sendable, Hashable {
    /// The template text with `{variable}` placeholders.
    var template: String
    /// The values applied to the template.
    var variables: [String: JSONValue]
    /// The template's version.
    var version: String?
    /// The prompt library or service the template came from.
    var vendor: String?
    /// The vendor's identifier of the prompt.
    var id: String?
    /// The vendor's URL of the prompt.
    var url: String?

    /// Creates a prompt template.
    ///
    /// - Parameters:
    ///   - template: the text with `{variable}` placeholders.
    ///   - variables: the values applied to it.
    ///   - version: the template's version.
    ///   - vendor: the prompt library or service it came from (`prompt.vendor`), such as `langfuse`.
    ///   - id: the vendor's identifier of the prompt (`prompt.id`).
    ///   - url: the vendor's URL of the prompt (`prompt.url`).
    public init(
        _ template: String, variables: [String: JSONValue] = [:], version: String? = nil,
        vendor: String? = nil, id: String? = nil, url: String? = nil
    ) {
        self.template = template
        self.variables = variables
        self.version = version
        self.vendor = vendor
        self.id = id
        self.url = url
    }
}
