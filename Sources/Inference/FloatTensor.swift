#if canImport(Glibc)
import Glibc
#endif

/// A read-only tensor of `Float`s, row-major: F32 data straight from a memory map, or
/// F16/BF16 data converted once into memory this tensor owns.
///
/// `@unchecked Sendable`: the values are never written after `init`, and the memory they
/// live in (the map, kept alive by `mappedFile`, or `ownedStorage`) lives as long as the tensor.
public final class FloatTensor: @unchecked Sendable {
    /// The tensor's name in its file.
    public let name: String
    /// Dimensions, outermost first.
    public let shape: [Int]
    /// product(shape).
    public let count: Int
    /// The first of `count` values; valid for the tensor's lifetime.
    let baseAddress: UnsafePointer<Float>

    private let mappedFile: SafeTensorsFile?
    private let ownedStorage: UnsafeMutablePointer<Float>?

    /// A view of F32 values inside `file`'s memory map (which the tensor keeps alive).
    init(name: String, shape: [Int], count: Int, mappedValues: UnsafePointer<Float>, file: SafeTensorsFile) {
        self.name = name
        self.shape = shape
        self.count = count
        self.baseAddress = mappedValues
        self.mappedFile = file
        self.ownedStorage = nil
    }

    /// A tensor owning `count` values written by `fill` into fresh memory.
    init(name: String, shape: [Int], count: Int, fill: (UnsafeMutablePointer<Float>) -> Void) {
        let storage = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
        fill(storage)
        self.name = name
        self.shape = shape
        self.count = count
        self.baseAddress = UnsafePointer(storage)
        self.mappedFile = nil
        self.ownedStorage = storage
    }

    deinit { ownedStorage?.deallocate() }

    /// Hands the pages of a memory-mapped tensor back to the system, once its values have
    /// been copied elsewhere (packed weights): they stop counting as this process's memory.
    /// Reading the values again stays valid (the pages are read from the file again); owned
    /// tensors are left as they are.
    func releaseResidentPages() {
        guard mappedFile != nil, count > 0 else { return }
        let pageSize = UInt(sysconf(Int32(_SC_PAGESIZE)))
        let start = UInt(bitPattern: baseAddress)
        let end = start + UInt(count * MemoryLayout<Float>.stride)
        // Only whole pages inside the tensor: its neighbours may still be in use.
        let first = (start + pageSize - 1) & ~(pageSize - 1)
        let last = end & ~(pageSize - 1)
        guard last > first, let pages = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(pages, Int(last - first), MADV_DONTNEED)
    }

    /// A copy of all values, row-major.
    public var values: [Float] { Array(UnsafeBufferPointer(start: baseAddress, count: count)) }

    /// Calls `body` with the values, row-major, without copying them.
    public func withUnsafeBufferPointer<Result>(_ body: (UnsafeBufferPointer<Float>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(start: baseAddress, count: count))
    }
}
