import HalfFloat

/// Finds NaN and infinite components in stored vectors by their bit patterns: an all-ones
/// exponent, in f32 or in binary16. A NaN scores as nothing and an infinity as everything,
/// so such a vector must never be stored, and one found in a file must be reported.
enum NonFiniteComponents {
    /// The index of the first non-finite component of a little-endian blob at `precision`, if any.
    static func first(in blob: UnsafeRawBufferPointer, precision: VectorPrecision) -> Int? {
        switch precision {
        case .f32:
            for index in 0..<blob.count / 4
            where blob.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self) & 0x7F80_0000 == 0x7F80_0000 {
                return index
            }
        case .f16:
            for index in 0..<blob.count / 2
            where blob.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self) & 0x7C00 == 0x7C00 {
                return index
            }
        }
        return nil
    }

    /// Whether every f32 component is finite (NaN and ±inf are not).
    static func allFinite(_ values: UnsafeBufferPointer<Float>) -> Bool {
        // Bitwise OR over "exponent all ones" flags keeps the loop branch-free and vectorizable.
        var any: UInt32 = 0
        for value in values { any |= (value.bitPattern & 0x7F80_0000 == 0x7F80_0000) ? 1 : 0 }
        return any == 0
    }

    /// Whether every binary16 component is finite.
    static func allFinite(_ halves: UnsafeBufferPointer<UInt16>) -> Bool { HalfFinite.allFinite(halves) }

    /// Whether every component of a little-endian blob at `precision` is finite: branch-free
    /// like the two above, and for blobs at any alignment (SQLite's lie inside its pages).
    static func allFinite(_ blob: UnsafeRawBufferPointer, precision: VectorPrecision) -> Bool {
        switch precision {
        case .f32:
            var any: UInt32 = 0
            for index in 0 ..< blob.count / 4 {
                any |= (blob.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self) & 0x7F80_0000 == 0x7F80_0000) ? 1 : 0
            }
            return any == 0
        case .f16:
            var any: UInt16 = 0
            for index in 0 ..< blob.count / 2 {
                any |= (blob.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self) & 0x7C00 == 0x7C00) ? 1 : 0
            }
            return any == 0
        }
    }

    /// "NaN", "+inf" or "-inf" (or the number) for a component, in messages.
    static func describe(_ value: Float) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-inf" : "+inf" }
        return "\(value)"
    }
}
