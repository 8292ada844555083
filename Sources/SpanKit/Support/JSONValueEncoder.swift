import Foundation

/// Encodes any `Encodable` value into a ``JSONValue`` with a nesting limit.
///
/// SpanKit does not use Foundation's `JSONEncoder` for inputs and outputs because a deeply
/// nested (or accidentally cyclic, through a class graph) value makes it recurse until the
/// stack overflows and the app crashes; here a value nested deeper than ``maximumDepth`` is an
/// error, which the caller turns into a diagnostic. Leaf types follow `JSONEncoder`'s defaults:
/// `Date` as seconds since 2001 (its own encoding), `Data` as base64, `URL` as its absolute
/// string, `Decimal` as a number; non-finite floating-point values are errors.
struct JSONValueEncoder {
    static let maximumDepth = 256

    enum Failure: Error, CustomStringConvertible {
        case tooDeep(path: String)
        case nonFinite(Double, path: String)

        var description: String {
            switch self {
            case .tooDeep(let path): return "nested deeper than \(JSONValueEncoder.maximumDepth) levels at \(path)"
            case .nonFinite(let value, let path): return "\(value) at \(path) is not a JSON number"
            }
        }
    }

    static func encode(_ value: any Encodable) throws -> JSONValue {
        let root = Node()
        try encodeValue(value, into: root, path: [], depth: 0)
        return root.jsonValue
    }

    /// Encodes `value` into `node`, special-casing the leaf types `JSONEncoder` special-cases.
    static func encodeValue(_ value: any Encodable, into node: Node, path: [any CodingKey], depth: Int) throws {
        guard depth <= maximumDepth else { throw Failure.tooDeep(path: describe(path)) }
        switch value {
        case let data as Data: node.kind = .value(.string(data.base64EncodedString()))
        case let url as URL: node.kind = .value(.string(url.absoluteString))
        case let decimal as Decimal: node.kind = .value(.double(NSDecimalNumber(decimal: decimal).doubleValue))
        case let json as JSONValue: node.kind = .value(json)
        default: try value.encode(to: NodeEncoder(node: node, codingPath: path, depth: depth))
        }
    }

    static func describe(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "the top level" : path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }

    static func number(_ value: Double, path: [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else { throw Failure.nonFinite(value, path: describe(path)) }
        return .double(value)
    }
}

/// A value being built; containers fill it in place, so nested containers share storage.
final class Node {
    enum Kind {
        case empty
        case value(JSONValue)
        case object([String: Node])
        case array([Node])
    }

    var kind: Kind = .empty

    var jsonValue: JSONValue {
        switch kind {
        case .empty: return .object([:])
        case .value(let value): return value
        case .object(let members): return .object(members.mapValues(\.jsonValue))
        case .array(let elements): return .array(elements.map(\.jsonValue))
        }
    }

    func child(forKey key: String) -> Node {
        var members: [String: Node]
        if case .object(let existing) = kind { members = existing } else { members = [:] }
        let child = members[key] ?? Node()
        members[key] = child
        kind = .object(members)
        return child
    }

    func appendChild() -> Node {
        var elements: [Node]
        if case .array(let existing) = kind { elements = existing } else { elements = [] }
        let child = Node()
        elements.append(child)
        kind = .array(elements)
        return child
    }

    var count: Int {
        if case .array(let elements) = kind { return elements.count }
        return 0
    }
}

private struct NodeEncoder: Encoder {
    let node: Node
    let codingPath: [any CodingKey]
    let depth: Int
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.kind {} else { node.kind = .object([:]) }
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath, depth: depth))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.kind {} else { node.kind = .array([]) }
        return UnkeyedContainer(node: node, codingPath: codingPath, depth: depth)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(node: node, codingPath: codingPath, depth: depth)
    }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { String(intValue ?? 0) }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let codingPath: [any CodingKey]
    let depth: Int

    private func set(_ value: JSONValue, _ key: Key) { node.child(forKey: key.stringValue).kind = .value(value) }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(try JSONValueEncoder.number(value, path: codingPath + [key]), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(try JSONValueEncoder.number(Double(value), path: codingPath + [key]), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.int(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(Int(exactly: value).map { .int($0) } ?? .double(Double(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(Int(exactly: value).map { .int($0) } ?? .double(Double(value)), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try JSONValueEncoder.encodeValue(value, into: node.child(forKey: key.stringValue), path: codingPath + [key], depth: depth + 1)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = node.child(forKey: key.stringValue)
        child.kind = .object([:])
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child, codingPath: codingPath + [key], depth: depth + 1))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.child(forKey: key.stringValue)
        child.kind = .array([])
        return UnkeyedContainer(node: child, codingPath: codingPath + [key], depth: depth + 1)
    }

    mutating func superEncoder() -> any Encoder {
        NodeEncoder(node: node.child(forKey: "super"), codingPath: codingPath, depth: depth + 1)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key], depth: depth + 1)
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]
    let depth: Int
    var count: Int { node.count }

    private func append(_ value: JSONValue) { node.appendChild().kind = .value(value) }
    private var nextPath: [any CodingKey] { codingPath + [IndexKey(count)] }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(try JSONValueEncoder.number(value, path: nextPath)) }
    mutating func encode(_ value: Float) throws { append(try JSONValueEncoder.number(Double(value), path: nextPath)) }
    mutating func encode(_ value: Int) throws { append(.int(value)) }
    mutating func encode(_ value: Int8) throws { append(.int(Int(value))) }
    mutating func encode(_ value: Int16) throws { append(.int(Int(value))) }
    mutating func encode(_ value: Int32) throws { append(.int(Int(value))) }
    mutating func encode(_ value: Int64) throws { append(.int(Int(value))) }
    mutating func encode(_ value: UInt) throws { append(Int(exactly: value).map { .int($0) } ?? .double(Double(value))) }
    mutating func encode(_ value: UInt8) throws { append(.int(Int(value))) }
    mutating func encode(_ value: UInt16) throws { append(.int(Int(value))) }
    mutating func encode(_ value: UInt32) throws { append(.int(Int(value))) }
    mutating func encode(_ value: UInt64) throws { append(Int(exactly: value).map { .int($0) } ?? .double(Double(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = nextPath
        try JSONValueEncoder.encodeValue(value, into: node.appendChild(), path: path, depth: depth + 1)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath
        let child = node.appendChild()
        child.kind = .object([:])
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child, codingPath: path, depth: depth + 1))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath
        let child = node.appendChild()
        child.kind = .array([])
        return UnkeyedContainer(node: child, codingPath: path, depth: depth + 1)
    }

    mutating func superEncoder() -> any Encoder {
        let path = nextPath
        return NodeEncoder(node: node.appendChild(), codingPath: path, depth: depth + 1)
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]
    let depth: Int

    private func set(_ value: JSONValue) { node.kind = .value(value) }

    mutating func encodeNil() throws { set(.null) }
    mutating func encode(_ value: Bool) throws { set(.bool(value)) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Double) throws { set(try JSONValueEncoder.number(value, path: codingPath)) }
    mutating func encode(_ value: Float) throws { set(try JSONValueEncoder.number(Double(value), path: codingPath)) }
    mutating func encode(_ value: Int) throws { set(.int(value)) }
    mutating func encode(_ value: Int8) throws { set(.int(Int(value))) }
    mutating func encode(_ value: Int16) throws { set(.int(Int(value))) }
    mutating func encode(_ value: Int32) throws { set(.int(Int(value))) }
    mutating func encode(_ value: Int64) throws { set(.int(Int(value))) }
    mutating func encode(_ value: UInt) throws { set(Int(exactly: value).map { .int($0) } ?? .double(Double(value))) }
    mutating func encode(_ value: UInt8) throws { set(.int(Int(value))) }
    mutating func encode(_ value: UInt16) throws { set(.int(Int(value))) }
    mutating func encode(_ value: UInt32) throws { set(.int(Int(value))) }
    mutating func encode(_ value: UInt64) throws { set(Int(exactly: value).map { .int($0) } ?? .double(Double(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try JSONValueEncoder.encodeValue(value, into: node, path: codingPath, depth: depth + 1)
    }
}
