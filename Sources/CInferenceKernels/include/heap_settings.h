#ifndef SEMBLANCE_HEAP_SETTINGS_H
#define SEMBLANCE_HEAP_SETTINGS_H

#include <stddef.h>

/// Sets glibc malloc's mmap and trim thresholds (mallopt M_MMAP_THRESHOLD, M_TRIM_THRESHOLD):
/// blocks below `mmap_threshold` come from the heap, and the heap keeps up to `trim_threshold`
/// free bytes at its top instead of returning them. Returns 1 when both were set.
int semblance_set_heap_thresholds(size_t mmap_threshold, size_t trim_threshold);

#endif
