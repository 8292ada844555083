/// The end-to-end producers' clock: wall and thread CPU time spent in the measured operation,
/// read once per run of `chunk` operations rather than once per operation (a clock read costs
/// about 20 ns, as much as a tenth of the operation).
///
/// A producer yields between runs, so a run never suspends and stays on one thread: the thread
/// CPU clock is the producer's own time. `SwiftOTelPeer` times swift-otel's producers the same
/// way, so the two figures compare.
struct CallerClock: Sendable {
    static let chunk = 64

    var wall: UInt64 = 0
    var cpu: UInt64 = 0

    /// Runs `operation` `count` times, yielding after each run of ``chunk``.
    mutating func run(_ count: Int, _ operation: () -> Void) async {
        var done = 0
        while done < count {
            let end = min(done + Self.chunk, count)
            let wallStart = monotonicNanoseconds(), cpuStart = threadCPUNanoseconds()
            while done < end {
                operation()
                done += 1
            }
            cpu += threadCPUNanoseconds() - cpuStart
            wall += monotonicNanoseconds() - wallStart
            await Task.yield()
        }
    }

    mutating func add(_ other: CallerClock) {
        wall += other.wall
        cpu += other.cpu
    }
}
