extension SpanRecord {
    /// The attributes as exporters send them: the recorded attributes plus the OpenInference
    /// view of the span's fields — `openinference.span.kind` (uppercase), `session.id`,
    /// `user.id`, `tag.tags` and the signals as `annotations.*` attributes. Recorded attributes
    /// with the same keys win.
    ///
    /// Tags become the `tag.tags` string array: a tag with an empty value as its key alone,
    /// otherwise `key:value`, sorted.
    public var exportAttributes: Attributes {
        var result = attributes
        var scratch = DerivedIOAttributes.Scratch()
        let derived = DerivedAttributes(of: self, scratch: &scratch)
        scratch.json.bytes.withUnsafeBufferPointer { buffer in
            derived.forEach(json: buffer) { key, value in _ = result.set(key, value, countLimit: .max) } json: { key, utf8 in
                _ = result.set(key, .string(String(decoding: utf8, as: UTF8.self)), countLimit: .max)
            }
        }
        return result
    }

    /// The tags as OpenInference's `tag.tags` list (see ``exportAttributes``).
    var tagList: [String] { Self.tagList(tags) }

    /// `tags` as OpenInference's `tag.tags` list.
    static func tagList(_ tags: [String: String]) -> [String] {
        tags.map { $0.value.isEmpty ? $0.key : "\($0.key):\($0.value)" }.sorted()
    }
}
