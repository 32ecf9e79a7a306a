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
        #expect(codes.code(ofRow: 0) == [0b11] && codes.code(ofRow: 1) == [0b00])
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
        #expect(fromFloats == fromHalves)
    }

    /// The counts the estimate is made of, straight from a row's code and the query's planes:
    /// set bits, and Σ_b 2^b · popcount(code & plane b) — what the whole-code kernel before the
    /// blocked layout summed, so an estimate from them is that kernel's bit for bit.
    static func counts(_ code: [UInt64], _ query: SignCodes.Query, words: Int) -> (ones: UInt32, weighted: UInt32) {
        var ones = 0, weighted = 0
        for w in 0..<words {
            ones += code[w].nonzeroBitCount
            for b in 0..<query.bits { weighted += (code[w] & query.planes[b * words + w]).nonzeroBitCount << b }
        }
        return (UInt32(ones), UInt32(weighted))
    }

    /// Dimensions around the 64-bit words, the 192-bit prefix and its 256-bit neighbours, every
    /// bit depth, 37 rows (a part block): the AVX2 estimates equal the scalar ones exactly, and
    /// the estimate from the counts of each row's whole code (as the whole-code kernel gave it),
    /// also over ranges that start and end inside a block; and all match a Double evaluation of
    /// α · Σ_d q̃_d · (±1) with q̃ the quantized query.
    @Test(arguments: [1, 63, 64, 65, 128, 191, 192, 193, 255, 256, 257, 384, 385, 1024])
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
            let fromCounts = (0..<rows).map { r in
                let (ones, weighted) = Self.counts(codes.code(ofRow: r), planes, words: codes.words)
                return SignCodes.estimate(scale: codes.scales[r], ones: ones, weighted: weighted, query: planes)
            }
            #expect(fast == fromCounts, "bits \(bits)")
            for range in [3..<4, 5..<33, 31..<37, 0..<32, 33..<37] {
                var part = [Float](repeating: .nan, count: range.count)
                part.withUnsafeMutableBufferPointer { codes.estimates(planes, rows: range, into: $0) }
                #expect(part == Array(fromCounts[range]), "bits \(bits) rows \(range)")
            }
            for r in 0..<rows {
                var sum = 0.0, magnitude = 0.0
                let code = codes.code(ofRow: r)
                for d in 0..<dimension {
                    let set = code[d / 64] & (UInt64(1) << UInt64(d % 64)) != 0
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

    /// The AVX2 encoder gives the scalar one's codes and scales bit for bit, over dimensions
    /// that are and are not whole 8-component steps, with and without unit scaling, on zero
    /// rows, rows of exact zeros against a zero centre component, and huge and tiny values;
    /// and each bit is the sign of the row's offset from the centre, as defined. (On a CPU
    /// without AVX2 both calls take the scalar path and only the definition is checked.)
    @Test(arguments: [1, 7, 8, 9, 63, 64, 65, 100, 384, 385, 768])
    func encoderMatchesScalar(dimension: Int) throws {
        var generator = SplitMix64(seed: UInt64(dimension) &+ 101)
        let rows = 41
        var floats = (0..<rows * dimension).map { _ in Float.random(in: -1...1, using: &generator) }
        for d in 0..<dimension { floats[d] = 0 }                                   // a zero row
        for d in 0..<dimension { floats[dimension + d] = Float(d % 3) * 3e30 }     // huge
        for d in 0..<dimension { floats[2 * dimension + d] = Float(d % 5) * -1e-30 } // tiny
        var centre = (0..<dimension).map { _ in Float.random(in: -0.1...0.1, using: &generator) }
        centre[0] = 0
        for normalize in [false, true] {
            let fast = SignCodes.encodedRows(floats, dimension: dimension, centre: centre, normalize: normalize, portable: false)
            let portable = SignCodes.encodedRows(floats, dimension: dimension, centre: centre, normalize: normalize, portable: true)
            #expect(fast.codes == portable.codes, "normalize \(normalize)")
            #expect(fast.scales.map(\.bitPattern) == portable.scales.map(\.bitPattern), "normalize \(normalize)")
            let words = (dimension + 63) / 64
            for r in 3..<rows {
                let row = floats[r * dimension ..< (r + 1) * dimension]
                let norm = normalize ? Float(1 / row.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()) : 1
                for (d, value) in row.enumerated() where abs(value * norm - centre[d]) > 1e-6 {
                    let set = portable.codes[r * words + d / 64] & (UInt64(1) << UInt64(d % 64)) != 0
                    #expect(set == (value * norm - centre[d] >= 0), "row \(r) component \(d)")
                }
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

    /// The stored layout against the definition: every bit of every row read back from the
    /// blocks and tails is the sign of (component − centre), the bytes of the blocks past the
    /// last row and past the code are zero, the sizes are 24 bytes a row in the blocks (whole
    /// blocks of 32) and words − 3 words in the tails; and the parts rebuild the same codes
    /// (as the sidecar does), while parts of the wrong size are refused.
    @Test(arguments: [1, 63, 64, 100, 191, 192, 193, 384, 385, 1024])
    func layoutRoundTrip(dimension: Int) throws {
        var generator = SplitMix64(seed: UInt64(dimension) &+ 99)
        let words = (dimension + 63) / 64
        for rows in [0, 1, 31, 32, 33, 77, 4_200] {
            let floats = (0..<rows * dimension).map { _ in Float.random(in: -1...1, using: &generator) }
            let centre = (0..<dimension).map { _ in Float.random(in: -0.2...0.2, using: &generator) }
            let codes = try #require(SignCodes(storage: .f32(floats), rows: rows, dimension: dimension, normalize: false, centre: centre))
            #expect(codes.blocks.count == (rows + 31) / 32 * 768)
            #expect(codes.tails.count == rows * max(0, words - 3))
            #expect(codes.byteCount == codes.blocks.count + codes.tails.count * 8 + rows * 4)
            for row in Set([0, rows / 2, rows - 1, rows / 3]) where row >= 0 && row < rows {
                let code = codes.code(ofRow: row)
                #expect(code.count == words)
                for d in 0..<words * 64 {
                    let expected = d < dimension && floats[row * dimension + d] - centre[d] >= 0
                    #expect((code[d / 64] >> UInt64(d % 64)) & 1 == (expected ? 1 : 0), "row \(row) bit \(d)")
                }
            }
            // Lanes past the last row, and prefix bytes past a short code, hold nothing.
            for lane in rows ..< codes.blockCount * 32 {
                for j in 0..<24 { #expect(codes.blocks[(lane / 32) * 768 + j * 32 + lane % 32] == 0) }
            }
            if words < 3, rows > 0 {
                for j in words * 8 ..< 24 { #expect(codes.blocks[j * 32] == 0) }
            }
            let rebuilt = SignCodes(rows: rows, dimension: dimension, normalize: false, centre: centre, scales: codes.scales,
                                    blocks: codes.blocks, tails: codes.tails)
            #expect(rebuilt == codes)
            #expect(SignCodes(rows: rows, dimension: dimension, normalize: false, centre: centre, scales: codes.scales,
                              blocks: codes.blocks + [0], tails: codes.tails) == nil)
            #expect(SignCodes(rows: rows + 1, dimension: dimension, normalize: false, centre: centre, scales: codes.scales,
                              blocks: codes.blocks, tails: codes.tails) == nil)
        }
    }
}
