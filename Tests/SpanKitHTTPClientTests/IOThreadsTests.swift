import Foundation
@testable import SpanKitHTTPClient
import Testing

/// The socket client's threads: kept between requests, never shared by two requests at once,
/// and bounded when idle.
@Suite struct IOThreadsTests {
    /// Runs `body` on a thread of `threads` and waits (at most 10 s) for it to finish.
    func runAndWait<Value: Sendable>(on threads: IOThreads, _ body: @escaping @Sendable () -> Value) throws -> Value {
        let result = LockedValue<Value?>(nil)
        let done = DispatchSemaphore(value: 0)
        #expect(threads.run {
            result.withLock { $0 = body() }
            done.signal()
        })
        #expect(done.wait(timeout: .now() + 10) == .success)
        return try #require(result.withLock { $0 })
    }

    /// Waits (at most 10 s) until `condition` holds.
    func waitUntil(_ condition: () -> Bool) -> Bool {
        let end = Date(timeIntervalSinceNow: 10)
        while !condition() {
            if Date() > end { return false }
            usleep(1000)
        }
        return true
    }

    @Test func sequentialJobsRunOnTheSameKeptThread() throws {
        let threads = IOThreads(maximumIdleCount: 2, idleTimeout: 10)
        let first = try runAndWait(on: threads) { ObjectIdentifier(Thread.current) }
        #expect(waitUntil { threads.idleCount == 1 })
        let second = try runAndWait(on: threads) { ObjectIdentifier(Thread.current) }
        #expect(first == second)
        #expect(waitUntil { threads.idleCount == 1 })
    }

    @Test func aBlockedJobNeverHoldsUpTheNextOne() throws {
        let threads = IOThreads(maximumIdleCount: 2, idleTimeout: 10)
        let gate = DispatchSemaphore(value: 0)
        let blockedStarted = DispatchSemaphore(value: 0)
        #expect(threads.run {
            blockedStarted.signal()
            gate.wait()
        })
        #expect(blockedStarted.wait(timeout: .now() + 10) == .success)
        #expect(try runAndWait(on: threads) { 42 } == 42, "runs while the first job is still blocked")
        gate.signal()
        #expect(waitUntil { threads.idleCount == 2 })
    }

    @Test func idleThreadsAreCappedAndEndAfterTheIdleTimeout() throws {
        let threads = IOThreads(maximumIdleCount: 2, idleTimeout: 1)
        let gate = DispatchSemaphore(value: 0)
        let running = DispatchSemaphore(value: 0)
        for _ in 0..<5 {
            #expect(threads.run {
                running.signal()
                gate.wait()
            })
        }
        for _ in 0..<5 { #expect(running.wait(timeout: .now() + 10) == .success, "five jobs at once get five threads") }
        for _ in 0..<5 { gate.signal() }
        #expect(waitUntil { threads.idleCount == 2 })
        #expect(threads.idleCount <= 2)
        #expect(waitUntil { threads.idleCount == 0 }, "idle threads end after the timeout")
        #expect(try runAndWait(on: threads) { 7 } == 7, "a job after that gets a new thread")
    }
}
