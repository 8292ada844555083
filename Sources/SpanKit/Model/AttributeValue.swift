/// A span attribute value: the value types OpenTelemetry allows.
///
/// Arbitrary structured data goes in as a JSON string (see ``JSONValue``), which is how
/// OpenInference carries metadata, invocation parameters and tool schemas.
public enum AttributeValue: Sendable, Hashable {
    /// A UTF-8 string.
    case string(String)
    /// A Boolean.
    case bool(Bool)
    /// A 64-bit signed integer.
    case int(Int)
    /// A double-precision float. NaN and infinities are kept on the OTLP wire; the JSON format
    /// writes them as `null` because JSON has no such numbers.
    case double(Double)
    /// A homogeneous array of strings.
    case stringArray([String])
    /// A homogeneous array of Booleans.
    case boolArray([Bool])
    /// A homogeneous array of integers.
    case intArray([Int])
    /// A homogeneous array of doubles.
    case doubleArray([Double])
}

extension AttributeValue: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    /// Creates a string value from a literal.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension AttributeValue: ExpressibleByIntegerLiteral {
    /// Creates an integer value from a literal.
    public init(integerLiteral value: Int) { self = .int(value) }
}

extension AttributeValue: ExpressibleByFloatLiteral {
    /// Creates a double value from a literal.
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension AttributeValue: ExpressibleByBooleanLiteral {
    /// Creates a Boolean value from a literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension AttributeValue: CustomStringConvertible {
    /// The value as it would read in a log line: strings verbatim, arrays bracketed.
    public var description: String {
        switch self {
        case .string(let value): return value
        case .bool(let value): return String(value)
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .stringArray(let values): return "[" + values.joined(separator: ", ") + "]"
        case .boolArray(let values): return "[" + values.map(String.init).joined(separator: ", ") + "]"
        case .intArray(let values): return "[" + values.map(String.init).joined(separator: ", ") + "]"
        case .doubleArray(let values): return "[" + values.map { String($0) }.joined(separator: ", ") + "]"
        }
    }
}
