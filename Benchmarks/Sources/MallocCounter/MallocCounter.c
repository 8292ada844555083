// Counts allocations by defining malloc and its relatives in the executable. On Linux the
// executable comes first in symbol lookup, so these definitions replace glibc's for the whole
// process (the Swift runtime and Foundation included) and forward to glibc's own entry points
// (__libc_malloc and friends). Counting costs a thread-local increment per allocation; the
// all-threads counter is a relaxed atomic add, switched on only for allocation passes.
#define _GNU_SOURCE
#include "MallocCounter.h"

#if defined(__linux__) && defined(__GLIBC__)
#include <errno.h>
#include <malloc.h>
#include <stddef.h>
#include <stdatomic.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void __libc_free(void *pointer);

static __thread uint64_t thread_allocations __attribute__((tls_model("initial-exec")));
static __thread uint64_t thread_bytes __attribute__((tls_model("initial-exec")));
static atomic_int counting_all;
static atomic_uint_fast64_t all_allocations;

static inline void count(size_t size) {
    thread_allocations += 1;
    thread_bytes += size;
    if (atomic_load_explicit(&counting_all, memory_order_relaxed)) {
        atomic_fetch_add_explicit(&all_allocations, 1, memory_order_relaxed);
    }
}

void *malloc(size_t size) {
    count(size);
    return __libc_malloc(size);
}

void *calloc(size_t count_, size_t size) {
    count(count_ * size);
    return __libc_calloc(count_, size);
}

void *realloc(void *pointer, size_t size) {
    count(size);
    return __libc_realloc(pointer, size);
}

void free(void *pointer) { __libc_free(pointer); }

void *memalign(size_t alignment, size_t size) {
    count(size);
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    count(size);
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **result, size_t alignment, size_t size) {
    if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0) return EINVAL;
    count(size);
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL && size != 0) return ENOMEM;
    *result = pointer;
    return 0;
}

void *valloc(size_t size) {
    count(size);
    return __libc_memalign(4096, size);
}

int mc_is_available(void) { return 1; }
uint64_t mc_thread_allocations(void) { return thread_allocations; }
uint64_t mc_thread_allocated_bytes(void) { return thread_bytes; }
void mc_set_counting_all_threads(int enabled) { atomic_store(&counting_all, enabled); }
uint64_t mc_all_thread_allocations(void) { return atomic_load(&all_allocations); }
uint64_t mc_bytes_in_use(void) {
    struct mallinfo2 info = mallinfo2();
    return (uint64_t)(info.uordblks + info.hblkhd);
}

#else

int mc_is_available(void) { return 0; }
uint64_t mc_thread_allocations(void) { return 0; }
uint64_t mc_thread_allocated_bytes(void) { return 0; }
void mc_set_counting_all_threads(int enabled) { (void)enabled; }
uint64_t mc_all_thread_allocations(void) { return 0; }
uint64_t mc_bytes_in_use(void) { return 0; }

#endif
