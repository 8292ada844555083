import OpenInference

/// `input.value` and `output.value` (JSON, with their MIME types) for the LLM, RETRIEVER,
/// EMBEDDING and RERANKER spans that recorded only OpenInference's flattened keys, built at export
/// from those keys.
///
/// Backends show a span's inputs and outputs from `input.value` / `output.value` (Phoenix's Input
/// and Output panes, MLflow's span inputs and outputs), and OpenInference's own instrumentations
/// write both beside the flattened keys. Building the JSON here rather than in the typed helpers
/// keeps it off the caller's thread: it costs the export worker a few hundred nanoseconds per span
/// and the app nothing. The JSON is written into a ``Scratch`` buffer the OTLP encoder keeps for a
/// whole batch and copied from there into the request, so a span costs no allocation (except
/// where invocation parameters or document metadata are parsed, and on the tree path below).
/// A value the span recorded wins. The flattened keys were masked by the
/// tracer's ``TraceConfig`` when they were written, so the derived JSON carries the same
/// redactions; `OPENINFERENCE_HIDE_INPUTS` / `_OUTPUTS` make the typed helpers record the
/// redacted `input.value` / `output.value` themselves (see ``AttributeList/recordIOValueIfHidden(input:)``),
/// which then wins here as any recorded value does.
///
/// The shapes are those of the request and reply the model saw:
/// - LLM input: `{"messages": [...], "model": …, <invocation parameters>}`, each message
///   `{"role", "content", "tool_calls", "contents", …}` (the flattened keys without their
///   `message.` / `tool_call.` / `message_content.` wrappers); output: `{"messages": [...]}`.
/// - RETRIEVER output: `{"documents": [{"id", "content", "score", "metadata"}]}` (metadata as
///   the JSON object it was recorded as).
/// - EMBEDDING input: `{"input": [texts], "model": …, <invocation parameters>}`; output:
///   `{"embeddings": [vectors]}`.
/// - RERANKER input: `{"query": …, "documents": [...]}`; output: `{"documents": [...]}`.
enum DerivedIOAttributes {
    /// The buffers a derivation writes into, kept for a whole batch by the encoder so that a span
    /// costs no allocation: every span's JSON is appended to ``json``, and ``DerivedIO`` says
    /// where it lies.
    struct Scratch {
        var json: JSONWriter
        var list = FlatListWriter()

        init(capacity: Int = 256) { json = JSONWriter(capacity: capacity) }
    }

    /// The derived attributes of a span of `kind` with `recorded` attributes, their JSON written
    /// into `scratch`; none for other kinds or when nothing to derive from was recorded.
    static func derive(kind: SpanKind, recorded: Attributes, into scratch: inout Scratch) -> DerivedIO {
        let sources: Sources
        switch kind {
        case .llm: sources = .llm
        case .retriever: sources = .retriever
        case .embedding: sources = .embedding
        case .reranker: sources = .reranker
        default: return DerivedIO()
        }
        // Both recorded (two hashed lookups): nothing to derive, and no pass over the keys.
        if recorded[SpanAttributes.inputValue] != nil && recorded[SpanAttributes.outputValue] != nil { return DerivedIO() }
        return recorded.withUnsafeBufferPointer { attributes in
            // One cheap pass: what was recorded, and whether anything is there to derive from. By
            // index, not by copying each attribute out (a retain and release of its key and value).
            var seen = Seen()
            var extras = Extras()
            for position in attributes.indices {
                switch attributes[position].key.withUTF8Bytes({ sources.role(of: $0) }) {
                case .inputValue: seen.input = true
                case .outputValue: seen.output = true
                case .inputMIMEType: seen.inputMIMEType = true
                case .outputMIMEType: seen.outputMIMEType = true
                case .input: seen.inputSource = true; extras.inputList.extend(to: position)
                case .output: seen.outputSource = true; extras.outputList.extend(to: position)
                case .model: extras.model = position
                case .parameters: extras.parameters = position
                case .query: seen.inputSource = true; extras.query = position
                case nil: break
                }
            }
            var result = DerivedIO()
            if !seen.input, seen.inputSource, let range = sources.json(attributes, input: true, extras, into: &scratch) {
                result.input = range
                result.inputMIMEType = !seen.inputMIMEType
            }
            if !seen.output, seen.outputSource, let range = sources.json(attributes, input: false, extras, into: &scratch) {
                result.output = range
                result.outputMIMEType = !seen.outputMIMEType
            }
            return result
        }
    }

    /// The byte-for-byte spellings of the keys the derivation reads and writes, for comparing
    /// keys in place (``DerivedIOBytesTests`` checks them against the catalog).
    enum Keys {
        static let inputValue: StaticString = "input.value"
        static let outputValue: StaticString = "output.value"
        static let inputMIMEType: StaticString = "input.mime_type"
        static let outputMIMEType: StaticString = "output.mime_type"
        static let llmModelName: StaticString = "llm.model_name"
        static let llmInvocationParameters: StaticString = "llm.invocation_parameters"
        static let embeddingModelName: StaticString = "embedding.model_name"
        static let embeddingInvocationParameters: StaticString = "embedding.invocation_parameters"
        static let rerankerQuery: StaticString = "reranker.query"
    }

    /// What a key is to the derivation.
    private enum Role {
        case inputValue, outputValue, inputMIMEType, outputMIMEType, input, output, model, parameters, query
    }

    /// Which of the keys that decide what is derived the span recorded.
    private struct Seen {
        var input = false, output = false, inputMIMEType = false, outputMIMEType = false
        var inputSource = false, outputSource = false
    }

    /// Where the single-valued attributes the input takes beside its list are, and the
    /// positions the input's and the output's list keys span (the streamed lists read only those).
    private struct Extras {
        var model: Int?
        var parameters: Int?
        var query: Int?
        var inputList = Positions()
        var outputList = Positions()

        /// The first and last position of a list's keys.
        struct Positions {
            var range = 0..<0

            mutating func extend(to position: Int) {
                range = range.isEmpty ? position..<position + 1 : range.lowerBound..<position + 1
            }
        }
    }

    /// The flattened keys a span kind derives from.
    private enum Sources {
        case llm, retriever, embedding, reranker

        /// The list prefixes of the input and the output.
        var lists: (input: StaticString?, output: StaticString) {
            switch self {
            case .llm: ("llm.input_messages.", "llm.output_messages.")
            case .retriever: (nil, "retrieval.documents.")
            case .embedding: ("embedding.embeddings.", "embedding.embeddings.")
            case .reranker: ("reranker.input_documents.", "reranker.output_documents.")
            }
        }

        /// Byte comparisons only, most keys decided by their first byte: this runs over every
        /// attribute of every span of these kinds.
        @inline(__always)
        func role(of key: UnsafeBufferPointer<UInt8>) -> Role? {
            guard let first = key.first else { return nil }
            switch first {
            case UInt8(ascii: "i"):
                if key.equals(Keys.inputValue) { return .inputValue }
                if key.equals(Keys.inputMIMEType) { return .inputMIMEType }
            case UInt8(ascii: "o"):
                if key.equals(Keys.outputValue) { return .outputValue }
                if key.equals(Keys.outputMIMEType) { return .outputMIMEType }
            case UInt8(ascii: "l") where self == .llm:
                if key.hasPrefix("llm.input_messages.") { return .input }
                if key.hasPrefix("llm.output_messages.") { return .output }
                if key.equals(Keys.llmModelName) { return .model }
                if key.equals(Keys.llmInvocationParameters) { return .parameters }
            case UInt8(ascii: "r") where self == .retriever:
                if key.hasPrefix("retrieval.documents.") { return .output }
            case UInt8(ascii: "e") where self == .embedding:
                if key.hasPrefix("embedding.embeddings.") {
                    if key.hasSuffix(".embedding.text") { return .input }
                    if key.hasSuffix(".embedding.vector") { return .output }
                }
                if key.equals(Keys.embeddingModelName) { return .model }
                if key.equals(Keys.embeddingInvocationParameters) { return .parameters }
            case UInt8(ascii: "r") where self == .reranker:
                if key.hasPrefix("reranker.input_documents.") { return .input }
                if key.hasPrefix("reranker.output_documents.") { return .output }
                if key.equals(Keys.rerankerQuery) { return .query }
            default: break
            }
            return nil
        }

        /// Writes the input's (or output's) JSON into `scratch` and returns where it lies:
        /// streamed when the keys are in the helpers' order, else rebuilt through a tree.
        func json(
            _ attributes: UnsafeBufferPointer<Attribute>, input: Bool, _ extras: Extras, into scratch: inout Scratch
        ) -> Range<Int>? {
            let start = scratch.json.bytes.count
            if streamedJSON(attributes, input: input, extras, into: &scratch) { return start..<scratch.json.bytes.count }
            scratch.json.truncate(to: start)
            var inputs = Collector(), outputs = Collector()
            for attribute in attributes { collect(attribute.key, attribute.value, input: &inputs, output: &outputs) }
            guard let value = input ? self.input(inputs) : output(outputs) else { return nil }
            scratch.json.writeRaw(value.jsonString)
            return start..<scratch.json.bytes.count
        }

        private func streamedJSON(
            _ attributes: UnsafeBufferPointer<Attribute>, input: Bool, _ extras: Extras, into scratch: inout Scratch
        ) -> Bool {
            scratch.json.beginObject()
            let list = UnsafeBufferPointer(rebasing: attributes[(input ? extras.inputList : extras.outputList).range])
            switch (self, input) {
            case (.embedding, _):
                scratch.json.key(input ? "input" : "embeddings")
                guard Self.writeLeaves(list, vectors: !input, into: &scratch.json) else { return false }
            default:
                guard let prefix = input ? lists.input : lists.output else { return false }
                scratch.json.key(self == .llm ? "messages" : "documents")
                guard scratch.list.write(list, prefix: prefix, into: &scratch.json) else { return false }
            }
            if input {
                if let query = extras.query { scratch.json.key("query"); scratch.json.write(attributes[query].value) }
                if let model = extras.model { scratch.json.key("model"); scratch.json.write(attributes[model].value) }
                if let position = extras.parameters, case .string(let text) = attributes[position].value,
                    case .object(let parameters)? = try? JSONParser.parse(text) {
                    for name in parameters.keys.sorted() where !["messages", "model", "input", "query", "documents"].contains(name) {
                        scratch.json.key(name)
                        scratch.json.write(parameters[name]!)
                    }
                }
            }
            scratch.json.endObject()
            return true
        }

        /// The texts (or vectors) of `embedding.embeddings.{i}.embedding.*` as an array, in
        /// increasing index; false otherwise.
        private static func writeLeaves(_ attributes: UnsafeBufferPointer<Attribute>, vectors: Bool, into writer: inout JSONWriter) -> Bool {
            writer.beginArray()
            var last = -1
            let prefix: StaticString = "embedding.embeddings."
            for attribute in attributes where attribute.key.hasUTF8Prefix(prefix)
                && (vectors ? attribute.key.hasUTF8Suffix(".embedding.vector") : attribute.key.hasUTF8Suffix(".embedding.text")) {
                let key = attribute.key
                let start = key.utf8.index(key.utf8.startIndex, offsetBy: prefix.utf8CodeUnitCount)
                guard let dot = key.utf8[start...].firstIndex(of: UInt8(ascii: ".")), let index = Int(key[start..<dot]), index > last else { return false }
                last = index
                writer.write(attribute.value)
            }
            writer.endArray()
            return true
        }

        func collect(_ key: String, _ value: AttributeValue, input: inout Collector, output: inout Collector) {
            switch self {
            case .llm:
                if input.add(key, value, under: "llm.input_messages.", as: "messages") { return }
                if output.add(key, value, under: "llm.output_messages.", as: "messages") { return }
                if key == SpanAttributes.llmModelName { input.model = value }
                if key == SpanAttributes.llmInvocationParameters { input.parameters = value }
            case .retriever:
                _ = output.add(key, value, under: "retrieval.documents.", as: "documents")
            case .embedding:
                if key.hasPrefix("embedding.embeddings.") {
                    if key.hasSuffix(".embedding.text") {
                        _ = input.add(key, value, under: "embedding.embeddings.", as: "input")
                    } else if key.hasSuffix(".embedding.vector") {
                        _ = output.add(key, value, under: "embedding.embeddings.", as: "embeddings")
                    }
                } else if key == SpanAttributes.embeddingModelName {
                    input.model = value
                } else if key == SpanAttributes.embeddingInvocationParameters {
                    input.parameters = value
                }
            case .reranker:
                if input.add(key, value, under: "reranker.input_documents.", as: "documents") { return }
                if output.add(key, value, under: "reranker.output_documents.", as: "documents") { return }
                if key == RerankerAttributes.rerankerQuery { input.query = value }
            }
        }

        func input(_ collector: Collector) -> JSONValue? {
            guard !collector.tree.isEmpty else { return nil }
            var members = collector.members()
            if self == .embedding, case .array(let items)? = members["input"] {
                // Each item is `{"text": …}`: the request's input is the texts.
                members["input"] = .array(items.map { $0["text"] ?? .null })
            }
            if let model = collector.model { members["model"] = Self.json(model) }
            if let query = collector.query { members["query"] = Self.json(query) }
            if case .string(let text)? = collector.parameters, case .object(let parameters)? = try? JSONParser.parse(text) {
                for (name, value) in parameters where members[name] == nil { members[name] = value }
            }
            return .object(members)
        }

        func output(_ collector: Collector) -> JSONValue? {
            guard !collector.tree.isEmpty else { return nil }
            var members = collector.members()
            if self == .embedding, case .array(let items)? = members["embeddings"] {
                members["embeddings"] = .array(items.map { $0["vector"] ?? .null })
            }
            return .object(members)
        }

        static func json(_ value: AttributeValue) -> JSONValue {
            switch value {
            case .string(let value): .string(value)
            case .bool(let value): .bool(value)
            case .int(let value): .int(value)
            case .double(let value): .double(value)
            case .stringArray(let values): .array(values.map(JSONValue.string))
            case .boolArray(let values): .array(values.map(JSONValue.bool))
            case .intArray(let values): .array(values.map(JSONValue.int))
            case .doubleArray(let values): .array(values.map(JSONValue.double))
            }
        }
    }

    /// Flattened `prefix.{i}.wrapper.field…` keys rebuilt as nested values, one list per name.
    private struct Collector {
        /// The top-level name (`messages`, `documents`…) → the tree of its list.
        var tree: [String: Node] = [:]
        var model: AttributeValue?
        var parameters: AttributeValue?
        var query: AttributeValue?

        /// Adds `key` when it starts with `prefix`; whether it did.
        mutating func add(_ key: String, _ value: AttributeValue, under prefix: String, as name: String) -> Bool {
            guard key.hasPrefix(prefix) else { return false }
            let path = key.dropFirst(prefix.count).split(separator: ".", omittingEmptySubsequences: false)
            tree[name, default: Node()].insert(path[...], value)
            return true
        }

        func members() -> [String: JSONValue] {
            tree.mapValues { $0.json }
        }
    }

    /// One level of a rebuilt value: numbered children become an array, named ones an object.
    private struct Node {
        var leaf: AttributeValue?
        var children: [Substring: Node] = [:]

        mutating func insert(_ path: ArraySlice<Substring>, _ value: AttributeValue) {
            guard let first = path.first else { leaf = value; return }
            children[first, default: Node()].insert(path.dropFirst(), value)
        }

        /// Wrapper names OpenInference puts inside each list element (`…messages.0.message.role`),
        /// in the order one is chosen when an element has two (a `tool_use` part has
        /// `message_content.type` and `tool_call.*`).
        private static let wrappers: [Substring] = ["message", "message_content", "document", "embedding"]

        var json: JSONValue { json(in: "") }

        /// The value; `list` is the name this node is under (`tool_calls` elements drop their
        /// `tool_call` wrapper, as ``FlatListWriter`` does).
        func json(in list: Substring) -> JSONValue {
            if let leaf, children.isEmpty { return Sources.json(leaf) }
            let indices = children.keys.compactMap { Int($0) }
            if !children.isEmpty, indices.count == children.count {
                // A list: in index order, gaps (a dropped element) closed up.
                return .array(children.sorted { Int($0.key)! < Int($1.key)! }.map { $0.value.unwrapped(hoistingToolCall: list == "tool_calls").json })
            }
            return .object(Dictionary(uniqueKeysWithValues: children.map { name, child in
                // `image.image.url` and the like: one level per name is enough.
                if child.children.count == 1, let inner = child.children[name] { return (String(name), inner.json) }
                // A document's metadata is recorded as JSON text; shown as the object it is.
                if name == "metadata", case .string(let text)? = child.leaf, let object = try? JSONParser.parse(text) {
                    return (String(name), object)
                }
                return (String(name), child.json(in: name))
            }))
        }

        /// A list element's content with its wrapper level's members hoisted into it.
        private func unwrapped(hoistingToolCall: Bool) -> Node {
            let wrappers = hoistingToolCall ? Self.wrappers + ["tool_call"] : Self.wrappers
            guard let name = wrappers.first(where: { children[$0] != nil }), let wrapper = children[name] else { return self }
            var result = self
            result.children[name] = nil
            result.children.merge(wrapper.children) { own, _ in own }
            return result
        }
    }
}
