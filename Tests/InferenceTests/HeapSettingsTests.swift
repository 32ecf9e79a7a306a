import Inference
import Testing

/// Large per-query buffers stay in the heap once `HeapSettings` is applied: below the mmap
/// threshold a block is carved from the heap, above it glibc still maps it on its own.
@Suite struct HeapSettingsTests {
    /// Whether glibc gave the block at `pointer` a mapping of its own: the IS_MMAPPED bit
    /// (0x2) of the size word just before a malloc'd block, glibc's chunk layout.
    private func isMappedOnItsOwn(_ pointer: UnsafeMutableRawPointer) -> Bool {
        pointer.load(fromByteOffset: -MemoryLayout<UInt>.size, as: UInt.self) & 0x2 != 0
    }

    @Test func blocksBelowTheThresholdComeFromTheHeapAndLargerOnesAreMapped() {
        #expect(HeapSettings.keepLargeBlocksInHeap())
        let below = UnsafeMutableRawPointer.allocate(byteCount: HeapSettings.mmapThreshold * 3 / 4, alignment: 16)
        let above = UnsafeMutableRawPointer.allocate(byteCount: HeapSettings.mmapThreshold * 2, alignment: 16)
        defer { below.deallocate(); above.deallocate() }
        #expect(!isMappedOnItsOwn(below))
        #expect(isMappedOnItsOwn(above))
    }
}
