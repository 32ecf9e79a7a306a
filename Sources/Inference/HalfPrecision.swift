/// Exact conversions from 16-bit float bit patterns to `Float`.
///
/// Done with integer bit manipulation rather than Swift's `Float16`, which on x86_64 Linux
/// converts through a library call per value; this loop is branch-light and exact.
///
/// Why not `CHalf` (the cache's F16C kernels)? Its API takes `uint16_t *`, which must be
/// 2-byte aligned in C, while a safetensors tensor may start at any byte offset; and this runs
/// once per model load, not per query, so the vector unit would buy nothing worth the copy.
enum HalfPrecision {
    /// The IEEE 754 binary16 value with bit pattern `bits`, widened exactly to `Float`.
    @inline(__always)
    static func floatFromF16(_ bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1F
        let mantissa = UInt32(bits) & 0x3FF
        if exponent == 0x1F {
            // Infinity or NaN: all-ones exponent, mantissa kept (NaN payload preserved).
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        }
        if exponent != 0 {
            // Normal: rebias the exponent from 15 to 127.
            return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
        }
        // Zero or subnormal: mantissa × 2⁻²⁴, exact in Float.
        let magnitude = Float(mantissa) * 0x1p-24
        return sign == 0 ? magnitude : -magnitude
    }

    /// The bfloat16 value with bit pattern `bits`: the upper half of a Float.
    @inline(__always)
    static func floatFromBF16(_ bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }

    /// Converts `count` little-endian F16 values at `source` (any alignment) into `destination`.
    static func convertF16(_ source: UnsafeRawPointer, count: Int, into destination: UnsafeMutablePointer<Float>) {
        for index in 0..<count {
            let bits = UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self))
            destination[index] = floatFromF16(bits)
        }
    }

    /// Converts `count` little-endian BF16 values at `source` (any alignment) into `destination`.
    static func convertBF16(_ source: UnsafeRawPointer, count: Int, into destination: UnsafeMutablePointer<Float>) {
        for index in 0..<count {
            let bits = UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self))
            destination[index] = floatFromBF16(bits)
        }
    }
}
