import Foundation

/// The components of a row-major vector matrix, as f32 or as binary16 bit patterns: the one
/// storage type the cache loads (`VectorCache.CorpusMatrix`) and search reads
/// (`Embedding.NeighbourSearch`), so a loaded matrix is searched without a conversion.
///
/// It lives here because both of those targets already import HalfFloat (the f16 half of
/// it) and neither may import the other: the cache knows no model, the model no cache.
public enum MatrixStorage: Sendable {
    case f32([Float])
    case f16([UInt16])
    /// Components in a read-only memory map of a file (the cache's matrix sidecar): opening
    /// costs a `mmap`, and pages are read when search first touches them.
    case mapped(MappedComponents)

    /// How many components it holds, whatever the precision.
    public var count: Int {
        switch self {
        case let .f32(values): values.count
        case let .f16(halves): halves.count
        case let .mapped(map): map.count
        }
    }

    /// Whether the components are binary16 bit patterns.
    public var isHalf: Bool {
        switch self {
        case .f32: false
        case .f16: true
        case let .mapped(map): map.isHalf
        }
    }

    @discardableResult
    /// Calls `body` with the f32 components; nil (without calling it) when they are f16.
    public func withFloats<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R? {
        switch self {
        case let .f32(values): return try values.withUnsafeBufferPointer(body)
        case .f16: return nil
        case let .mapped(map):
            guard !map.isHalf else { return nil }
            return try body(UnsafeBufferPointer(start: map.base.assumingMemoryBound(to: Float.self), count: map.count))
        }
    }

    @discardableResult
    /// Calls `body` with the binary16 components; nil (without calling it) when they are f32.
    public func withHalves<R>(_ body: (UnsafeBufferPointer<UInt16>) throws -> R) rethrows -> R? {
        switch self {
        case .f32: return nil
        case let .f16(halves): return try halves.withUnsafeBufferPointer(body)
        case let .mapped(map):
            guard map.isHalf else { return nil }
            return try body(UnsafeBufferPointer(start: map.base.assumingMemoryBound(to: UInt16.self), count: map.count))
        }
    }
}

/// A read-only memory map holding `count` components (f32 or f16) at `base`; unmapped when
/// the last storage using it goes. Never written through, so sharing it between threads is safe.
public final class MappedComponents: @unchecked Sendable {
    public let base: UnsafeRawPointer
    public let count: Int
    public let isHalf: Bool
    private let mapping: UnsafeMutableRawPointer
    private let mappedBytes: Int

    /// Takes over `mapping` (`mappedBytes` long, from `mmap`); the components start `offset` bytes in.
    public init(mapping: UnsafeMutableRawPointer, mappedBytes: Int, offset: Int, count: Int, isHalf: Bool) {
        self.mapping = mapping
        self.mappedBytes = mappedBytes
        self.base = UnsafeRawPointer(mapping + offset)
        self.count = count
        self.isHalf = isHalf
    }

    deinit { munmap(mapping, mappedBytes) }
}
