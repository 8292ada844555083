import Foundation
/// A JSON document: the values SpanKit accepts as metadata, prompt variables and structured
/// input or output, and the form of a span's JSON object.
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer.
    case int(Int)
    /// A floating-point number; NaN and infinities are written as `null`.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object; serialised with keys in sorted order so output is deterministic.
    case object([String: JSONValue])

    /// The compact JSON text. Levels nested deeper than 256 are written as `null` rather than
    /// risking a stack overflow.
    var jsonString: String {
        var writer = JSONWriter()
        writer.write(self)
        return writer.string
    }

    /// Whether this is an array or an object.
    var isContainer: Bool {
        switch self {
        case .array, .object: return true
        default: return false
        }
    }

    /// The value for `key` when this is an object.
    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }
}

extension JSONValue: ExpressibleByNilLiteral {
    /// `null`.
    public init(nilLiteral: ()) { self = .null }
}
extension JSONValue: ExpressibleByBooleanLiteral {
    /// A Boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
extension JSONValue: ExpressibleByIntegerLiteral {
    /// An integer.
    public init(integerLiteral value: Int) { self = .int(value) }
}
extension JSONValue: ExpressibleByFloatLiteral {
    /// A floating-point number.
    public init(floatLiteral value: Double) { self = .double(value) }
}
extension JSONValue: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    /// A string.
    public init(stringLiteral value: String) { self = .string(value) }
}
extension JSONValue: ExpressibleByArrayLiteral {
    /// An array.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}
extension JSONValue: ExpressibleByDictionaryLiteral {
    /// An object.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension JSONValue: Encodable {
    /// Encodes the value with any `Encoder`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value):
            if value.isFinite { try container.encode(value) } else { try container.encodeNil() }
        case .string(let value): try container.encode(value)
        case .array(let values): try container.encode(values)
        case .object(let members): try container.encode(members)
        }
    }
}

extension JSONValue {
    /// Whether the two values have the same JSON text (``jsonString``): equal, with strings equal
    /// byte for byte (`==` on strings is canonical equivalence, which the text does not follow)
    /// and doubles bit for bit. False, conservatively, past the writer's nesting limit.
    func isIdentical(to other: JSONValue, depth: Int = 0) -> Bool {
        guard depth <= JSONWriter.maximumDepth else { return false }
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let lhs), .bool(let rhs)): return lhs == rhs
        case (.int(let lhs), .int(let rhs)): return lhs == rhs
        case (.double(let lhs), .double(let rhs)): return lhs.bitPattern == rhs.bitPattern
        case (.string(let lhs), .string(let rhs)): return lhs.hasSameUTF8(as: rhs)
        case (.array(let lhs), .array(let rhs)):
            guard lhs.count == rhs.count else { return false }
            for index in lhs.indices where !lhs[index].isIdentical(to: rhs[index], depth: depth + 1) { return false }
            return true
        case (.object(let lhs), .object(let rhs)): return Self.membersAreIdentical(lhs, rhs, depth: depth)
        default: return false
        }
    }

    /// ``isIdentical(to:depth:)`` for the members of two objects. A dictionary holds no two
    /// canonically equivalent keys, so when every key of `lhs` has a byte-identical key in `rhs`
    /// and the counts agree, the key sets are the same bytes.
    static func membersAreIdentical(_ lhs: [String: JSONValue], _ rhs: [String: JSONValue], depth: Int = 0) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (key, value) in lhs {
            guard let index = rhs.index(forKey: key) else { return false }
            let (otherKey, otherValue) = rhs[index]
            guard key.hasSameUTF8(as: otherKey), value.isIdentical(to: otherValue, depth: depth + 1) else { return false }
        }
        return true
    }

    /// The attribute value for this JSON: strings, numbers and Booleans as themselves,
    /// anything structured as its JSON text.
    var attributeValue: AttributeValue {
        switch self {
        case .string(let value): return .string(value)
        case .bool(let value): return .bool(value)
        case .int(let value): return .int(value)
        case .double(let value): return .double(value)
        case .null, .array, .object: return .string(jsonString)
        }
    }
}

extension String {
    /// Whether the two strings are the same bytes (`==` is canonical equivalence). The generic
    /// `utf8.elementsEqual` walks an iterator per byte; this compares the buffers at once.
    func hasSameUTF8(as other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        let compared = utf8.withContiguousStorageIfAvailable { bytes in
            other.utf8.withContiguousStorageIfAvailable { otherBytes in
                bytes.count == 0 || memcmp(bytes.baseAddress!, otherBytes.baseAddress!, bytes.count) == 0
            }
        }
        return (compared ?? nil) ?? utf8.elementsEqual(other.utf8)
    }
}
