import CInferenceKernels

/// How this process's allocator treats large blocks. glibc's malloc gives a block above its
/// mmap threshold (128 KB until a freed block raises it) a mapping of its own and unmaps it
/// on `free`, so a loop that makes the same large buffers on every query pays page faults
/// and zeroed pages each time. Measured on the 10M-item corpus in the explorer, builds
/// alternated: keystroke → screen p50 48.96 / 50.31 ms with the thresholds below, 53.54 /
/// 53.91 ms without.
public enum HeapSettings {
    /// Blocks up to this size come from the heap (glibc's own ceiling for its dynamic threshold).
    public static let mmapThreshold = 32 << 20
    /// Free bytes the heap keeps at its top before returning them to the kernel.
    public static let trimThreshold = 64 << 20

    /// Keeps blocks up to `mmapThreshold` in the heap and up to `trimThreshold` of free heap
    /// for the next ones. False when the allocator refused (it is not glibc's, say).
    @discardableResult
    public static func keepLargeBlocksInHeap() -> Bool {
        semblance_set_heap_thresholds(mmapThreshold, trimThreshold) == 1
    }
}
