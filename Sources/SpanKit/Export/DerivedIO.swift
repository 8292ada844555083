import OpenInference

/// A span's derived `input.value` / `output.value` (see ``DerivedIOAttributes``): where their
/// JSON lies in the derivation's scratch buffer, and whether their MIME types go with them.
/// Ranges rather than strings, so the encoder copies the JSON once, from the buffer it was
/// written into to the request, with no string made per span.
struct DerivedIO {
    var input: Range<Int>?
    var output: Range<Int>?
    /// Whether `input.mime_type` is added (the span recorded none).
    var inputMIMEType = false
    /// Whether `output.mime_type` is added.
    var outputMIMEType = false

    /// Calls `body` with each attribute in order — `input.value`, `input.mime_type`,
    /// `output.value`, `output.mime_type` — the values through `json` as their bytes in `buffer`
    /// (the scratch buffer's bytes), the MIME types through `body`.
    @inline(__always)
    func forEach(
        json buffer: UnsafeBufferPointer<UInt8>, _ body: (_ key: String, _ value: AttributeValue) -> Void,
        json: (_ key: String, _ utf8: UnsafeBufferPointer<UInt8>) -> Void
    ) {
        if let input {
            json(SpanAttributes.inputValue, UnsafeBufferPointer(rebasing: buffer[input]))
            if inputMIMEType { body(SpanAttributes.inputMIMEType, Self.jsonMIMEType) }
        }
        if let output {
            json(SpanAttributes.outputValue, UnsafeBufferPointer(rebasing: buffer[output]))
            if outputMIMEType { body(SpanAttributes.outputMIMEType, Self.jsonMIMEType) }
        }
    }

    private static let jsonMIMEType = AttributeValue.string(MIMEType.json.rawValue)
}
