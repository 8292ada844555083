/// The raw form of a value offered as a signal, before its type is decided.
enum SignalInput: Sendable, Hashable {
    /// A Boolean.
    case boolean(Bool)
    /// A number from an integer or floating-point type.
    case number(Double)
    /// Text, typed by its content.
    case text(String)
}

/// A value that ``Span/addSignal(_:_:type:target:)`` accepts: `Bool`, every standard integer and
/// floating-point type, `String`, `Substring` and ``SignalValue``.
///
/// The protocol only marks those types; SpanKit reads their values itself, so conforming a type
/// of your own has no effect (its signals are refused with a diagnostic). Pass what your value
/// stands for instead, such as `verdict == .pass`.
public protocol SignalValueConvertible: Sendable {}

/// What SpanKit reads from a ``SignalValueConvertible`` value. Internal, so that the public
/// protocol adds no member to every standard number type.
protocol SignalInputConvertible {
    var signalInput: SignalInput { get }
}

extension Bool: SignalValueConvertible, SignalInputConvertible {
    var signalInput: SignalInput { .boolean(self) }
}
extension String: SignalValueConvertible, SignalInputConvertible {
    var signalInput: SignalInput { .text(self) }
}
extension Substring: SignalValueConvertible, SignalInputConvertible {
    var signalInput: SignalInput { .text(String(self)) }
}
extension Double: SignalValueConvertible, SignalInputConvertible {
    var signalInput: SignalInput { .number(self) }
}
extension Float: SignalValueConvertible, SignalInputConvertible {
    var signalInput: SignalInput { .number(Double(self)) }
}

/// Integers become `Double`; magnitudes beyond 2^53 lose precision.
extension BinaryInteger {
    var signalInput: SignalInput { .number(Double(self)) }
}
extension Int: SignalValueConvertible, SignalInputConvertible {}
extension Int8: SignalValueConvertible, SignalInputConvertible {}
extension Int16: SignalValueConvertible, SignalInputConvertible {}
extension Int32: SignalValueConvertible, SignalInputConvertible {}
extension Int64: SignalValueConvertible, SignalInputConvertible {}
extension UInt: SignalValueConvertible, SignalInputConvertible {}
extension UInt8: SignalValueConvertible, SignalInputConvertible {}
extension UInt16: SignalValueConvertible, SignalInputConvertible {}
extension UInt32: SignalValueConvertible, SignalInputConvertible {}
extension UInt64: SignalValueConvertible, SignalInputConvertible {}

extension SignalValue: SignalValueConvertible, SignalInputConvertible {
    /// An already typed value keeps its type under auto-detection.
    var signalInput: SignalInput {
        switch self {
        case .boolean(let value): return .boolean(value)
        case .numerical(let value): return .number(value)
        }
    }
}

extension SignalValue {
    /// Types `input` by SpanKit's detection rules, or explains why it cannot be a signal.
    ///
    /// Without an explicit type: a Boolean is boolean; a finite number is numerical; text that
    /// is `true` or `false` (any case, surrounding white space ignored) is boolean; text that
    /// is entirely a finite decimal number (`42`, `-0.5`, `1e3`) is numerical; everything else —
    /// empty text, `NaN`, `inf`, hex such as `0x10`, words such as `success`, and non-finite
    /// numbers — is rejected rather than guessed at.
    ///
    /// With an explicit type the value is converted when it fits: to boolean from `true`/`false`
    /// or the numbers 0 and 1; to numerical from a finite number, decimal text, or a Boolean
    /// (1 or 0). Anything else is rejected.
    static func detect(_ input: SignalInput, as explicitType: SignalType? = nil) -> Result<SignalValue, SignalRejection> {
        switch (input, explicitType) {
        case (.boolean(let value), nil), (.boolean(let value), .boolean?):
            return .success(.boolean(value))
        case (.boolean(let value), .numerical?):
            return .success(.numerical(value ? 1 : 0))
        case (.number(let value), _) where !value.isFinite:
            return .failure(SignalRejection(input: input, requestedType: explicitType, reason: "\(value) is not a finite number"))
        case (.number(let value), nil), (.number(let value), .numerical?):
            return .success(.numerical(value))
        case (.number(let value), .boolean?):
            if value == 0 || value == 1 { return .success(.boolean(value == 1)) }
            return .failure(SignalRejection(input: input, requestedType: explicitType, reason: "\(value) is neither 0 nor 1"))
        case (.text(let text), _):
            return detectText(text, as: explicitType, input: input)
        }
    }

    private static func detectText(_ text: String, as explicitType: SignalType?, input: SignalInput) -> Result<SignalValue, SignalRejection> {
        let trimmed = text.trimmingWhitespace()
        let boolean = parseBoolean(trimmed)
        let number = DecimalText.parse(trimmed)
        switch explicitType {
        case nil:
            if let boolean { return .success(.boolean(boolean)) }
            if let number { return .success(.numerical(number)) }
            return .failure(SignalRejection(
                input: input, requestedType: nil,
                reason: "\"\(text)\" is neither true/false nor a finite decimal number"))
        case .boolean?:
            if let boolean { return .success(.boolean(boolean)) }
            if let number, number == 0 || number == 1 { return .success(.boolean(number == 1)) }
            return .failure(SignalRejection(input: input, requestedType: .boolean, reason: "\"\(text)\" is not true, false, 0 or 1"))
        case .numerical?:
            if let number { return .success(.numerical(number)) }
            if let boolean { return .success(.numerical(boolean ? 1 : 0)) }
            return .failure(SignalRejection(input: input, requestedType: .numerical, reason: "\"\(text)\" is not a finite decimal number"))
        }
    }

    private static func parseBoolean(_ text: Substring) -> Bool? {
        switch text.count {
        case 4 where text.lowercased() == "true": return true
        case 5 where text.lowercased() == "false": return false
        default: return nil
        }
    }
}

/// Why a value was refused as a signal.
struct SignalRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// The value offered.
    let input: SignalInput
    /// The explicit type asked for, if any.
    let requestedType: SignalType?
    /// A human-readable reason.
    let reason: String

    /// The reason, with the requested type when there was one.
    var description: String {
        if let requestedType { return "cannot be a \(requestedType.rawValue) signal: \(reason)" }
        return "cannot be a signal: \(reason)"
    }
}

/// Strict decimal-number text: `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`.
/// `Double(String)` alone would also accept `nan`, `inf` and hexadecimal.
enum DecimalText {
    static func parse(_ text: Substring) -> Double? {
        let bytes = Array(text.utf8)
        var position = 0
        func digits() -> Int {
            let start = position
            while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
                position += 1
            }
            return position - start
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
            position += 1
        }
        var mantissaDigits = digits()
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            mantissaDigits += digits()
        }
        guard mantissaDigits > 0 else { return nil }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard digits() > 0 else { return nil }
        }
        guard position == bytes.count, let value = Double(String(text)), value.isFinite else { return nil }
        return value
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space and newlines.
    func trimmingWhitespace() -> Substring {
        let scalars = String(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return Substring(scalars[first...last])
    }
}
