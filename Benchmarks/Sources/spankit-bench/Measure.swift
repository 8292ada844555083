import MallocCounter
import SpanKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Monotonic nanoseconds.
@inline(__always)
func monotonicNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
}

/// CPU time of the calling thread, in nanoseconds: unlike the wall clock, it does not count time
/// the thread spent descheduled, so it stays meaningful on a machine that is not idle.
@inline(__always)
func threadCPUNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
}

/// Keeps a value alive and opaque to the optimiser, so measured work is never removed.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

/// How long and how often each microbenchmark runs.
struct Plan {
    /// Timed rounds; the median and p90 are taken over their per-operation times.
    var rounds: Int
    /// Rough time budget per round, used to pick the operations per round.
    var roundNanoseconds: UInt64
    /// Warm-up time before the first timed round.
    var warmupNanoseconds: UInt64
    /// Calls per round at least (one call may be a whole batch that takes longer than a round).
    var minimumCalls = 16

    static let full = Plan(rounds: 21, roundNanoseconds: 40_000_000, warmupNanoseconds: 150_000_000)
    static let smoke = Plan(rounds: 3, roundNanoseconds: 2_000_000, warmupNanoseconds: 2_000_000)
}

/// One microbenchmark result: per-operation time over rounds, and allocations per operation.
struct Measurement {
    /// Wall-clock nanoseconds per operation, one value per round.
    var nanoseconds: [Double]
    /// The calling thread's CPU nanoseconds per operation, one value per round.
    var cpuNanoseconds: [Double] = []
    /// Allocations per operation made on the calling thread.
    var allocations: Double?
    /// Allocations per operation made by every thread (the processor's worker included).
    var allocationsAllThreads: Double?
    var operationsPerRound: Int

    var median: Double { percentile(0.5) }
    var cpuMedian: Double {
        guard !cpuNanoseconds.isEmpty else { return .nan }
        return cpuNanoseconds.sorted()[cpuNanoseconds.count / 2]
    }
    var p90: Double { percentile(0.9) }
    var minimum: Double { nanoseconds.min() ?? .nan }

    func percentile(_ fraction: Double) -> Double {
        guard !nanoseconds.isEmpty else { return .nan }
        let sorted = nanoseconds.sorted()
        let position = Int((Double(sorted.count - 1) * fraction).rounded())
        return sorted[position]
    }
}

/// Runs `body` (one operation per call) in timed rounds, then once more with allocation
/// counting across threads switched on.
///
/// `@inline(__always)` so every call site gets its own loop with `body` inlined: the loop adds
/// about a nanosecond per operation, no indirect call.
@inline(__always)
func measure(_ plan: Plan, operationsPerCall: Int = 1, _ body: () -> Void) -> Measurement {
    // Calibrate: how many calls fill a round.
    var calls = plan.minimumCalls
    while true {
        let start = monotonicNanoseconds()
        for _ in 0..<calls { body() }
        let elapsed = monotonicNanoseconds() - start
        if elapsed >= plan.roundNanoseconds / 4 || calls >= 1 << 26 {
            let perCall = max(Double(elapsed) / Double(calls), 1)
            calls = max(plan.minimumCalls, Int(Double(plan.roundNanoseconds) / perCall))
            break
        }
        calls *= 4
    }
    let warmupEnd = monotonicNanoseconds() + plan.warmupNanoseconds
    while monotonicNanoseconds() < warmupEnd {
        for _ in 0..<min(calls, 1024) { body() }
    }
    var samples: [Double] = []
    var cpuSamples: [Double] = []
    samples.reserveCapacity(plan.rounds)
    cpuSamples.reserveCapacity(plan.rounds)
    let operations = Double(calls * operationsPerCall)
    for _ in 0..<plan.rounds {
        let cpuStart = threadCPUNanoseconds()
        let start = monotonicNanoseconds()
        for _ in 0..<calls { body() }
        let elapsed = monotonicNanoseconds() - start
        let cpuElapsed = threadCPUNanoseconds() - cpuStart
        samples.append(Double(elapsed) / operations)
        cpuSamples.append(Double(cpuElapsed) / operations)
    }
    // Allocation pass, separate from the timed rounds (the all-threads counter is an atomic).
    var allocations: Double?
    var allThreads: Double?
    if mc_is_available() != 0 {
        let allocationCalls = min(calls, 100_000)
        mc_set_counting_all_threads(1)
        let threadBefore = mc_thread_allocations()
        let allBefore = mc_all_thread_allocations()
        for _ in 0..<allocationCalls { body() }
        let threadAfter = mc_thread_allocations()
        let allAfter = mc_all_thread_allocations()
        mc_set_counting_all_threads(0)
        let count = Double(allocationCalls * operationsPerCall)
        allocations = Double(threadAfter - threadBefore) / count
        allThreads = Double(allAfter - allBefore) / count
    }
    return Measurement(
        nanoseconds: samples, cpuNanoseconds: cpuSamples, allocations: allocations, allocationsAllThreads: allThreads,
        operationsPerRound: calls * operationsPerCall)
}

/// Runs `body` in bursts of `burst` operations into a batch processor: each burst is timed, then
/// (untimed) the processor's queue drains before the next one. A burst of half the default queue
/// never fills it, so every span takes the path a span takes in an application whose exporter
/// keeps up: queued, and exported by the worker running on the other core meanwhile. (Timing a
/// long run instead measures a queue that overflows: spans are then dropped, and the figure
/// swings with the share of dropped spans.)
@inline(__always)
func measureBursts(_ plan: Plan, tracer: Tracer, burst: Int = 1024, _ body: () -> Void) -> Measurement {
    // Bursts are multiples of the batch size (512), so the worker exports every queued span
    // without waiting for its timer; the deadline only guards against a mistake there.
    func drain() {
        let deadline = monotonicNanoseconds() + 10_000_000_000
        while tracer.statistics.pending > 0, monotonicNanoseconds() < deadline { usleep(50) }
    }
    let rounds = plan.rounds == Plan.full.rounds ? 201 : plan.rounds
    // Warm-up bursts.
    for _ in 0..<(plan.rounds == Plan.full.rounds ? 50 : 2) {
        for _ in 0..<burst { body() }
        drain()
    }
    var samples: [Double] = []
    var cpuSamples: [Double] = []
    for _ in 0..<rounds {
        let cpuStart = threadCPUNanoseconds()
        let start = monotonicNanoseconds()
        for _ in 0..<burst { body() }
        let elapsed = monotonicNanoseconds() - start
        let cpuElapsed = threadCPUNanoseconds() - cpuStart
        samples.append(Double(elapsed) / Double(burst))
        cpuSamples.append(Double(cpuElapsed) / Double(burst))
        drain()
    }
    var allocations: Double?
    var allThreads: Double?
    if mc_is_available() != 0 {
        mc_set_counting_all_threads(1)
        let threadBefore = mc_thread_allocations()
        let allBefore = mc_all_thread_allocations()
        for _ in 0..<burst { body() }
        drain()
        let threadAfter = mc_thread_allocations()
        let allAfter = mc_all_thread_allocations()
        mc_set_counting_all_threads(0)
        allocations = Double(threadAfter - threadBefore) / Double(burst)
        allThreads = Double(allAfter - allBefore) / Double(burst)
    }
    return Measurement(
        nanoseconds: samples, cpuNanoseconds: cpuSamples, allocations: allocations, allocationsAllThreads: allThreads,
        operationsPerRound: burst)
}
