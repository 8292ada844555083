import Foundation
@testable import SpanKit
import SpanKitTesting

/// Collects diagnostics reported by a tracer.
final class DiagnosticsRecorder: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var items: [Diagnostic] = []

    var handler: DiagnosticHandler { { [self] diagnostic in lock.withLock { items.append(diagnostic) } } }
    var all: [Diagnostic] { lock.withLock { items } }
    func codes() -> [Diagnostic.Code] { all.map(\.code) }
}

/// A tracer wired to an in-memory exporter and a diagnostics recorder, isolated from the
/// process environment unless one is given.
struct TestTracer {
    let tracer: Tracer
    let exporter: InMemoryExporter
    let diagnostics: DiagnosticsRecorder

    init(environment: [String: String] = [:], sampler: Sampler? = nil, limits: SpanLimits? = nil, clock: (any SpanClock)? = nil) {
        let exporter = InMemoryExporter()
        let diagnostics = DiagnosticsRecorder()
        // Through the one configuration entry point, so the environment is applied as at bootstrap.
        self.tracer = SpanKitSystem.makeTracer(SpanKitSystem.Configuration(
            destination: .processor(exporter), onDiagnostic: diagnostics.handler, environment: environment
        ).with(tracer: TracerConfiguration(sampler: sampler, limits: limits, clock: clock)))
        self.exporter = exporter
        self.diagnostics = diagnostics
    }
}

/// A clock tests can move by hand, including backwards.
final class ManualClock: SpanClock, @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var wall: UInt64
    private var monotonic: UInt64

    init(wall: UInt64 = 1_770_397_384_120_000_000, monotonic: UInt64 = 1_000_000) {
        self.wall = wall
        self.monotonic = monotonic
    }

    func wallClockNanoseconds() -> UInt64 { lock.withLock { wall } }
    func monotonicNanoseconds() -> UInt64 { lock.withLock { monotonic } }

    func advance(byNanoseconds delta: Int64) {
        lock.withLock {
            monotonic = UInt64(Int64(monotonic) + delta)
            wall = UInt64(Int64(wall) + delta)
        }
    }

    func stepWallClock(byNanoseconds delta: Int64) { lock.withLock { wall = UInt64(Int64(wall) + delta) } }
}
