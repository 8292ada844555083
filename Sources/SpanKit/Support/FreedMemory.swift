#if canImport(Glibc)
import Glibc
#endif

/// Hands memory that was freed back to the operating system, where the allocator keeps it.
///
/// glibc's `malloc` keeps freed memory for reuse: after one multi-megabyte buffer is freed, it
/// raises its threshold for mapping large blocks, so the next batches' encodings come from its
/// heaps and stay resident once freed. A process that exported large spans then holds far more
/// resident memory than the pipeline's byte budget says it uses. `malloc_trim` gives the free
/// pages back. It is looked up at run time, so other C libraries (musl) and Apple systems, whose
/// allocators return large frees on their own, simply skip it.
enum FreedMemory {
    #if canImport(Glibc)
    private typealias Trim = @convention(c) (Int) -> Int32
    /// `malloc_trim`, if the C library has it (nil handle: the default search order).
    private static let trim: Trim? = dlsym(nil, "malloc_trim").map { unsafeBitCast($0, to: Trim.self) }
    #endif

    /// Returns the allocator's free pages to the system; costs a walk over its free lists, so
    /// callers do it after freeing large buffers only.
    static func release() {
        #if canImport(Glibc)
        _ = trim?(0)
        #endif
    }
}
