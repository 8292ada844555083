import Foundation

/// Runs blocking `work` (a child process, a pipe read to its end) on a new thread and awaits
/// its result, so that no thread of Swift concurrency's small shared pool waits on it.
public func onThreadOfItsOwn<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
