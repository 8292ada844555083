import OpenInference
import Testing
@testable import SpanKit

/// The key index large attribute sets use must give exactly the answers of the linear search
/// (and of the `[String: Int]` it replaced): Swift string equality, last writer wins, first
/// position kept, and the count limit applied to new keys only.
struct AttributeKeyIndexTests {
    @Test func rewritingKeysPastTheIndexThresholdReplacesInPlace() {
        var attributes = Attributes()
        for position in 0..<100 { _ = attributes.set("key.\(position)", .int(position), countLimit: .max) }
        for position in stride(from: 0, to: 100, by: 3) {
            let outcome = attributes.set("key.\(position)", .int(-position), countLimit: .max)
            #expect(outcome == .replaced)
        }
        #expect(attributes.count == 100)
        for position in 0..<100 {
            #expect(attributes.list[position].key == "key.\(position)")
            #expect(attributes["key.\(position)"] == .int(position % 3 == 0 ? -position : position))
        }
        #expect(attributes["key.100"] == nil)
    }

    @Test func canonicallyEquivalentKeysAreOneKey() {
        var attributes = Attributes()
        for position in 0..<20 { _ = attributes.set("filler.\(position)", .int(position), countLimit: .max) }
        // U+212A KELVIN SIGN is canonically equivalent to "K"; "é" composed and decomposed too.
        _ = attributes.set("temperature.K", .int(1), countLimit: .max)
        let kelvin = attributes.set("temperature.\u{212A}", .int(2), countLimit: .max)
        #expect(kelvin == .replaced)
        _ = attributes.set("caf\u{E9}", .int(3), countLimit: .max)
        let decomposed = attributes.set("cafe\u{301}", .int(4), countLimit: .max)
        #expect(decomposed == .replaced)
        #expect(attributes.count == 22)
        #expect(attributes["temperature.K"] == .int(2))
        #expect(attributes["caf\u{E9}"] == .int(4))
    }

    /// Below the index threshold the search compares stored key hashes before keys: equivalent
    /// keys must still hash alike there, and keys whose hashes differ never match.
    @Test func smallSetsFindEquivalentKeysThroughTheirHashes() {
        var attributes = Attributes()
        _ = attributes.set("temperature.K", .int(1), countLimit: .max)
        _ = attributes.set("caf\u{E9}", .int(3), countLimit: .max)
        _ = attributes.set("llm.token_count.prompt", .int(5), countLimit: .max)
        #expect(attributes.set("temperature.\u{212A}", .int(2), countLimit: .max) == .replaced)
        #expect(attributes.set("cafe\u{301}", .int(4), countLimit: .max) == .replaced)
        #expect(attributes.set("llm.token_count.promps", .int(6), countLimit: .max) == .inserted)
        #expect(attributes.count == 4)
        #expect(attributes["temperature.K"] == .int(2))
        #expect(attributes["caf\u{E9}"] == .int(4))
        #expect(attributes["llm.token_count.prompt"] == .int(5))
        for attribute in attributes.list { #expect(attribute.keyHash == AttributeKeyIndex.hash(attribute.key)) }
    }

    @Test func theCountLimitDropsNewKeysButNotRewrites() {
        var attributes = Attributes()
        var dropped = 0
        for round in 0..<2 {
            for position in 0..<50 where attributes.set("key.\(position)", .int(round), countLimit: 30) == .droppedByLimit {
                dropped += 1
            }
        }
        #expect(attributes.count == 30)
        #expect(dropped == 40)
        #expect(attributes["key.29"] == .int(1))
        #expect(attributes["key.30"] == nil)
    }

    @Test func removingAKeyKeepsTheOthersFindable() {
        var attributes = Attributes()
        for position in 0..<40 { _ = attributes.set("key.\(position)", .int(position), countLimit: .max) }
        let removed = attributes.remove("key.5"), removedAgain = attributes.remove("key.5")
        #expect(removed && !removedAgain)
        #expect(attributes.count == 39)
        #expect(attributes["key.39"] == .int(39))
        let rewritten = attributes.set("key.6", .int(0), countLimit: .max)
        #expect(rewritten == .replaced)
        #expect(attributes.list[5].key == "key.6")
    }

    @Test func cachedMessageKeysMatchTheBuiltOnes() {
        let cached = MessageKeyCache.keys(.output, count: MessageKeyCache.limit + 5)
        #expect(cached.count == MessageKeyCache.limit)
        for index in [0, 9, 10, MessageKeyCache.limit - 1, MessageKeyCache.limit + 4] {
            let keys = MessageKeyCache.keys(at: index, .output, in: cached)
            let key = MessageKey(.output, index)
            #expect([keys.role, keys.name, keys.content, keys.toolCallID] == [key.role, key.name, key.content, key.toolCallID])
        }
    }
}
