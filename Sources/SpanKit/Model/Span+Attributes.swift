import OpenInference

extension Span {
    /// Sets an attribute; a later write to the same key replaces the value.
    ///
    /// Arrays go in as their case: `span.setAttribute("scores", .doubleArray(scores))`.
    ///
    /// A new key beyond the attribute count limit is dropped and counted, and a string longer
    /// than the value length limit is shortened; both are reported once per span.
    @inline(__always)
    public func setAttribute(_ key: String, _ value: AttributeValue) {
        write { $0.setAttribute(key, value) }
    }

    /// Sets a string attribute.
    @inline(__always)
    public func setAttribute(_ key: String, _ value: String) { setAttribute(key, .string(value)) }
    /// Sets an integer attribute.
    @inline(__always)
    public func setAttribute(_ key: String, _ value: Int) { setAttribute(key, .int(value)) }
    /// Sets a double attribute.
    @inline(__always)
    public func setAttribute(_ key: String, _ value: Double) { setAttribute(key, .double(value)) }
    /// Sets a Boolean attribute.
    @inline(__always)
    public func setAttribute(_ key: String, _ value: Bool) { setAttribute(key, .bool(value)) }

    /// Sets an attribute to a JSON document: scalars as themselves, arrays and objects as
    /// JSON text (how OpenInference carries structured values).
    public func setAttribute(_ key: String, json value: JSONValue) { setAttribute(key, value.attributeValue) }

    /// Sets several attributes at once, in key order, under one lock.
    public func setAttributes(_ attributes: [String: AttributeValue]) {
        setAttributes(attributes.keys.sorted().map { ($0, attributes[$0]!) })
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
