import Foundation
import OpenInference

extension Span {
    /// Records the operation's input and output as `input.value` / `output.value` with their
    /// MIME types. Pass nil to leave a side unchanged.
    ///
    /// A `String` is stored verbatim as `text/plain`; any other `Encodable` value is stored as
    /// JSON (`application/json`, sorted keys). When a value cannot be encoded — an `encode(to:)`
    /// that throws, a NaN in a `Double`, nesting deeper than 256 levels — a placeholder naming its
    /// type (`<Type could not be encoded as JSON>`) is stored as text instead and an
    /// ``Diagnostic/Code/encodingFailed`` diagnostic is reported; nothing is thrown.
    public func setIO(input: (any Encodable)? = nil, output: (any Encodable)? = nil) {
        guard storage != nil else { return }
        if let input { setInput(input) }
        if let output { setOutput(output) }
    }

    /// Records the input (see ``setIO(input:output:)``).
    public func setInput(_ value: any Encodable) {
        guard storage != nil else { return }
        let (text, mimeType, diagnostic) = IOEncoding.encode(value, side: "input", spanName: name)
        write { state in
            let first = state.setAttribute(SpanAttributes.inputValue, .string(text))
            let second = state.setAttribute(SpanAttributes.inputMIMEType, .string(mimeType))
            return diagnostic ?? first ?? second
        }
    }

    /// Records the output (see ``setIO(input:output:)``).
    public func setOutput(_ value: any Encodable) {
        guard storage != nil else { return }
        let (text, mimeType, diagnostic) = IOEncoding.encode(value, side: "output", spanName: name)
        write { state in
            let first = state.setAttribute(SpanAttributes.outputValue, .string(text))
            let second = state.setAttribute(SpanAttributes.outputMIMEType, .string(mimeType))
            return diagnostic ?? first ?? second
        }
    }

    /// The recorded input text, if any.
    public var inputData: String? { attributes[SpanAttributes.inputValue]?.stringValue }
    /// The recorded output text, if any.
    public var outputData: String? { attributes[SpanAttributes.outputValue]?.stringValue }
}

/// Turns an input or output value into the text and MIME type OpenInference records.
enum IOEncoding {
    static let textMIMEType = "text/plain"
    static let jsonMIMEType = "application/json"

    static func encode(_ value: any Encodable, side: String, spanName: String) -> (String, String, Diagnostic?) {
        if let text = value as? String { return (text, textMIMEType, nil) }
        if case .string(let text)? = value as? JSONValue { return (text, textMIMEType, nil) }
        do {
            var writer = JSONWriter()
            writer.write(try JSONValueEncoder.encode(value))
            let diagnostic = writer.didTruncateNesting
                ? Diagnostic(.encodingFailed, "span '\(spanName)': \(side) nested deeper than \(JSONWriter.maximumDepth) levels; deeper levels recorded as null")
                : nil
            return (writer.string, jsonMIMEType, diagnostic)
        } catch {
            // The value's own description is not used: it may be huge, nest as deeply as the
            // value that failed, or reveal more than the caller meant to record.
            let placeholder = "<\(type(of: value)) could not be encoded as JSON>"
            let diagnostic = Diagnostic(
                .encodingFailed,
                "span '\(spanName)': \(side) of type \(type(of: value)) could not be encoded as JSON (\(error)); recorded a placeholder as text")
            return (placeholder, textMIMEType, diagnostic)
        }
    }
}
