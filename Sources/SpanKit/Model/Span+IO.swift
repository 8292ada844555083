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
    ///
    /// Text the app already has in an encoded form — a JSON body it received or will send — is
    /// recorded verbatim with the MIME type given as `mimeType`, instead of as plain text or as
    /// a JSON string that quotes it:
    ///
    /// ```swift
    /// span.setIO(input: requestBody, mimeType: .json)   // recorded as is, application/json
    /// ```
    ///
    /// `mimeType` applies to the `String` values of this call; other values are always JSON.
    public func setIO(input: (any Encodable)? = nil, output: (any Encodable)? = nil, mimeType: MIMEType? = nil) {
        guard storage != nil else { return }
        if let input { setInput(input, textMIMEType: mimeType) }
        if let output { setOutput(output, textMIMEType: mimeType) }
    }

    /// Records the input (see ``setIO(input:output:mimeType:)``).
    func setInput(_ value: any Encodable, textMIMEType: MIMEType? = nil) {
        record(value, side: "input", valueKey: SpanAttributes.inputValue, mimeTypeKey: SpanAttributes.inputMIMEType, textMIMEType: textMIMEType)
    }

    /// Records the output (see ``setIO(input:output:mimeType:)``).
    func setOutput(_ value: any Encodable, textMIMEType: MIMEType? = nil) {
        record(value, side: "output", valueKey: SpanAttributes.outputValue, mimeTypeKey: SpanAttributes.outputMIMEType, textMIMEType: textMIMEType)
    }

    /// Encodes outside the lock, then writes value and MIME type under one lock; the span name
    /// for a diagnostic is read there too, so a successful write takes the lock once.
    private func record(_ value: any Encodable, side: String, valueKey: String, mimeTypeKey: String, textMIMEType: MIMEType?) {
        guard storage != nil else { return }
        let (text, encodedMIMEType, problem) = IOEncoding.encode(value, side: side)
        // A given MIME type labels text the caller passed, never a placeholder or encoded JSON.
        let mimeType = value is String ? textMIMEType?.rawValue ?? encodedMIMEType : encodedMIMEType
        write { state in
            let first = state.setAttribute(valueKey, .string(text))
            let second = state.setAttribute(mimeTypeKey, .string(mimeType))
            return problem.map { Diagnostic(.encodingFailed, "span '\(state.name)': \($0)") } ?? first ?? second
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

    /// The text, its MIME type, and a description of what went wrong, if anything.
    static func encode(_ value: any Encodable, side: String) -> (String, String, String?) {
        if let text = value as? String { return (text, textMIMEType, nil) }
        if case .string(let text)? = value as? JSONValue { return (text, textMIMEType, nil) }
        do {
            var writer = JSONWriter()
            writer.write(try JSONValueEncoder.encode(value))
            let problem = writer.didTruncateNesting
                ? "\(side) nested deeper than \(JSONWriter.maximumDepth) levels; deeper levels recorded as null"
                : nil
            return (writer.string, jsonMIMEType, problem)
        } catch {
            // The value's own description is not used: it may be huge, nest as deeply as the
            // value that failed, or reveal more than the caller meant to record.
            let placeholder = "<\(type(of: value)) could not be encoded as JSON>"
            let problem = "\(side) of type \(type(of: value)) could not be encoded as JSON (\(error)); recorded a placeholder as text"
            return (placeholder, textMIMEType, problem)
        }
    }
}
