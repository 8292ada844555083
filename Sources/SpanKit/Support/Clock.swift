#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Bionic)
import Bionic
#endif

/// A source of time for spans, replaceable in tests.
///
/// A span takes its start from the wall clock and measures its duration on the monotonic
/// clock, so a wall-clock step (NTP, the user changing the time) never yields a negative
/// or distorted duration.
protocol SpanClock: Sendable {
    /// Nanoseconds since the Unix epoch, UTC.
    func wallClockNanoseconds() -> UInt64
    /// Nanoseconds on a clock that never goes backwards.
    func monotonicNanoseconds() -> UInt64
}

/// The system clocks, read through `clock_gettime` (a vDSO call, no system call on Linux).
struct SystemClock: SpanClock {
    /// Creates the system clock.
    init() {}

    /// Nanoseconds since the Unix epoch from `CLOCK_REALTIME`.
    @inline(__always)
    func wallClockNanoseconds() -> UInt64 { Self.read(CLOCK_REALTIME) }

    /// Nanoseconds from `CLOCK_MONOTONIC`.
    @inline(__always)
    func monotonicNanoseconds() -> UInt64 { Self.read(CLOCK_MONOTONIC) }

    @inline(__always)
    static func read(_ clock: clockid_t) -> UInt64 {
        var time = timespec()
        clock_gettime(clock, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }
}
