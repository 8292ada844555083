import Foundation
import OpenInference

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Bionic)
import Bionic
#endif

/// Generates span and trace ids: random UUID version 4 values.
///
/// `UUID()` costs about a microsecond on Linux and a `getrandom` call about 240 ns, which alone
/// would exceed the budget of a whole span. Each thread therefore owns a xoshiro256** generator,
/// seeded once from the system random number generator when the thread makes its first id.
/// Threads never share state, so generation takes no lock and is safe under any concurrency.
/// The ids are unpredictable enough for tracing, but they are not cryptographic secrets.
enum IDGenerator {
    /// A new random UUID version 4 (122 random bits, version and variant bits set).
    @inline(__always)
    static func makeUUID() -> UUID {
        makeID().uuid
    }

    /// A new random UUID version 4 in SpanKit's internal form.
    @inline(__always)
    static func makeID() -> ID128 {
        makeID(using: ThreadLocalState.current())
    }

    /// A new random UUID version 4 from this thread's generator.
    @inline(__always)
    static func makeID(using local: UnsafeMutablePointer<ThreadLocalState>) -> ID128 {
        let high = local.pointee.random.next()
        let low = local.pointee.random.next()
        // Version 4 in the high nibble of byte 6, RFC 4122 variant in the top bits of byte 8.
        return ID128(
            high: (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000,
            low: (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000)
    }

    /// A new span id: a valid UUID version 4 whose first 8 bytes are random (60 bits, the
    /// version nibble set) and whose last 8 are derived from them (see
    /// ``ID128/init(otelSpanID:)``), so the whole id can be rebuilt from its OpenTelemetry form.
    /// A trace id stays fully random: `traceparent` carries all of it.
    @inline(__always)
    static func makeSpanID(using local: UnsafeMutablePointer<ThreadLocalState>) -> ID128 {
        ID128(otelSpanID: (local.pointee.random.next() & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000)
    }
}

/// The xoshiro256** generator (Blackman and Vigna), small and fast with a 2^256 period.
struct Xoshiro256StarStar {
    var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    init<G: RandomNumberGenerator>(seededBy source: inout G) {
        repeat {
            s0 = source.next(); s1 = source.next(); s2 = source.next(); s3 = source.next()
        } while s0 | s1 | s2 | s3 == 0  // the all-zero state is the one fixed point
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        let result = rotate(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotate(s3, 45)
        return result
    }

    @inline(__always)
    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

/// Per-thread state: the id generator and the wall-clock anchor.
struct ThreadLocalState {
    var random: Xoshiro256StarStar
    /// A wall-clock reading and the monotonic reading taken with it; later wall times are
    /// derived from the monotonic clock, so a span start needs one clock read instead of two.
    var anchorWall: UInt64 = 0
    var anchorMonotonic: UInt64 = 0
    /// The last model name `setLLM` inferred a system from, and the answer: an app names the
    /// same model on span after span, and the inference lowercases and copies the name.
    var lastModelName: String?
    var lastModelSystem: LLMSystem?
    /// The last invocation parameters `setLLM` wrote and their JSON text: an app sends the same
    /// parameters on call after call, and writing the text (sorting, number formatting, four
    /// allocations) cost several times comparing them.
    var lastInvocationParameters: [String: JSONValue]?
    var lastInvocationParametersJSON = ""
    /// The storage of an exported span, given back by a batch processor for this thread's
    /// next span to reuse (see `SpanStorage+Reuse.swift`).
    var spareStorage: SpanStorage?

    /// How long an anchor is trusted: wall-clock adjustments (NTP slewing, a manual change)
    /// show up in span times within this interval.
    static let anchorLifetime: UInt64 = 100_000_000

    /// The wall-clock time at monotonic reading `monotonic`.
    @inline(__always)
    mutating func wallTime(atMonotonic monotonic: UInt64) -> UInt64 {
        let age = monotonic &- anchorMonotonic
        if anchorWall == 0 || age >= Self.anchorLifetime {  // also catches monotonic < anchor (wraps)
            anchorWall = SystemClock.read(CLOCK_REALTIME)
            anchorMonotonic = monotonic
            return anchorWall
        }
        return anchorWall &+ age
    }

    /// This thread's state, created on first use; a `pthread` key's destructor frees it when
    /// the thread exits.
    @inline(__always)
    static func current() -> UnsafeMutablePointer<ThreadLocalState> {
        ThreadLocalKey.current()
    }
}

enum ThreadLocalKey {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { raw in
            #if canImport(Darwin)
            let state = raw.assumingMemoryBound(to: ThreadLocalState.self)
            #else
            guard let state = raw?.assumingMemoryBound(to: ThreadLocalState.self) else { return }
            #endif
            state.deinitialize(count: 1)  // releases the cached model name, parameters and spare storage
            state.deallocate()
        }
        precondition(status == 0, "pthread_key_create failed: \(status)")
        return key
    }()

    @inline(__always)
    static func current() -> UnsafeMutablePointer<ThreadLocalState> {
        if let raw = pthread_getspecific(key) {
            return raw.assumingMemoryBound(to: ThreadLocalState.self)
        }
        return makeState()
    }

    @inline(never)
    private static func makeState() -> UnsafeMutablePointer<ThreadLocalState> {
        var system = SystemRandomNumberGenerator()
        let state = UnsafeMutablePointer<ThreadLocalState>.allocate(capacity: 1)
        state.initialize(to: ThreadLocalState(random: Xoshiro256StarStar(seededBy: &system)))
        pthread_setspecific(key, state)
        return state
    }
}

/// What the benchmarks package measures of SpanKit's internals. Not API: visible only to an
/// `@_spi(Benchmarks) import SpanKit`.
@_spi(Benchmarks) public enum BenchmarkAccess {
    /// `IDGenerator.makeUUID()`, measured by the id-generation row.
    @_spi(Benchmarks) public static func makeUUID() -> UUID { IDGenerator.makeUUID() }
    /// The bytes a batch processor's queue allocates per slot: the ended span's reference and
    /// its size estimate.
    @_spi(Benchmarks) public static var queueSlotBytes: Int { MemoryLayout<EndedSpan?>.stride + MemoryLayout<Int>.stride }
    /// The record's JSON span object as text, measured by the JSON encoding rows.
    @_spi(Benchmarks) public static func jsonString(of record: SpanRecord) -> String { record.jsonString }
    /// The record's export attributes in the order the encoders write them, for the fixture the
    /// Python reference encodes.
    @_spi(Benchmarks) public static func orderedExportAttributes(of record: SpanRecord) -> [(key: String, value: AttributeValue)] {
        record.exportAttributes.list.map { ($0.key, $0.value) }
    }
}
