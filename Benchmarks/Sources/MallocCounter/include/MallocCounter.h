#ifndef SPANKIT_MALLOC_COUNTER_H
#define SPANKIT_MALLOC_COUNTER_H

#include <stdint.h>

/// Whether this build counts allocations (glibc only).
int mc_is_available(void);

/// Allocations (malloc, calloc, realloc, aligned variants) made by the calling thread so far.
uint64_t mc_thread_allocations(void);

/// Bytes requested by those allocations.
uint64_t mc_thread_allocated_bytes(void);

/// Turns counting of allocations on every thread (one relaxed atomic add each) on or off.
void mc_set_counting_all_threads(int enabled);

/// Allocations made by any thread while counting was on.
uint64_t mc_all_thread_allocations(void);

/// Bytes the allocator currently holds for the program (glibc `mallinfo2().uordblks`).
uint64_t mc_bytes_in_use(void);

#endif
