import HalfFloat

/// How vector components are stored: 4-byte floats, or IEEE binary16 at half the size.
public enum VectorPrecision: String, Sendable, CaseIterable, CustomStringConvertible {
    case f32
    case f16

    /// Bytes per vector component.
    public var bytesPerComponent: Int { self == .f32 ? 4 : 2 }

    public var description: String { rawValue }

    /// The little-endian blob for `vector` at this precision.
    func blob(_ vector: [Float]) -> [UInt8] {
        switch self {
        case .f32:
            vector.withUnsafeBytes { Array($0) }
        case .f16:
            HalfKernels.encode(vector).withUnsafeBytes { Array($0) }
        }
    }

    /// The floats of a blob at this precision (f16 widened exactly); `nil` if the size is wrong.
    func floats(_ blob: UnsafeRawBufferPointer, dimension: Int) -> [Float]? {
        // Compared by division: a damaged cache's dimension can make the product overflow.
        guard dimension >= 0, blob.count % bytesPerComponent == 0, blob.count / bytesPerComponent == dimension else { return nil }
        switch self {
        case .f32:
            return [Float](unsafeUninitializedCapacity: dimension) { buffer, count in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: blob)
                count = dimension
            }
        case .f16:
            let halves = [UInt16](unsafeUninitializedCapacity: dimension) { buffer, count in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: blob)
                count = dimension
            }
            return HalfKernels.decode(halves)
        }
    }
}
