import Foundation
import HalfFloat
@testable import SpaceAnalysis
import Testing

/// The statistics' inner loops that take several rows or pairs at once give, bit for bit,
/// what one row or pair at a time gives (each Double sum is still added in component order).
@Suite struct PairScoreKernelTests {
    /// Every pair's score from the batched path equals `score(i, j)` (counts that are and
    /// are not multiples of four, every scoring, odd dimensions).
    @Test(arguments: PairScoring.allCases)
    func batchedScoresEqualOnePairAtATime(scoring: PairScoring) throws {
        for (rows, dimension) in [(9, 1), (50, 7), (200, 384), (31, 385)] {
            let matrix = try ScoringMatrix(rows: rows, dimension: dimension,
                                           storage: SyntheticRows.storage(rows: rows, dimension: dimension, half: false),
                                           scoring: scoring)
            var generator = SeededGenerator(seed: UInt64(rows * 1000 + dimension))
            for count in [0, 1, 3, 4, 5, 8, 101] {
                let first = (0 ..< count).map { _ in Int32(generator.next(upperBound: UInt64(rows))) }
                let second = (0 ..< count).map { _ in Int32(generator.next(upperBound: UInt64(rows))) }
                var batched = [Float](repeating: .infinity, count: count)
                first.withUnsafeBufferPointer { f in
                    second.withUnsafeBufferPointer { s in
                        batched.withUnsafeMutableBufferPointer { matrix.scores(first: f, second: s, into: $0) }
                    }
                }
                let single = zip(first, second).map { matrix.score(Int($0), Int($1)) }
                #expect(batched.map(\.bitPattern) == single.map(\.bitPattern), "\(scoring) \(rows)×\(dimension) count \(count)")
            }
        }
    }

    /// An index that is not a row gives NaN for every pair, never a read outside the matrix.
    @Test func aBadIndexGivesNaNNotAStrayRead() throws {
        let matrix = try ScoringMatrix(rows: 4, dimension: 3, storage: .f32((0 ..< 12).map(Float.init)), scoring: .dot)
        let first: [Int32] = [0, 1, 2, 4], second: [Int32] = [1, 2, 3, 0]
        var out = [Float](repeating: 0, count: 4)
        first.withUnsafeBufferPointer { f in
            second.withUnsafeBufferPointer { s in out.withUnsafeMutableBufferPointer { matrix.scores(first: f, second: s, into: $0) } }
        }
        #expect(out.allSatisfy { $0.isNaN })
    }

    /// Rows made unit length four at a time equal rows made unit length one by one with the
    /// norm summed in order in Double (the definition), including a zero row.
    @Test func normalizingFourRowsAtOnceIsOneRowAtATime() {
        for (rows, dimension) in [(1, 5), (4, 384), (7, 3), (13, 385)] {
            var values = SyntheticRows.values(rows: rows, dimension: dimension, seed: UInt64(rows))
            for t in 0 ..< dimension { values[(rows / 2) * dimension + t] = 0 }
            var expected = values
            for row in 0 ..< rows {
                let range = row * dimension ..< (row + 1) * dimension
                var sum = 0.0
                for index in range { sum += Double(expected[index]) * Double(expected[index]) }
                let inverse = Float(1 / max(sum.squareRoot(), 1e-12))
                for index in range { expected[index] *= inverse }
            }
            ScoringMatrix.normalizeRows(&values, dimension: dimension)
            #expect(values.map(\.bitPattern) == expected.map(\.bitPattern), "\(rows)×\(dimension)")
        }
    }

    /// A sample drawn once and handed to both distributions gives the figures each would draw
    /// for itself; a sample drawn for other rows or settings is not used.
    @Test func aSampleDrawnOnceGivesTheSameDistribution() throws {
        let rows = 700
        let matrix = try ScoringMatrix(rows: rows, dimension: 16, storage: SyntheticRows.storage(rows: rows, dimension: 16, half: false),
                                       scoring: .cosine)
        let own = PairScores.distribution(of: matrix, workers: 2, exactLimit: 100, sampleSize: 5000)
        let drawn = try #require(PairScores.sampledPairs(items: rows, exactLimit: 100, sampleSize: 5000))
        #expect(PairScores.distribution(of: matrix, workers: 2, exactLimit: 100, sampleSize: 5000, drawn: drawn) == own)
        let otherRows = try #require(PairScores.sampledPairs(items: rows - 1, exactLimit: 100, sampleSize: 5000))
        #expect(PairScores.distribution(of: matrix, workers: 2, exactLimit: 100, sampleSize: 5000, drawn: otherRows) == own)
        let otherSeed = try #require(PairScores.sampledPairs(items: rows, exactLimit: 100, sampleSize: 5000, seed: 9))
        #expect(PairScores.distribution(of: matrix, workers: 2, exactLimit: 100, sampleSize: 5000, drawn: otherSeed) == own)
        #expect(PairScores.sampledPairs(items: 100, exactLimit: 100) == nil)
    }
}
