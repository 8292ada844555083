import Foundation

/// A background thread that runs SpanKit's export work: ``worker`` runs the batch processors'
/// workers (taking and encoding batches) and their deliveries (sending, retrying, waiting for
/// answers); ``compressor`` compresses the next batch meanwhile.
///
/// Why not Swift's cooperative pool: it has one thread per core, and an app busy on all of them
/// (a server under load, or any burst of spans from as many tasks) left the worker's
/// continuations waiting in line behind the app's jobs at every hop of an export — a burst then
/// met a full queue while the machine still had CPU to spare. On its own thread the worker is
/// scheduled by the kernel beside the app's threads instead of behind its jobs, and the CPU it
/// spends compressing never occupies a thread the app's tasks need.
///
/// Two threads for the process, created on first use and never stopped: no processor has to
/// end them, a continuation resumed late (an export cancelled at a shutdown deadline) still finds it,
/// and an idle thread costs only its stack. User exporters do not run here (their code may
/// block); only SpanKit's own non-blocking export code does, and the HTTP client does its
/// blocking socket work on threads of its own.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
final class ExportThread: TaskExecutor, @unchecked Sendable {
    // `jobs` is only touched with `condition` locked; the thread is started once in `init`.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    /// Runs the workers and deliveries.
    static let worker = ExportThread(name: "SpanKit export")
    /// Compresses batches while the worker encodes the next one and the previous one is on
    /// the wire: on a second thread, so the three overlap.
    static let compressor = ExportThread(name: "SpanKit gzip")

    /// - Parameter name: what profilers, debuggers and `top -H` show; at most 15 bytes, the
    ///   limit of a Linux thread name.
    private init(name: String) {
        let thread = Thread { [unowned self] in
            Self.nameCurrentThread(name)
            run()
        }
        // The default stack, as the pool's threads have: encoding a span's JSON values recurses
        // over whatever nesting the app built.
        thread.start()
    }

    /// Gives the calling thread its name in the system.
    ///
    /// On Linux, by writing the thread's `comm` file, as `pthread_setname_np` does (glibc
    /// declares that function only to C code built with `_GNU_SOURCE`). Foundation passes neither
    /// a name given before `start()` nor one set from the new thread on to the system thread,
    /// unless `start()` has already returned in the starting thread: its check races with the
    /// thread it starts, and lost on a loaded machine.
    private static func nameCurrentThread(_ name: String) {
        #if os(Linux)
        let file = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard file >= 0 else { return }  // A name is for people reading profiles; none is no error.
        _ = name.withCString { write(file, $0, strlen($0)) }
        close(file)
        #else
        Thread.current.name = name
        #endif
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Runs jobs in the order they came, forever.
    private func run() -> Never {
        var batch: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            swap(&batch, &jobs)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
            batch.removeAll(keepingCapacity: true)
        }
    }
}

/// Starts SpanKit's own export work on the ``ExportThread`` where the platform supports task
/// executors (everywhere but Apple systems before macOS 15 / iOS 18, which keep the cooperative
/// pool).
enum ExportTask {
    /// Which export thread runs the task.
    enum Lane { case worker, compressor }

    static func start<Success: Sendable>(on lane: Lane = .worker, _ operation: sending @escaping () async -> Success) -> Task<Success, Never> {
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) {
            return Task(executorPreference: lane == .worker ? ExportThread.worker : ExportThread.compressor, operation: operation)
        }
        return Task(operation: operation)
    }
}
