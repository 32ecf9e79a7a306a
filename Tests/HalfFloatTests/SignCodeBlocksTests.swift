@testable import HalfFloat
import Testing
import TestSupport

/// The prefix pass of two-stage approximate search: the blocks' lookup-table scores against an
/// integer reference computed from the codes' bits, the AVX2 kernels against the scalar ones,
/// and the selection of the best rows against a sort — from the sampled threshold, from a
/// threshold that was too high (the fallback) and from none, with ties and tiny corpora.
@Suite struct SignCodeBlocksTests {
    private static func codes(rows: Int, dimension: Int, seed: UInt64, duplicates: Bool = false) throws -> SignCodes {
        var generator = SplitMix64(seed: seed)
        var floats = (0..<rows * dimension).map { _ in Float.random(in: -1...1, using: &generator) }
        if duplicates {
            // Every row a copy of one of 40: whole groups of rows tie on every score.
            for row in 40 ..< max(40, rows) {
                let source = Int.random(in: 0..<40, using: &generator)
                for d in 0..<dimension { floats[row * dimension + d] = floats[source * dimension + d] }
            }
        }
        return try #require(SignCodes(storage: .f32(floats), rows: rows, dimension: dimension, normalize: false))
    }

    /// Σ_{d < 192} (bit d set ? +q[d] : −q[d]) straight from the code words.
    private static func reference(_ codes: SignCodes, row: Int, _ quantized: [Int8]) -> Int {
        let code = codes.code(ofRow: row)
        var sum = 0
        for d in 0..<min(192, codes.dimension) {
            let set = code[d / 64] & (UInt64(1) << UInt64(d % 64)) != 0
            sum += set ? Int(quantized[d]) : -Int(quantized[d])
        }
        return sum
    }

    /// (ones) | (weighted << 16) over the first 192 bits of a row's code.
    private static func prefixCounts(_ codes: SignCodes, row: Int, _ planes: SignCodes.Query) -> UInt32 {
        let code = codes.code(ofRow: row)
        var ones = 0, weighted = 0
        for w in 0..<min(3, codes.words) {
            ones += code[w].nonzeroBitCount
            for b in 0..<planes.bits { weighted += (code[w] & planes.planes[b * codes.words + w]).nonzeroBitCount << b }
        }
        return UInt32(ones | weighted << 16)
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

    /// The fused scan keeps exactly the rows (below the last) scoring at or above the threshold,
    /// in row order, with their scores and their prefix counts against the full query; the AVX2
    /// kernel and the scalar one give the same, at every bit depth and for thresholds that keep
    /// all, some and none.
    @Test(arguments: [64, 192, 384])
    func scanKeepsTheRowsAtTheThreshold(dimension: Int) throws {
        let rows = 1_000
        let codes = try Self.codes(rows: rows, dimension: dimension, seed: UInt64(dimension) + 7)
        let blocks = SignCodeBlocks(codes: codes)
        var generator = SplitMix64(seed: 12)
        let raw = (0..<dimension).map { _ in Float.random(in: -0.3...0.3, using: &generator) }
        let query = blocks.query(raw)
        let scores = blocks.portableScores(query)
        for bits in 1...5 {
            let planes = codes.query(raw, bits: bits)
            for threshold: Int16 in [.min, -20, 0, 15, 40, .max] {
                let fast = blocks.scan(query, planes: planes, blocks: 0..<blocks.blockCount, threshold: threshold)
                let portable = blocks.scan(query, planes: planes, blocks: 0..<blocks.blockCount, threshold: threshold, portable: true)
                #expect(fast.rows == portable.rows && fast.scores == portable.scores && fast.prefixCounts == portable.prefixCounts)
                let expected = (0..<rows).filter { scores[$0] >= threshold }
                #expect(fast.rows.map { Int($0) } == expected, "bits \(bits) threshold \(threshold)")
                #expect(fast.scores == expected.map { scores[$0] })
                #expect(fast.prefixCounts == expected.map { Self.prefixCounts(codes, row: $0, planes) })
            }
            // A range of blocks inside the corpus: rows of those blocks only.
            let part = blocks.scan(query, planes: planes, blocks: 5..<9, threshold: .min)
            #expect(part.rows.map { Int($0) } == Array(160..<288))
        }
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

    /// The rows `best` must choose: every row sorted by (score desc, row asc), the first `count`, in row order.
    private static func sorted(_ scores: [Int16], rows: Int, count: Int) -> [Int] {
        (0..<rows).sorted { (scores[$0], -$0) > (scores[$1], -$1) }.prefix(count).sorted()
    }

    /// `best` equals sorting every row by (score desc, row asc), over chunks and threads, also
    /// when all scores tie (a zero query) or whole groups do (duplicated rows), and its prefix
    /// counts are each row's: from the sampled threshold (checked to be in use), from a
    /// threshold so high that too few rows reach it (the fallback), from one that lets nearly
    /// all through (the threshold then rises), and from none.
    @Test(arguments: [1, 2, 3, 7])
    func bestRowsEqualASort(slices: Int) throws {
        for (rows, duplicates) in [(9_000, false), (9_000, true), (2_000, false)] {
            let codes = try Self.codes(rows: rows, dimension: 384, seed: 77, duplicates: duplicates)
            let blocks = SignCodeBlocks(codes: codes)
            var generator = SplitMix64(seed: 9)
            let raws = [(0..<384).map { _ in Float.random(in: -1...1, using: &generator) }, [Float](repeating: 0, count: 384)]
            for raw in raws {
                let query = blocks.query(raw), planes = codes.query(raw, bits: 4)
                let scores = blocks.portableScores(query)
                for count in [1, 50, 180, 700, rows - 1] {
                    let expected = Self.sorted(scores, rows: rows, count: count)
                    let sampled = blocks.sampledThreshold(query, keeping: count, sampleBlocks: 8, slices: slices)
                    if rows == 9_000, count <= 700, raw != raws[1] { #expect(sampled > .min, "the sample is used") }
                    // A threshold only a few rows reach, so the scan must start again.
                    let tooHigh = Self.sorted(scores, rows: rows, count: max(1, count / 3)).map { scores[$0] }.max() ?? .max
                    for start: Int16? in [nil, .min, tooHigh, .max, -3000] {
                        let chosen = blocks.best(query, planes: planes, count: count, slices: slices, sampleBlocks: 8,
                                                 startingThreshold: start)
                        #expect(chosen.rows.map { Int($0) } == expected, "rows \(rows) count \(count) start \(String(describing: start))")
                        #expect(chosen.scores == expected.map { scores[$0] })
                        #expect(chosen.prefixCounts == expected.map { Self.prefixCounts(codes, row: $0, planes) })
                    }
                }
            }
        }
    }

    /// A corpus smaller than eight default samples is sampled on an eighth of its blocks, down
    /// to 64 (20,000 rows: 78 blocks), and the rows chosen from that threshold are still the
    /// sort's; below that (10,000 rows) there is no sampled threshold.
    @Test func smallerCorporaAreSampledOnAnEighthOfTheirBlocks() throws {
        for (rows, sampled) in [(20_000, true), (10_000, false)] {
            let codes = try Self.codes(rows: rows, dimension: 384, seed: 5)
            let blocks = SignCodeBlocks(codes: codes)
            var generator = SplitMix64(seed: 3)
            let raw = (0..<384).map { _ in Float.random(in: -1...1, using: &generator) }
            let query = blocks.query(raw), planes = codes.query(raw, bits: 4)
            let scores = blocks.portableScores(query)
            for count in [40, 400] {
                let threshold = blocks.sampledThreshold(query, keeping: count, sampleBlocks: SignCodeBlocks.defaultSampleBlocks, slices: 2)
                #expect((threshold > .min) == sampled, "rows \(rows) count \(count)")
                let chosen = blocks.best(query, planes: planes, count: count, slices: 2)
                #expect(chosen.rows.map { Int($0) } == Self.sorted(scores, rows: rows, count: count), "rows \(rows) count \(count)")
            }
        }
    }

    /// Tiny corpora and counts of all the rows or more: every row, in order; no rows: nothing.
    @Test func tinyCorporaAndCountsBeyondTheRows() throws {
        for rows in [1, 5, 31, 32, 33] {
            let codes = try Self.codes(rows: rows, dimension: 384, seed: UInt64(rows))
            let blocks = SignCodeBlocks(codes: codes)
            let raw = (0..<384).map { Float($0 % 7) - 3 }
            let query = blocks.query(raw), planes = codes.query(raw, bits: 4)
            let scores = blocks.portableScores(query)
            for count in [1, rows, rows + 1, 1_000] {
                let chosen = blocks.best(query, planes: planes, count: count, slices: 2, sampleBlocks: 1)
                #expect(chosen.rows.map { Int($0) } == Self.sorted(scores, rows: rows, count: count), "rows \(rows) count \(count)")
            }
        }
        let empty = SignCodeBlocks(codes: try Self.codes(rows: 0, dimension: 384, seed: 1))
        let raw = [Float](repeating: 1, count: 384)
        #expect(empty.best(empty.query(raw), planes: empty.codes.query(raw, bits: 4), count: 5, slices: 2).rows.isEmpty)
    }
}
