import OpenInference

/// The flattened keys of the plain fields of one chat message, `llm.input_messages.{i}.message.role`
/// and its siblings. A class, so that handing one out costs one retain rather than four.
final class MessageKeys: Sendable {
    let role: String
    let name: String
    let content: String
    let toolCallID: String

    init(_ key: MessageKey) {
        role = key.role
        name = key.name
        content = key.content
        toolCallID = key.toolCallID
    }
}

/// The keys of the first ``limit`` messages of each list, built once per process and shared.
///
/// Building a key allocates and writes a string; a conversation span writes two to four per
/// message, and every span of a chat writes the same ones again. A cached key costs a retain
/// instead, and spans holding the same key share one allocation. Positions past ``limit`` (a
/// rare conversation) build their keys per write, so the cache stays bounded (about 2 × 1024 ×
/// 4 strings of some 40 bytes).
enum MessageKeyCache {
    static let limit = 1024

    private struct Lists: Sendable {
        var input: [MessageKeys] = []
        var output: [MessageKeys] = []
    }

    private static let lists = Locked<Lists>.make(Lists())

    /// The keys of positions `0..<min(count, limit)` of `direction`'s list (at least those; a
    /// caller indexes only what it asked for). One lock acquisition per helper call.
    static func keys(_ direction: MessageDirection, count: Int) -> [MessageKeys] {
        lists.withLock { lists in
            switch direction {
            case .input: extend(&lists.input, direction, to: count)
            case .output: extend(&lists.output, direction, to: count)
            }
        }
    }

    private static func extend(_ keys: inout [MessageKeys], _ direction: MessageDirection, to count: Int) -> [MessageKeys] {
        let wanted = Swift.min(count, limit)
        if keys.count < wanted {
            // Grown geometrically, so a conversation that gets longer message by message
            // rebuilds the array a logarithmic number of times.
            let target = Swift.min(limit, Swift.max(wanted, keys.count * 2, 16))
            keys.reserveCapacity(target)
            for index in keys.count..<target { keys.append(MessageKeys(MessageKey(direction, index))) }
        }
        return keys
    }

    /// The keys of message `index`, from `cached` when it reaches that far.
    @inline(__always)
    static func keys(at index: Int, _ direction: MessageDirection, in cached: [MessageKeys]) -> MessageKeys {
        index < cached.count ? cached[index] : MessageKeys(MessageKey(direction, index))
    }
}
