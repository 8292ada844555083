import Foundation
@testable import SpanKit

/// Holds SpanKit's export thread, so no batch processor's worker runs until ``open()``: a test
/// that needs the queue in an exact state (what a full queue accepts) ends its spans meanwhile.
final class ExportThreadGate: Sendable {
    private let started = DispatchSemaphore(value: 0)
    private let gate = DispatchSemaphore(value: 0)
    private let holder: Task<Void, Never>

    /// Returns once the export thread is held.
    init() {
        let started = self.started, gate = self.gate
        holder = ExportTask.start { Self.hold(signalling: started, until: gate) }
        Self.wait(for: started)
    }

    /// Lets the export thread go and waits until it is free.
    func open() async {
        gate.signal()
        await holder.value
    }

    private static func hold(signalling started: DispatchSemaphore, until gate: DispatchSemaphore) {
        started.signal()
        gate.wait()
    }

    private static func wait(for semaphore: DispatchSemaphore) { semaphore.wait() }
}
