import Foundation
@_spi(Benchmarks) import SpanKit
#if canImport(Glibc)
import Glibc
#endif

/// Costs of the building blocks, for reading the span figures: what a clock read, a
/// task-local binding, a lock and an allocation cost on this machine, and a span without any
/// processor behind it.
enum Calibration {
    @TaskLocal static var value: Int = 0

    final class Box { var value = 0 }

    static func run(_ plan: Plan, log: (String) -> Void) -> [Row] {
        var rows: [Row] = []
        func add(_ row: Row) {
            rows.append(row)
            log("  " + row.title.padded(46) + formatNanoseconds(row.measurement.median).leftPadded(10)
                + "  (cpu " + formatNanoseconds(row.measurement.cpuMedian) + ")  allocs/op " + formatAllocations(row.measurement.allocations))
        }
        var sink = 0
        if Filter.wants("cal_clock") { add(Row(id: "cal_clock", title: "clock_gettime(CLOCK_MONOTONIC)", measurement: measure(plan) {
            var time = timespec()
            clock_gettime(CLOCK_MONOTONIC, &time)
            sink &+= time.tv_nsec
        })) }
        if Filter.wants("cal_tasklocal") { add(Row(id: "cal_tasklocal", title: "TaskLocal.withValue (sync, no task)", measurement: measure(plan) {
            $value.withValue(1) { sink &+= value }
        })) }
        let lock = NSLock()
        if Filter.wants("cal_lock") { add(Row(id: "cal_lock", title: "NSLock lock + unlock", measurement: measure(plan) {
            lock.lock(); sink &+= 1; lock.unlock()
        })) }
        let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        if Filter.wants("cal_mutex") { add(Row(id: "cal_mutex", title: "pthread_mutex lock + unlock", measurement: measure(plan) {
            pthread_mutex_lock(mutex); sink &+= 1; pthread_mutex_unlock(mutex)
        })) }
        let spin = UnsafeMutablePointer<pthread_spinlock_t>.allocate(capacity: 1)
        spin.initialize(to: 0)
        pthread_spin_init(spin, 0)
        if Filter.wants("cal_spin") { add(Row(id: "cal_spin", title: "pthread_spin lock + unlock", measurement: measure(plan) {
            pthread_spin_lock(spin); sink &+= 1; pthread_spin_unlock(spin)
        })) }
        if Filter.wants("cal_malloc") { add(Row(id: "cal_malloc", title: "class instance allocate + free", measurement: measure(plan) {
            let box = Box()
            blackHole(box)
        })) }
        let bare = Tracer(processor: nil)
        if Filter.wants("cal_start_end_noproc") { add(Row(id: "cal_start_end_noproc", title: "startSpan + end, no processor", measurement: measure(plan) {
            bare.startSpan("chat").end()
        })) }
        if Filter.wants("cal_with_span_noproc") { add(Row(id: "cal_with_span_noproc", title: "withSpan { }, no processor", measurement: measure(plan) {
            bare.withSpan("chat") { _ in }
        })) }
        let noop = Tracer(processor: NoopProcessor())
        if Filter.wants("cal_start_end_noop") { add(Row(id: "cal_start_end_noop", title: "startSpan + end, processor that drops spans", measurement: measure(plan) {
            noop.startSpan("chat").end()
        }, budget: Budget(nanoseconds: 150, allocations: 2))) }
        if Filter.wants("cal_attrs5_noop") { add(Row(id: "cal_attrs5_noop", title: "withSpan + 5 attributes, processor that drops spans", measurement: measure(plan) {
            noop.withSpan("chat-completion", kind: .llm) { span in SpanBenchmarks.setFiveLLMAttributes(span) }
        }, budget: Budget(nanoseconds: 300, allocations: 4))) }
        blackHole(sink)
        return rows
    }
}

/// A processor that forgets every span: spans are freed on the thread that ends them.
final class NoopProcessor: SpanProcessor {
    func onEnd(_ span: Span) {}
    func flush(deadline: ContinuousClock.Instant) async -> PipelineStatistics { PipelineStatistics() }
    func shutdown(deadline: ContinuousClock.Instant) async -> PipelineStatistics { PipelineStatistics() }
}
