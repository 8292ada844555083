import OpenInference

extension Span {
    /// Sets an attribute; a later write to the same key replaces the value.
    ///
    /// Literals need no spelling of their case; values in variables name it:
    ///
    /// ```swift
    /// span.setAttribute("retrieval.top_k", 5)
    /// span.setAttribute("user.tier", .string(tier))
    /// span.setAttribute("scores", .doubleArray(scores))
    /// ```
    ///
    /// Structured values go in as JSON text, as OpenInference carries them; the typed helpers
    /// (``setLLM(model:provider:system:requestModel:responseModel:invocationParameters:finishReason:baseURL:)``,
    /// ``setMetadata(_:)``…) write the common ones for you.
    ///
    /// A new key beyond the attribute count limit is dropped and counted, and a string longer
    /// than the value length limit is shortened; both are reported once per span.
    @inline(__always)
    public func setAttribute(_ key: String, _ value: AttributeValue) {
        write { $0.setAttribute(key, value) }
    }

    /// Sets attributes in the given order under one lock (the typed OpenInference helpers write
    /// through this), reporting the first diagnostic.
    ///
    /// Each key and value is moved into the span rather than copied, when the caller hands over
    /// the only reference to the array: a copy costs a retain now and a release when the array
    /// is freed, per string, which was a large share of a conversation span's cost.
    func setAttributes(_ pairs: consuming [(String, AttributeValue)]) {
        guard !pairs.isEmpty else { return }
        var pairs = pairs
        write { state in
            state.attributes.reserve(additional: pairs.count)
            var first: Diagnostic?
            pairs.withUnsafeMutableBufferPointer { buffer in
                for position in buffer.indices {
                    // Leaves an empty string and a Boolean behind, which cost nothing to free.
                    var key = "", value = AttributeValue.bool(false)
                    swap(&key, &buffer[position].0)
                    swap(&value, &buffer[position].1)
                    let diagnostic = state.setAttribute(key, value)
                    if first == nil { first = diagnostic }
                }
            }
            return first
        }
    }

    /// Renames the span.
    public func updateName(_ name: String) {
        write { $0.name = name; return nil }
    }

    /// Merges tags into the span's tags; the new values win. Children started later inherit
    /// them.
    ///
    /// Tags are exported as OpenInference's `tag.tags` list, sorted and without duplicates:
    /// `key:value`, or the key alone for a plain tag — a key with an empty value
    /// (`span.setTags(["beta": ""])`).
    public func setTags(_ tags: [String: String]) {
        guard !tags.isEmpty else { return }
        write { $0.groups.tags.merge(tags) { _, new in new }; return nil }
    }

    /// Sets the session this span's trace belongs to.
    public func setSession(id: String, name: String? = nil) {
        write { state in
            state.groups.sessionID = id
            if let name { state.groups.sessionName = name }
            return nil
        }
    }

    /// Sets the end user.
    public func setUser(id: String) {
        write { $0.groups.userID = id; return nil }
    }
}
