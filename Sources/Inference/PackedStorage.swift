#if canImport(Glibc)
import Glibc
#endif

/// Memory for a model's packed weights: one anonymous mapping, handed out in pieces.
///
/// One mapping rather than one per matrix so that it can sit on 2 MiB huge pages: in this
/// kind of virtual machine a 4 KiB page fault costs microseconds, and packing MiniLM's
/// 42 MB page by page took 30 ms, on huge pages 6 ms (fewer TLB misses while streaming the
/// weights come with it). Its own pages (not malloc's), so that they go back to the
/// system with the model.
///
/// `@unchecked Sendable`: pieces are handed out by `take` while the model is built, on one
/// thread; after that the storage is never changed, only unmapped when the last user goes.
final class PackedStorage: @unchecked Sendable {
    /// The pieces' alignment: the kernel's aligned loads need 32 bytes; 64 is a cache line.
    private static let alignment = 64
    private static let hugePage = 2 << 20

    private let mapping: UnsafeMutableRawPointer
    private let mappingLength: Int
    private let isMapped: Bool
    private let start: UnsafeMutableRawPointer
    private let capacity: Int
    private var used = 0

    /// Room for pieces of these float counts.
    convenience init(pieces: [Int]) {
        let rounded = pieces.map { ($0 * MemoryLayout<Float>.stride + Self.alignment - 1) / Self.alignment * Self.alignment }
        self.init(byteCount: rounded.reduce(0, +))
    }

    private init(byteCount: Int) {
        capacity = max(byteCount, Self.alignment)
        // A huge-page boundary inside the mapping needs up to one huge page of slack (never
        // touched, so never resident).
        let slack = capacity >= Self.hugePage ? Self.hugePage : 0
        let length = capacity + slack
        if let pages = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), pages != MAP_FAILED {
            mapping = pages
            mappingLength = length
            isMapped = true
            let address = UInt(bitPattern: pages)
            let aligned = slack > 0 ? (address + UInt(slack) - 1) & ~UInt(slack - 1) : address
            start = pages + Int(aligned - address)
            // Asked for, not required: where huge pages are off this is ordinary memory.
            _ = madvise(start, capacity, MADV_HUGEPAGE)
        } else {
            mapping = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: Self.alignment)
            mappingLength = capacity
            isMapped = false
            start = mapping
        }
    }

    deinit {
        if isMapped {
            munmap(mapping, mappingLength)
        } else {
            mapping.deallocate()
        }
    }

    /// The next piece of `count` floats; the pieces asked for in `init`, in any order.
    func take(_ count: Int) -> UnsafeMutablePointer<Float> {
        let bytes = (count * MemoryLayout<Float>.stride + Self.alignment - 1) / Self.alignment * Self.alignment
        precondition(used + bytes <= capacity, "more packed weights than the storage was made for")
        let piece = (start + used).bindMemory(to: Float.self, capacity: count)
        used += bytes
        return piece
    }
}
