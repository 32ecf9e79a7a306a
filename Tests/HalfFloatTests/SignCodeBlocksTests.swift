import HalfFloat
import Testing
import TestSupport

/// The prefix pass of two-stage approximate search: the interleaved blocks and their
/// lookup-table scores against an integer reference computed from the codes' bits, the AVX2
/// kernel against the scalar one, and the selection of the best rows against a sort.
@Suite struct SignCodeBlocksTests {
    private static func codes(rows: Int, dimension: Int, seed: UInt64) throws -> SignCodes {
        var generator = SplitMix64(seed: seed)
        let floats = (0..<rows * dimension).map { _ in Float.random(in: -1...1, using: &generator) }
        return try #require(SignCodes(storage: .f32(floats), rows: rows, dimension: dimension, normalize: false))
    }

    /// Σ_{d < 192} (bit d set ? +q[d] : −q[d]) straight from the code words.
    private static func reference(_ codes: SignCodes, row: Int, _ quantized: [Int8]) -> Int {
        var sum = 0
        for d in 0..<min(192, codes.dimension) {
            let set = codes.codes[row * codes.words + d / 64] & (UInt64(1) << UInt64(d % 64)) != 0
            sum += set ? Int(quantized[d]) : -Int(quantized[d])
        }
        return sum
    }

    /// Dimensions below, at and above the 192-bit prefix, rows not a multiple of 32.
    @Test(arguments: [1, 63, 64, 100, 128, 129, 192, 193, 384])
    func scoresMatchScalarAndReference(dimension: Int) throws {
        let rows = 77
        let codes = try Self.codes(rows: rows, dimension: dimension, seed: UInt64(dimension) + 40)
        let blocks = SignCodeBlocks(codes: codes)
        #expect(blocks.blockCount == 3)
        var generator = SplitMix64(seed: 5)
        let query = blocks.query((0..<dimension).map { _ in Float.random(in: -0.3...0.3, using: &generator) })
        var fast = [Int16](repeating: .min, count: blocks.blockCount * 32)
        fast.withUnsafeMutableBufferPointer { blocks.scores(query, blocks: 0..<blocks.blockCount, into: $0) }
        #expect(fast == blocks.portableScores(query))
        for row in 0..<rows { #expect(Int(fast[row]) == Self.reference(codes, row: row, query.quantized), "row \(row)") }
    }

    /// The largest component becomes ±15, each within half a step; components past the
    /// prefix and non-finite ones count as 0.
    @Test func queryQuantization() throws {
        let blocks = SignCodeBlocks(codes: try Self.codes(rows: 3, dimension: 200, seed: 1))
        var generator = SplitMix64(seed: 8)
        var query = (0..<200).map { _ in Float.random(in: -0.5...0.5, using: &generator) }
        query[7] = .nan
        query[195] = 9  // past the prefix: does not set the scale
        let quantized = blocks.query(query).quantized
        #expect(quantized[7] == 0)
        let largest = query.prefix(192).filter { $0.isFinite }.map { abs($0) }.max() ?? 0
        let step = largest / 15
        #expect(quantized.map { abs(Int($0)) }.max() == 15)
        for d in 0..<192 where d != 7 { #expect(abs(Float(quantized[d]) * step - query[d]) <= step / 2 + 1e-6) }
    }

    /// `best` equals sorting every row by (score desc, row asc), over chunks and threads, also
    /// when all scores tie (a zero query).
    @Test(arguments: [1, 2])
    func bestRowsEqualASort(slices: Int) throws {
        let rows = 9_000
        let codes = try Self.codes(rows: rows, dimension: 192, seed: 77)
        let blocks = SignCodeBlocks(codes: codes)
        var generator = SplitMix64(seed: 9)
        for query in [blocks.query((0..<192).map { _ in Float.random(in: -1...1, using: &generator) }),
                      blocks.query([Float](repeating: 0, count: 192))] {
            let scores = blocks.portableScores(query)
            for count in [1, 50, 700, 8_999] {
                let expected = (0..<rows).sorted { (scores[$0], -$0) > (scores[$1], -$1) }.prefix(count).sorted()
                let chosen = blocks.best(query, count: count, slices: slices)
                #expect(chosen.map { Int($0) } == Array(expected), "count \(count)")
            }
        }
    }
}
