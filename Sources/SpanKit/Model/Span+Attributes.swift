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
    @inlinable @inline(__always)
    public func setAttribute(_ key: consuming String, _ value: consuming AttributeValue) {
        // Inlined into the caller, so that a write to a sampled-out span is a nil check: no
        // call, and the key and value are not even copied.
        if storage != nil { recordAttribute(key, value) }
    }

    /// ``setAttribute(_:_:)`` on a recording span.
    ///
    /// The key and value are consumed and moved into the state: the caller's copy becomes the
    /// stored one, where a borrowed pair cost a retain here and a release in the caller on every
    /// write. So the lock is taken by hand, not through ``write(_:)``, whose closure could only
    /// capture (and so copy) them.
    @usableFromInline @inline(__always)
    func recordAttribute(_ key: consuming String, _ value: consuming AttributeValue) {
        guard let address = unsafeBitCast(storage, to: UnsafeRawPointer?.self) else { return }
        // Unretained, as in `withLockedState`: this span holds the storage for the whole call.
        let (state, lock) = Unmanaged<SpanStorage.Buffer>.fromOpaque(address)._withUnsafeGuaranteedRef { $0.pointers }
        SpanLock.lock(lock)
        let diagnostic: Diagnostic?
        if state.pointee.isEnded {
            state.pointee.details.ignoredWritesCount += 1
            diagnostic = nil
        } else {
            diagnostic = state.pointee.setAttribute(key, value)
        }
        SpanLock.unlock(lock)
        if let diagnostic { report(diagnostic) }
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
