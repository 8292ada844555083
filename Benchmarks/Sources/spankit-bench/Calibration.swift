import Foundation
import SpanKit
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
                + "  allocs/op " + formatAllocations(row.measurement.allocations))
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
        if Filter.wants("cal_malloc") { add(Row(id: "cal_malloc", title: "class instance allocate + free", measurement: measure(plan) {
            let box = Box()
            blackHole(box)
        })) }
        let bare = Tracer(configuration: TracerConfiguration(environment: [:]), processor: nil)
        if Filter.wants("cal_start_end_noproc") { add(Row(id: "cal_start_end_noproc", title: "startSpan + end, no processor", measurement: measure(plan) {
            bare.startSpan("chat").end()
        })) }
        if Filter.wants("cal_with_span_noproc") { add(Row(id: "cal_with_span_noproc", title: "withSpan { }, no processor", measurement: measure(plan) {
            bare.withSpan("chat") { _ in }
        })) }
        blackHole(sink)
        return rows
    }
}
