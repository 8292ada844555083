import Foundation
@testable import SpanKit

/// An exporter tests can steer: it records batches, can hold exports until released, answers
/// with scripted results, and tracks whether exports ever overlapped.
final class ScriptedExporter: SpanExporter, @unchecked Sendable {
    // All state is guarded by `lock`.
    private let lock = NSLock()
    private var batches: [[SpanRecord]] = []
    private var results: [ExportResult] = []
    private var held = false
    private var heldContinuations: [CheckedContinuation<Void, Never>] = []
    private var active = 0
    private var maxActive = 0
    private var shutDown = false
    private let honorsCancellation: Bool

    init(results: [ExportResult] = [], hold: Bool = false, honorsCancellation: Bool = true) {
        self.results = results
        self.held = hold
        self.honorsCancellation = honorsCancellation
    }

    var exportedBatches: [[SpanRecord]] { lock.withLock { batches } }
    var exportedSpanCount: Int { lock.withLock { batches.reduce(0) { $0 + $1.count } } }
    var maximumConcurrentExports: Int { lock.withLock { maxActive } }
    var isShutDown: Bool { lock.withLock { shutDown } }

    /// Lets every held export (and later ones) proceed.
    func release() {
        let waiting = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            held = false
            defer { heldContinuations.removeAll() }
            return heldContinuations
        }
        for continuation in waiting { continuation.resume() }
    }

    func export(_ spans: [SpanRecord]) async throws {
        lock.withLock {
            active += 1
            maxActive = max(maxActive, active)
            batches.append(spans)
        }
        defer { lock.withLock { active -= 1 } }
        let mustWait = lock.withLock { held }
        if mustWait {
            if honorsCancellation {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in
                        let stillHeld = lock.withLock { () -> Bool in
                            if held && !Task.isCancelled { heldContinuations.append(continuation); return true }
                            return false
                        }
                        if !stillHeld { continuation.resume() }
                    }
                } onCancel: {
                    self.release()
                }
                if Task.isCancelled { throw ExportError(.cancelled, "cancelled") }
            } else {
                await withCheckedContinuation { continuation in
                    let stillHeld = lock.withLock { () -> Bool in
                        if held { heldContinuations.append(continuation); return true }
                        return false
                    }
                    if !stillHeld { continuation.resume() }
                }
            }
        }
        let result = lock.withLock { results.isEmpty ? .success : results.removeFirst() }
        if case .failure(let error) = result { throw error }
    }

    func shutdown() async { lock.withLock { shutDown = true } }
}

/// Polls `condition` until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(30), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}
