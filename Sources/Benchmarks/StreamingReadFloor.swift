import Dispatch
import Foundation

/// The memory-bandwidth floor of a scan: the time to read the same bytes with nothing else to
/// do (a sum of 64-bit words, one slice per core, as exact search slices its rows), measured in
/// the same run as the scan it is compared with.
public enum StreamingReadFloor {
    /// Seconds to read `bytes` bytes at `base` once, and the words' sum (so the reads stay).
    public static func time(_ base: UnsafeRawPointer, bytes: Int) -> (seconds: Double, sum: UInt64) {
        let slices = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let words = bytes / 8, wordsPerSlice = (words + slices - 1) / slices
        let sums = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: slices)
        sums.initialize(repeating: 0)
        defer { sums.deallocate() }
        nonisolated(unsafe) let results = sums, start = base
        let seconds = TimingStatistics.time {
            DispatchQueue.concurrentPerform(iterations: slices) { slice in
                let first = slice * wordsPerSlice, end = min(words, first + wordsPerSlice)
                guard first < end else { return }
                // Four independent sums: the loads, not an add chain, set the pace.
                var a: UInt64 = 0, b: UInt64 = 0, c: UInt64 = 0, d: UInt64 = 0
                var i = first
                while i + 4 <= end {
                    a &+= start.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
                    b &+= start.loadUnaligned(fromByteOffset: (i + 1) * 8, as: UInt64.self)
                    c &+= start.loadUnaligned(fromByteOffset: (i + 2) * 8, as: UInt64.self)
                    d &+= start.loadUnaligned(fromByteOffset: (i + 3) * 8, as: UInt64.self)
                    i += 4
                }
                while i < end {
                    a &+= start.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
                    i += 1
                }
                results[slice] = a &+ b &+ c &+ d
            }
        }
        return (seconds, sums.reduce(0, &+))
    }
}
