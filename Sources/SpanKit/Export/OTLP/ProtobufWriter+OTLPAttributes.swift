/// OTLP `KeyValue` and `AnyValue` encoding of SpanKit attributes.
extension ProtobufWriter {
    private typealias KeyValueField = OTLPSchema.KeyValue
    private typealias Cursor = ProtobufCursor

    /// Writes every attribute as a repeated `KeyValue` field.
    @inline(__always)
    mutating func writeAttributeFields(_ field: Int, _ attributes: Attributes) {
        // In place: iterating the collection would copy (retain and release) every attribute.
        attributes.withUnsafeBufferPointer { buffer in
            for position in buffer.indices { writeKeyValueField(field, key: buffer[position].key, value: buffer[position].value) }
        }
    }

    /// The size of ``writeAttributeFields(_:_:)``'s output.
    @inline(__always)
    static func attributeFieldsSize(_ field: Int, _ attributes: Attributes) -> Int {
        attributes.withUnsafeBufferPointer { buffer in
            var size = 0
            for position in buffer.indices {
                size &+= keyValueFieldSize(field, key: buffer[position].key, value: buffer[position].value)
            }
            return size
        }
    }

    /// Writes one `KeyValue` field. A scalar attribute — nearly all of them — takes a single
    /// reservation for the whole field.
    @inline(__always)
    mutating func writeKeyValueField(_ field: Int, key: String, value: AttributeValue) {
        let keyLength = key.utf8.count
        switch value {
        case .string(let string):
            let length = string.utf8.count
            guard var cursor = beginKeyValueField(field, key: key, keyLength: keyLength, valueSize: Cursor.stringValueSize(length: length))
            else { return }
            cursor.putStringValue(string, length: length)
        case .bool(let bool):
            guard var cursor = beginKeyValueField(field, key: key, keyLength: keyLength, valueSize: Cursor.boolValueSize)
            else { return }
            cursor.putBoolValue(bool)
        case .int(let int):
            guard var cursor = beginKeyValueField(field, key: key, keyLength: keyLength, valueSize: Cursor.intValueSize(int))
            else { return }
            cursor.putIntValue(int)
        case .double(let double):
            guard var cursor = beginKeyValueField(field, key: key, keyLength: keyLength, valueSize: Cursor.doubleValueSize)
            else { return }
            cursor.putDoubleValue(double)
        case .stringArray, .boolArray, .intArray, .doubleArray:
            let valueSize = Self.anyValueSize(value)
            _ = beginKeyValueField(field, key: key, keyLength: keyLength, valueSize: valueSize, reservingValue: false)
            writeArrayValue(value)
        }
    }

    /// Writes one `KeyValue` field whose value is the string with the UTF-8 bytes `utf8`.
    @inline(__always)
    mutating func writeKeyValueField(_ field: Int, key: String, utf8: UnsafeBufferPointer<UInt8>) {
        let keyLength = key.utf8.count
        guard var cursor = beginKeyValueField(field, key: key, keyLength: keyLength, valueSize: Cursor.stringValueSize(length: utf8.count))
        else { return }
        cursor.putLengthDelimitedHeader(OTLPSchema.AnyValue.stringValue, length: utf8.count)
        cursor.putBytes(utf8)
    }

    /// The size of ``writeKeyValueField(_:key:utf8:)``'s output for a string of `length` bytes.
    @inline(__always)
    static func keyValueFieldSize(_ field: Int, key: String, stringLength length: Int) -> Int {
        lengthDelimitedFieldSize(field, length: keyValueSize(keyLength: key.utf8.count, valueSize: Cursor.stringValueSize(length: length)))
    }

    /// The size of ``writeKeyValueField(_:key:value:)``'s output.
    @inline(__always)
    static func keyValueFieldSize(_ field: Int, key: String, value: AttributeValue) -> Int {
        lengthDelimitedFieldSize(field, length: keyValueSize(keyLength: key.utf8.count, valueSize: anyValueSize(value)))
    }

    /// The size of a `KeyValue` message's content.
    @inline(__always)
    private static func keyValueSize(keyLength: Int, valueSize: Int) -> Int {
        let keySize = keyLength > 0 ? lengthDelimitedFieldSize(KeyValueField.key, length: keyLength) : 0
        return keySize &+ lengthDelimitedFieldSize(KeyValueField.value, length: valueSize)
    }

    /// Reserves a `KeyValue` field — with its `AnyValue` content unless `reservingValue` is
    /// false — writes everything before that content and returns the cursor positioned at it.
    @inline(__always)
    private mutating func beginKeyValueField(
        _ field: Int, key: String, keyLength: Int, valueSize: Int, reservingValue: Bool = true
    ) -> ProtobufCursor? {
        let keyValueSize = Self.keyValueSize(keyLength: keyLength, valueSize: valueSize)
        let fieldSize = Self.lengthDelimitedFieldSize(field, length: keyValueSize)
        guard var cursor = reserve(reservingValue ? fieldSize : fieldSize &- valueSize) else { return nil }
        cursor.putLengthDelimitedHeader(field, length: keyValueSize)
        if keyLength > 0 {
            cursor.putLengthDelimitedHeader(KeyValueField.key, length: keyLength)
            cursor.putUTF8(key, count: keyLength)
        }
        cursor.putLengthDelimitedHeader(KeyValueField.value, length: valueSize)
        return cursor
    }

    /// The size of the content of an `AnyValue` message.
    @inline(__always)
    static func anyValueSize(_ value: AttributeValue) -> Int {
        switch value {
        case .string(let string): return Cursor.stringValueSize(length: string.utf8.count)
        case .bool: return Cursor.boolValueSize
        case .int(let int): return Cursor.intValueSize(int)
        case .double: return Cursor.doubleValueSize
        case .stringArray, .boolArray, .intArray, .doubleArray:
            return lengthDelimitedFieldSize(OTLPSchema.AnyValue.arrayValue, length: arrayContentSize(value))
        }
    }

    /// Writes the `array_value` member of an `AnyValue`: an `ArrayValue` holding one scalar
    /// `AnyValue` per element. Arrays are rare, so each element takes its own reservation.
    private mutating func writeArrayValue(_ value: AttributeValue) {
        let field = OTLPSchema.ArrayValue.values
        writeLengthDelimitedHeader(OTLPSchema.AnyValue.arrayValue, length: Self.arrayContentSize(value))
        switch value {
        case .string, .bool, .int, .double:
            break
        case .stringArray(let strings):
            for string in strings {
                let length = string.utf8.count
                let size = Cursor.stringValueSize(length: length)
                guard var cursor = reserve(Self.lengthDelimitedFieldSize(field, length: size)) else { continue }
                cursor.putLengthDelimitedHeader(field, length: size)
                cursor.putStringValue(string, length: length)
            }
        case .boolArray(let bools):
            for bool in bools {
                guard var cursor = reserve(Self.lengthDelimitedFieldSize(field, length: Cursor.boolValueSize)) else { continue }
                cursor.putLengthDelimitedHeader(field, length: Cursor.boolValueSize)
                cursor.putBoolValue(bool)
            }
        case .intArray(let ints):
            for int in ints {
                let size = Cursor.intValueSize(int)
                guard var cursor = reserve(Self.lengthDelimitedFieldSize(field, length: size)) else { continue }
                cursor.putLengthDelimitedHeader(field, length: size)
                cursor.putIntValue(int)
            }
        case .doubleArray(let doubles):
            for double in doubles {
                guard var cursor = reserve(Self.lengthDelimitedFieldSize(field, length: Cursor.doubleValueSize)) else { continue }
                cursor.putLengthDelimitedHeader(field, length: Cursor.doubleValueSize)
                cursor.putDoubleValue(double)
            }
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
            for string in strings {
                size &+= lengthDelimitedFieldSize(field, length: Cursor.stringValueSize(length: string.utf8.count))
            }
        case .boolArray(let bools):
            size = bools.count &* lengthDelimitedFieldSize(field, length: Cursor.boolValueSize)
        case .intArray(let ints):
            for int in ints { size &+= lengthDelimitedFieldSize(field, length: Cursor.intValueSize(int)) }
        case .doubleArray(let doubles):
            size = doubles.count &* lengthDelimitedFieldSize(field, length: Cursor.doubleValueSize)
        }
        return size
    }
}
