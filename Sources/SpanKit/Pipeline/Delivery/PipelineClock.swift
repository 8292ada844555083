import Foundation

/// The time source of every time-dependent part of the pipeline: the batch schedule, export
/// deadlines, retry backoff, `Retry-After` and spool file stamps.
///
/// Instants are `ContinuousClock.Instant` because the public deadlines of `flush` and
/// `shutdown` are; a test clock starts at the real "now" and moves only when the test says so.
/// `wallClock` is needed for `Retry-After` HTTP dates and spool file names.
protocol PipelineClock: Sendable {
    /// The current monotonic instant.
    var now: ContinuousClock.Instant { get }
    /// The current wall-clock time.
    var wallClock: Date { get }
    /// Suspends until `deadline`; throws `CancellationError` when the task is cancelled first.
    func sleep(until deadline: ContinuousClock.Instant) async throws
}

extension PipelineClock {
    /// Suspends for `duration` from now.
    func sleep(for duration: Duration) async throws {
        try await sleep(until: now + duration)
    }
}

/// The real clocks.
struct SystemPipelineClock: PipelineClock {
    var now: ContinuousClock.Instant { .now }
    var wallClock: Date { Date() }

    func sleep(until deadline: ContinuousClock.Instant) async throws {
        try await Task.sleep(until: deadline, clock: .continuous)
    }
}
