import Foundation

/// Holds each caller until `count` callers have arrived (or `timeout` passed): a server handler
/// that answers only once that many requests wait at the same time proves that they were in
/// flight together, however late a loaded machine started some of them.
///
/// `@unchecked Sendable` is safe because `arrived` is only read and written with `condition`
/// locked; the other stored properties are constants.
public final class ArrivalBarrier: @unchecked Sendable {
    private let condition = NSCondition()
    private var arrived = 0
    private let count: Int
    private let timeout: Duration

    /// A barrier for `count` callers, each waiting at most `timeout`.
    public init(count: Int, timeout: Duration = .seconds(60)) {
        self.count = count
        self.timeout = timeout
    }

    /// Counts this caller and waits until `count` have arrived; false when `timeout` passed first.
    public func arrive() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        arrived += 1
        if arrived >= count {
            condition.broadcast()
            return true
        }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let deadline = Date(timeIntervalSinceNow: seconds)
        while arrived < count {
            if !condition.wait(until: deadline) { return arrived >= count }
        }
        return true
    }
}
