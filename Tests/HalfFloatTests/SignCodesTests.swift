import HalfFloat
import Testing
import TestSupport

/// Sign codes and their popcount estimates: the codes against the definition, the AVX2 kernel
/// against the scalar one (bit for bit), and both against a Double reference of the estimate.
@Suite struct SignCodesTests {
    /// Rows [3, 4] and [0, -2] (made unit: [0.6, 0.8], [0, -1]) around centre [0.5, 0]:
    /// offsets [0.1, 0.8] and [-0.5, -1] → bits 0b11 and 0b00, scales 0.45 and 0.75.
    @Test func handWorkedCodes() throws {
        let codes = try #require(SignCodes(storage: .f32([3, 4, 0, -2]), rows: 2, dimension: 2, normalize: true,
                                           centre: [0.5, 0]))
        #expect(codes.words == 1)
        #expect(codes.codes == [0b11, 0b00])
        #expect(abs(codes.scales[0] - 0.45) < 1e-6)
        #expect(abs(codes.scales[1] - 0.75) < 1e-6)
    }

    /// f16 storage is coded as its f32 values are (widened a chunk at a time).
    @Test func halfStorageGivesTheSameCodes() throws {
        var generator = SplitMix64(seed: 3)
        let rows = 700, dimension = 70
        let floats = HalfKernels.decode(HalfKernels.encode((0..<rows * dimension).map { _ in Float.random(in: -1...1, using: &generator) }))
        let centre = (0..<dimension).map { _ in Float.random(in: -0.1...0.1, using: &generator) }
        let fromFloats = try #require(SignCodes(storage: .f32(floats), rows: rows, dimension: dimension, normalize: true, centre: centre))
        let fromHalves = try #require(SignCodes(storage: .f16(HalfKernels.encode(floats)), rows: rows, dimension: dimension,
                                                normalize: true, centre: centre))
        #expect(fromFloats.codes == fromHalves.codes)
        #expect(fromFloats.scales == fromHalves.scales)
    }

    /// Dimensions around the 64-bit words and 256-bit chunks of the AVX2 loop, every bit depth:
    /// the AVX2 estimates equal the scalar ones exactly, and both match a Double evaluation of
    /// α · Σ_d q̃_d · (±1) with q̃ the quantized query.
    @Test(arguments: [1, 63, 64, 65, 255, 256, 257, 384, 385, 1024])
    func kernelMatchesScalarAndReference(dimension: Int) throws {
        var generator = SplitMix64(seed: UInt64(dimension))
        let rows = 37
        let floats = (0..<rows * dimension).map { _ in Float.random(in: -1...1, using: &generator) }
        let codes = try #require(SignCodes(storage: .f32(floats), rows: rows, dimension: dimension, normalize: false))
        let query = (0..<dimension).map { _ in Float.random(in: -0.3...0.3, using: &generator) }
        for bits in 1...5 {
            let planes = codes.query(query, bits: bits)
            var fast = [Float](repeating: .nan, count: rows)
            fast.withUnsafeMutableBufferPointer { codes.estimates(planes, rows: 0..<rows, into: $0) }
            let portable = codes.portableEstimates(planes)
            #expect(fast == portable, "bits \(bits)")
            for r in 0..<rows {
                var sum = 0.0, magnitude = 0.0
                for d in 0..<dimension {
                    let set = codes.codes[r * codes.words + d / 64] & (UInt64(1) << UInt64(d % 64)) != 0
                    var level = 0
                    for b in 0..<bits where planes.planes[b * codes.words + d / 64] & (UInt64(1) << UInt64(d % 64)) != 0 { level |= 1 << b }
                    let quantized = Double(planes.low) + Double(planes.step) * Double(level)
                    sum += set ? quantized : -quantized
                    magnitude += abs(quantized)
                }
                let reference = Double(codes.scales[r]) * sum
                #expect(abs(Double(portable[r]) - reference) <= 1e-5 * max(1, Double(codes.scales[r]) * magnitude), "row \(r) bits \(bits)")
            }
        }
    }

    /// Each quantized component is within half a step of the query's.
    @Test func queryQuantizationIsWithinHalfAStep() throws {
        let codes = try #require(SignCodes(storage: .f32([Float](repeating: 0.5, count: 100)), rows: 1, dimension: 100, normalize: false))
        var generator = SplitMix64(seed: 11)
        let query = (0..<100).map { _ in Float.random(in: -1...1, using: &generator) }
        let planes = codes.query(query, bits: 4)
        for d in 0..<100 {
            var level = 0
            for b in 0..<4 where planes.planes[b * codes.words + d / 64] & (UInt64(1) << UInt64(d % 64)) != 0 { level |= 1 << b }
            #expect(abs(planes.low + planes.step * Float(level) - query[d]) <= planes.step / 2 + 1e-6)
        }
    }

    @Test func mismatchedShapesAreRefused() {
        #expect(SignCodes(storage: .f32([1, 2, 3]), rows: 2, dimension: 2, normalize: false) == nil)
        #expect(SignCodes(storage: .f32([1, 2]), rows: 1, dimension: 2, normalize: false, centre: [0]) == nil)
    }
}
