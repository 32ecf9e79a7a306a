import Foundation
import HalfFloat
import Testing
import TestSupport

/// binary16 conversions against hand-worked bit patterns and against Swift's own `Float16`.
@Suite struct HalfKernelsConversionTests {
    /// Values whose binary16 patterns are known by hand.
    @Test func knownPatterns() {
        let cases: [(Float, UInt16)] = [
            (0, 0x0000), (-0.0, 0x8000), (1, 0x3C00), (-2, 0xC000), (0.5, 0x3800),
            (65504, 0x7BFF),            // largest finite half
            (65520, 0x7C00),            // halfway to the next binade: ties to even → inf
            (6.103515625e-05, 0x0400),  // 2^-14, smallest normal
            (5.960464477539063e-08, 0x0001),  // 2^-24, smallest subnormal
            (2.9802322387695312e-08, 0x0000), // 2^-25: tie between 0 and 2^-24 → even (0)
            (1.0009765625, 0x3C01),     // 1 + 2^-10
            (1.00048828125, 0x3C00),    // 1 + 2^-11: tie → even (1.0)
            (1.00146484375, 0x3C02),    // 1 + 3·2^-11: tie → even (1 + 2^-9)
            (.infinity, 0x7C00), (-.infinity, 0xFC00),
        ]
        let values = cases.map(\.0)
        #expect(HalfKernels.encode(values) == cases.map(\.1))
        #expect(HalfKernels.Portable.encode(values) == cases.map(\.1))
    }

    @Test func nanStaysNaN() {
        let halves = HalfKernels.encode([.nan]) + HalfKernels.Portable.encode([.nan])
        for half in halves { #expect(half & 0x7C00 == 0x7C00 && half & 0x03FF != 0) }
        #expect(HalfKernels.decode(halves).allSatisfy { $0.isNaN })
    }

    /// Every one of the 65,536 patterns decodes exactly as Swift's `Float16` says,
    /// and re-encodes to itself (NaNs aside), on both paths.
    @Test func allPatternsRoundTrip() {
        let patterns = (0...0xFFFF).map { UInt16($0) }
        let fast = HalfKernels.decode(patterns)
        let portable = HalfKernels.Portable.decode(patterns)
        var mismatches = 0
        for (i, pattern) in patterns.enumerated() {
            let expected = Float(Float16(bitPattern: pattern))
            if expected.isNaN {
                if !fast[i].isNaN || !portable[i].isNaN { mismatches += 1 }
            } else if fast[i].bitPattern != expected.bitPattern || portable[i].bitPattern != expected.bitPattern {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
        let finite = patterns.filter { $0 & 0x7C00 != 0x7C00 }
        let floats = finite.map { Float(Float16(bitPattern: $0)) }
        #expect(HalfKernels.encode(floats) == finite)
        #expect(HalfKernels.Portable.encode(floats) == finite)
    }

    /// Random floats over the whole half range (and beyond) round like Swift's `Float16(_:)`.
    @Test func randomFloatsRoundLikeSwiftFloat16() {
        var generator = SplitMix64(seed: 42)
        let values: [Float] = (0..<200_000).map { _ in
            let magnitude = Float(bitPattern: UInt32(truncatingIfNeeded: generator.next()) & 0x7FFF_FFFF)
            let value = magnitude.isNaN ? 1 : magnitude
            // Keep most of them in or near the half range, where the rounding is interesting.
            return generator.next() % 4 == 0 ? value : Float(bitPattern: 0x3000_0000 &+ UInt32(generator.next() % 0x1800_0000))
        }
        let expected = values.map { Float16($0).bitPattern }
        #expect(HalfKernels.encode(values) == expected)
        #expect(HalfKernels.Portable.encode(values) == expected)
    }
}
