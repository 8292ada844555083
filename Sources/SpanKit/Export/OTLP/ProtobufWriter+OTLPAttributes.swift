/// OTLP `KeyValue` and `AnyValue` encoding of SpanKit attributes.
extension ProtobufWriter {
    private typealias KeyValueField = OTLPSchema.KeyValue
    private typealias AnyValueField = OTLPSchema.AnyValue

    /// Writes every attribute as a repeated `KeyValue` field.
    @inline(__always)
    mutating func writeAttributeFields(_ field: Int, _ attributes: Attributes) {
        for attribute in attributes { writeKeyValueField(field, key: attribute.key, value: attribute.value) }
    }

    /// The size of ``writeAttributeFields(_:_:)``'s output.
    @inline(__always)
    static func attributeFieldsSize(_ field: Int, _ attributes: Attributes) -> Int {
        var size = 0
        for attribute in attributes { size &+= keyValueFieldSize(field, key: attribute.key, value: attribute.value) }
        return size
    }

    /// Writes one `KeyValue` field.
    @inline(__always)
    mutating func writeKeyValueField(_ field: Int, key: String, value: AttributeValue) {
        let valueSize = Self.anyValueSize(value)
        let keyValueSize = Self.stringFieldSize(KeyValueField.key, key) &+ Self.lengthDelimitedFieldSize(KeyValueField.value, length: valueSize)
        writeLengthDelimitedHeader(field, length: keyValueSize)
        writeStringField(KeyValueField.key, key)
        writeLengthDelimitedHeader(KeyValueField.value, length: valueSize)
        writeAnyValue(value)
    }

    /// The size of ``writeKeyValueField(_:key:value:)``'s output.
    @inline(__always)
    static func keyValueFieldSize(_ field: Int, key: String, value: AttributeValue) -> Int {
        let keyValueSize = stringFieldSize(KeyValueField.key, key) &+ lengthDelimitedFieldSize(KeyValueField.value, length: anyValueSize(value))
        return lengthDelimitedFieldSize(field, length: keyValueSize)
    }

    /// Writes the content of an `AnyValue` message: one member of its oneof.
    mutating func writeAnyValue(_ value: AttributeValue) {
        switch value {
        case .string(let string): writeStringValue(string)
        case .bool(let bool): writeBoolValue(bool)
        case .int(let int): writeIntValue(int)
        case .double(let double): writeDoubleValue(double)
        case .stringArray(let strings):
            writeLengthDelimitedHeader(AnyValueField.arrayValue, length: Self.arrayContentSize(value))
            for string in strings {
                writeLengthDelimitedHeader(OTLPSchema.ArrayValue.values, length: Self.stringValueSize(string))
                writeStringValue(string)
            }
        case .boolArray(let bools):
            writeLengthDelimitedHeader(AnyValueField.arrayValue, length: Self.arrayContentSize(value))
            for bool in bools {
                writeLengthDelimitedHeader(OTLPSchema.ArrayValue.values, length: Self.boolValueSize)
                writeBoolValue(bool)
            }
        case .intArray(let ints):
            writeLengthDelimitedHeader(AnyValueField.arrayValue, length: Self.arrayContentSize(value))
            for int in ints {
                writeLengthDelimitedHeader(OTLPSchema.ArrayValue.values, length: Self.intValueSize(int))
                writeIntValue(int)
            }
        case .doubleArray(let doubles):
            writeLengthDelimitedHeader(AnyValueField.arrayValue, length: Self.arrayContentSize(value))
            for double in doubles {
                writeLengthDelimitedHeader(OTLPSchema.ArrayValue.values, length: Self.doubleValueSize)
                writeDoubleValue(double)
            }
        }
    }

    /// The size of the content of an `AnyValue` message.
    @inline(__always)
    static func anyValueSize(_ value: AttributeValue) -> Int {
        switch value {
        case .string(let string): return stringValueSize(string)
        case .bool: return boolValueSize
        case .int(let int): return intValueSize(int)
        case .double: return doubleValueSize
        case .stringArray, .boolArray, .intArray, .doubleArray:
            return lengthDelimitedFieldSize(AnyValueField.arrayValue, length: arrayContentSize(value))
        }
    }

    /// The size of the content of the `ArrayValue` message for an array value (0 for a scalar).
    static func arrayContentSize(_ value: AttributeValue) -> Int {
        let field = OTLPSchema.ArrayValue.values
        var size = 0
        switch value {
        case .string, .bool, .int, .double:
            break
        case .stringArray(let strings):
            for string in strings { size &+= lengthDelimitedFieldSize(field, length: stringValueSize(string)) }
        case .boolArray(let bools):
            size = bools.count &* lengthDelimitedFieldSize(field, length: boolValueSize)
        case .intArray(let ints):
            for int in ints { size &+= lengthDelimitedFieldSize(field, length: intValueSize(int)) }
        case .doubleArray(let doubles):
            size = doubles.count &* lengthDelimitedFieldSize(field, length: doubleValueSize)
        }
        return size
    }

    // Oneof members are written even when they hold the default value: the oneof's case is
    // information of its own (an empty string is not an unset value).

    @inline(__always)
    private mutating func writeStringValue(_ string: String) {
        let length = string.utf8.count
        writeLengthDelimitedHeader(AnyValueField.stringValue, length: length)
        writeUTF8(string, count: length)
    }

    @inline(__always)
    private static func stringValueSize(_ string: String) -> Int {
        lengthDelimitedFieldSize(AnyValueField.stringValue, length: string.utf8.count)
    }

    @inline(__always)
    private mutating func writeBoolValue(_ bool: Bool) {
        writeTag(AnyValueField.boolValue, .varint)
        writeVarint(bool ? 1 : 0)
    }

    private static var boolValueSize: Int { tagSize(AnyValueField.boolValue) &+ 1 }

    @inline(__always)
    private mutating func writeIntValue(_ int: Int) {
        writeTag(AnyValueField.intValue, .varint)
        // int64: a negative number is its two's complement, ten bytes long.
        writeVarint(UInt64(bitPattern: Int64(int)))
    }

    @inline(__always)
    private static func intValueSize(_ int: Int) -> Int {
        tagSize(AnyValueField.intValue) &+ varintSize(UInt64(bitPattern: Int64(int)))
    }

    @inline(__always)
    private mutating func writeDoubleValue(_ double: Double) {
        writeTag(AnyValueField.doubleValue, .fixed64)
        // The bit pattern keeps NaN payloads, infinities and negative zero exactly.
        writeFixed64(double.bitPattern)
    }

    private static var doubleValueSize: Int { tagSize(AnyValueField.doubleValue) &+ 8 }
}
