import Foundation
import HalfFloat
import SpaceAnalysis
import Testing

/// Statistics of corpora above the row limit: figures from a seeded sample of rows read in
/// place, the mean over every row, and nothing changed at or below the limit.
@Suite struct SampledStatisticsTests {
    private let dimension = 16

    private func source(rows: Int, half: Bool = false, scoring: PairScoring = .cosine) throws -> CorpusRows {
        try CorpusRows(rows: rows, dimension: dimension, storage: SyntheticRows.storage(rows: rows, dimension: dimension, half: half),
                       scoring: scoring)
    }

    @Test(arguments: [false, true])
    func atOrBelowTheLimitTheFiguresAreTheWholeMatrixsBitForBit(half: Bool) throws {
        for scoring in PairScoring.allCases {
            let rows = try source(rows: 600, half: half, scoring: scoring)
            let whole = try CorpusSpace.compute(try ScoringMatrix(rows: 600, dimension: dimension, storage: rows.storage, scoring: scoring),
                                                workers: 2)
            let atLimit = try CorpusSpace.compute(rows, rowLimit: 600, workers: 2)
            #expect(atLimit == whole, "\(scoring)")
            #expect(atLimit.analysedItems == 600 && !atLimit.isRowSampled && atLimit.scores.isExact)
            let byDefault = try CorpusSpace.compute(rows: 600, dimension: dimension, storage: rows.storage, scoring: scoring, workers: 2)
            #expect(byDefault == whole)
        }
    }

    @Test func aboveTheLimitTheFiguresComeFromTheSampleAndSaySo() throws {
        let rows = try source(rows: 3000)
        let space = try CorpusSpace.compute(rows, rowLimit: 1000, workers: 2)
        #expect(space.items == 3000 && space.analysedItems == 1000 && space.isRowSampled)
        #expect(space.rowSeed == CorpusSpace.rowSampleSeed)
        // 1,000 rows have 499,500 pairs, all scored, yet they are a sample of the corpus's.
        #expect(space.scores.pairs == 499_500 && space.scores.totalPairs == 3000 * 2999 / 2 && !space.scores.isExact)
        #expect(!space.centredScores.isExact && space.centredScores.totalPairs == space.scores.totalPairs)
        // The same figures on every run, whatever the number of workers for the mean.
        #expect(try CorpusSpace.compute(rows, rowLimit: 1000, workers: 2) == space)
        #expect(try CorpusSpace.compute(rows, rowLimit: 1000, workers: 1).centring == space.centring)
    }

    /// Every pair is scored at or below the limit, tiles handed to whichever worker is free:
    /// the figures, the mean's last bits included, must not depend on the workers or timing.
    /// Three 512-row tiles (six tile pairs) give the workers different shares on each run.
    @Test func theExactDistributionIsTheSameForAnyNumberOfWorkers() throws {
        let matrix = try source(rows: 1500).matrix()
        let one = PairScores.distribution(of: matrix, workers: 1)
        #expect(one.isExact && one.pairs == 1500 * 1499 / 2)
        for workers in [2, 3, 2, 3, 6] {
            #expect(PairScores.distribution(of: matrix, workers: workers) == one, "\(workers) workers")
        }
    }

    /// The tolerances: a percentile estimated from the pairs of n = 1,000 random rows varies
    /// by about σ/√n (σ the spread of the pair scores, here ≈ 0.25 for the raw cosines),
    /// ≈ 0.008; 0.03 is almost four of those, so a failure means a wrong sample (not a
    /// uniform one, or rows misread), not bad luck. The axes are well separated (variances
    /// 9, 4, 1.4, 0.6), so the sample's first two are the whole corpus's to within a few degrees.
    @Test(arguments: [false, true])
    func sampledFiguresAreCloseToTheWholeCorpussOnes(half: Bool) throws {
        let rows = try source(rows: 3000, half: half)
        let whole = try CorpusSpace.compute(rows.matrix(), workers: 2)
        let sampled = try CorpusSpace.compute(rows, rowLimit: 1000, workers: 2)
        for (a, b) in [(sampled.scores, whole.scores), (sampled.centredScores, whole.centredScores)] {
            #expect(abs(a.mean - b.mean) < 0.03, "mean \(a.mean) vs \(b.mean)")
            for percent in [5.0, 25, 50, 75, 95] {
                let x = try #require(a.score(atPercentile: percent)), y = try #require(b.score(atPercentile: percent))
                #expect(abs(x - y) < 0.03, "\(percent)%: \(x) vs \(y)")
            }
        }
        // The mean is over every row, not the sample: the whole matrix's up to the order of the sums.
        for (x, y) in zip(sampled.centring.mean, whole.centring.mean) { #expect(abs(x - y) <= 1e-6) }
        for axis in 0 ..< 2 {
            let dot = zip(sampled.axes.axes[axis], whole.axes.axes[axis]).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            #expect(abs(dot) > 0.99, "axis \(axis + 1): |cos| \(abs(dot))")
        }
        for (x, y) in zip(sampled.axes.explainedVarianceRatio.prefix(4), whole.axes.explainedVarianceRatio) {
            #expect(abs(x - y) < 0.03, "ratio \(x) vs \(y)")
        }
    }

    @Test func thePositionsDrawnAreDistinctSortedAndSpreadOverTheRows() {
        let positions = CorpusRows.samplePositions(rows: 1_000_000, count: 10_000, seed: CorpusSpace.rowSampleSeed)
        #expect(positions.count == 10_000 && positions == positions.sorted() && Set(positions).count == 10_000)
        #expect(positions.first.map { $0 >= 0 } == true && positions.last.map { $0 < 1_000_000 } == true)
        // Uniform: each tenth of the rows holds about a tenth of the sample (±10%, > 5 σ).
        for tenth in 0 ..< 10 {
            let inside = positions.filter { $0 / 100_000 == tenth }.count
            #expect(abs(inside - 1000) < 100, "tenth \(tenth): \(inside)")
        }
        #expect(CorpusRows.samplePositions(rows: 1_000_000, count: 10_000, seed: CorpusSpace.rowSampleSeed) == positions)
        #expect(CorpusRows.samplePositions(rows: 1_000_000, count: 10_000, seed: 1) != positions)
        #expect(CorpusRows.samplePositions(rows: 5, count: 10, seed: 1) == [0, 1, 2, 3, 4])
        #expect(CorpusRows.samplePositions(rows: 0, count: 10, seed: 1).isEmpty)
    }

    @Test(arguments: [false, true])
    func sampledRowsAreTheWholeMatrixsRowsAtThosePositions(half: Bool) throws {
        let rows = try source(rows: 500, half: half)
        let whole = rows.matrix()
        let positions = [0, 7, 123, 499]
        let sample = rows.matrix(of: positions)
        for (row, position) in positions.enumerated() {
            #expect(Array(sample.values[row * dimension ..< (row + 1) * dimension])
                == Array(whole.values[position * dimension ..< (position + 1) * dimension]))
        }
    }

    @Test(arguments: [false, true])
    func theStreamedMeanIsTheMeanOfEveryRow(half: Bool) throws {
        // Three chunks and a part, so the chunk sums are added across chunks.
        let count = 3 * CorpusRows.chunkRows + 100
        let rows = try source(rows: count, half: half)
        let prepared = rows.matrix().values
        let mean = rows.mean(workers: 2)
        for t in 0 ..< dimension {
            var sum = 0.0
            for row in 0 ..< count { sum += Double(prepared[row * dimension + t]) }
            #expect(abs(Double(mean[t]) - sum / Double(count)) < 1e-6)
        }
        #expect(rows.mean(workers: 1) == mean && rows.mean(workers: 3) == mean)
    }

    @Test func hubnessReadInPlaceIsTheWholeMatrixs() throws {
        let rows = try source(rows: 400)
        let whole = Hubness.compute(rows.matrix(), k: 5, workers: 2, exactLimit: 300, sampleItems: 200)
        let inPlace = Hubness.compute(rows, k: 5, workers: 2, exactLimit: 300, sampleItems: 200)
        #expect(inPlace == whole && !inPlace.isExact && inPlace.analysedItems == 200 && inPlace.items == 400)
        #expect(Hubness.compute(rows, k: 5, workers: 2) == Hubness.compute(rows.matrix(), k: 5, workers: 2))
    }

    @Test func aStorageOfTheWrongSizeIsRefused() {
        #expect(throws: SpaceAnalysisError.badMatrix(rows: 3, dimension: 4, components: 10)) {
            try CorpusRows(rows: 3, dimension: 4, storage: .f32([Float](repeating: 0, count: 10)), scoring: .cosine)
        }
    }
}
