import Foundation
@testable import SpanKit
import Testing

/// Collects the threads' batches; `@unchecked Sendable` is safe because access goes through `lock`.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [[UUID]] = []
    func append(_ batch: [UUID]) { lock.withLock { stored.append(batch) } }
    var batches: [[UUID]] { lock.withLock { stored } }
}

@Suite struct IDTests {
    /// Ten million ids (one million under ThreadSanitizer, which makes each access ~10× slower).
    static let idCount = ProcessInfo.processInfo.environment["SPANKIT_SANITIZER"] == "thread" ? 1_000_000 : 10_000_000

    /// Eight threads rather than eight Swift tasks: the cooperative pool has one thread per
    /// core, so tasks would share two generators, and this CPU-bound work would starve every
    /// other test of the pool. The test awaits the threads instead of blocking a pool thread.
    @Test func tenMillionIDsFromEightThreadsAreUniqueVersion4UUIDs() async {
        let perThread = Self.idCount / 8
        let results = Results()
        let group = DispatchGroup()
        for _ in 0..<8 {
            group.enter()
            let thread = Thread {
                var ids: [UUID] = []
                ids.reserveCapacity(perThread)
                for _ in 0..<perThread { ids.append(IDGenerator.makeUUID()) }
                results.append(ids)
                group.leave()
            }
            thread.start()
        }
        await withCheckedContinuation { continuation in
            group.notify(queue: .global()) { continuation.resume() }
        }
        let batches = results.batches
        var seen = Set<UUID>(minimumCapacity: Self.idCount)
        var invalid = 0
        for batch in batches {
            for id in batch {
                let bytes = id.uuid
                if bytes.6 >> 4 != 4 || bytes.8 >> 6 != 0b10 { invalid += 1 }
                seen.insert(id)
            }
        }
        #expect(batches.reduce(0) { $0 + $1.count } == Self.idCount)
        #expect(seen.count == Self.idCount)
        #expect(invalid == 0)
    }

    @Test func spanIDsAreVersion4AndRebuiltWhollyFromTheirFirstEightBytes() {
        let local = ThreadLocalState.current()
        var seen = Set<UUID>()
        for _ in 0..<100_000 {
            let id = IDGenerator.makeSpanID(using: local).uuid
            let bytes = id.uuid
            #expect(bytes.6 >> 4 == 4 && bytes.8 >> 6 == 0b10, "valid version 4: \(id)")
            #expect(UUID(otelSpanID: id.otelSpanID) == id)
            #expect(UUID(otelSpanIDHex: id.otelSpanIDHex) == id)
            seen.insert(id)
        }
        #expect(seen.count == 100_000)
    }

    @Test func textFormsMatchFoundation() {
        for _ in 0..<1000 {
            let id = IDGenerator.makeUUID()
            #expect(id.lowercasedString == id.uuidString.lowercased())
            #expect(id.otelTraceIDHex == id.uuidString.lowercased().replacingOccurrences(of: "-", with: ""))
            #expect(id.otelSpanIDHex == String(id.otelTraceIDHex.prefix(16)))
            #expect(UUID(otelTraceIDHex: id.otelTraceIDHex) == id)
        }
    }

    @Test func eightByteSpanIDsMapBackExactly() throws {
        let remote = try #require(UUID(otelSpanIDHex: "00f067aa0ba902b7"))
        // The derived half is pinned: processes of different SpanKit versions must agree on it.
        #expect(remote.lowercasedString == "00f067aa-0ba9-02b7-a0a2-fd348fb6cc8f")
        #expect(remote.otelSpanIDHex == "00f067aa0ba902b7")
        #expect(remote.otelSpanID == 0x00f0_67aa_0ba9_02b7)
        #expect(UUID(otelSpanIDHex: "xyz") == nil)
        #expect(UUID(otelSpanIDHex: "00f067aa0ba902b7ff") == nil)
        #expect(UUID(otelTraceIDHex: "4bf92f3577b34da6a3ce929d0e0e473") == nil)
    }

    @Test func version5UUIDsMatchPythonsUUID5() throws {
        // uuid.uuid5(uuid.NAMESPACE_DNS, "python.org") from Python's documentation.
        let dns = try #require(UUID(uuidString: "6ba7b810-9dad-11d1-80b4-00c04fd430c8"))
        #expect(UUID(version5Namespace: dns, name: "python.org").lowercasedString == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
    }
}
