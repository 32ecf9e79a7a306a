import Foundation
import SpaceAnalysis
import Testing

/// Corpora with no pairs, duplicate vectors, zero vectors and the stored form.
@Suite struct EdgeCaseTests {
    private func matrix(_ rows: [[Float]], scoring: PairScoring = .cosine) throws -> ScoringMatrix {
        try ScoringMatrix(rows: rows.count, dimension: rows.first?.count ?? 3, storage: .f32(rows.flatMap { $0 }), scoring: scoring)
    }

    @Test func emptyAndOneItemCorporaHaveNoPairsAndNoNaN() throws {
        for rows in [[[Float]](), [[1, 2, 3]]] {
            let space = try CorpusSpace.compute(try matrix(rows), workers: 2)
            #expect(!space.scores.hasPairs && space.scores.pairs == 0 && space.scores.totalPairs == 0)
            #expect(space.scores.percentile(of: 0.5) == nil)
            #expect(space.scores.score(atPercentile: 50) == nil)
            #expect(space.axes.explainedVarianceRatio.isEmpty)
            #expect(space.centring.mean.allSatisfy { !$0.isNaN })
            let hubness = Hubness.compute(try matrix(rows), k: 1, workers: 2)
            #expect(!hubness.skewness.isNaN && hubness.nearestPairs.isEmpty)
        }
    }

    @Test func duplicateVectorsGiveScoresOfOneAndNoNaN() throws {
        let rows: [[Float]] = [[1, 0, 0], [1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]]
        let space = try CorpusSpace.compute(try matrix(rows), workers: 2)
        #expect(abs(space.scores.maximum - 1) < 1e-6)
        #expect(abs(space.scores.mean - 0.3) < 1e-6)  // 3 of the 10 pairs score 1, the rest 0
        #expect(space.centredScores.quantiles.allSatisfy { !$0.isNaN })
        let hubness = Hubness.compute(try matrix(rows), k: 2, workers: 2)
        #expect(hubness.nearestPairs.prefix(3).allSatisfy { abs($0.score - 1) < 1e-6 })
        #expect(hubness.nearestPairs.first.map { ($0.first, $0.second) } ?? (-1, -1) == (0, 1))
        #expect(!hubness.skewness.isNaN)
    }

    @Test func identicalRowsHaveNoSpreadAndStillNoNaN() throws {
        let rows = [[Float]](repeating: [0.3, -0.2, 0.9], count: 6)
        let space = try CorpusSpace.compute(try matrix(rows), workers: 2)
        #expect(space.scores.quantiles.allSatisfy { !$0.isNaN })
        #expect(space.axes.explainedVarianceRatio.allSatisfy { !$0.isNaN })
        #expect(try space.centring.centred([0.3, -0.2, 0.9]).allSatisfy { !$0.isNaN && $0 == 0 })
        // Every score ties, so the lower positions win every list (as search breaks ties): skewed, but a number.
        #expect(Hubness.compute(try matrix(rows), k: 3, workers: 2).skewness.isFinite)
    }

    @Test func percentileLookupIsMonotoneAndBounded() throws {
        var generator = SeededGenerator(seed: 3)
        let rows = (0 ..< 120).map { _ in (0 ..< 16).map { _ in Float.random(in: -1 ... 1, using: &generator) } }
        let scores = try CorpusSpace.compute(try matrix(rows), workers: 2).scores
        var previous = -1.0
        for step in 0 ... 400 {
            let probe = -1.2 + Double(step) * 0.006
            let percentile = try #require(scores.percentile(of: probe))
            #expect(percentile >= previous && percentile >= 0 && percentile <= 100)
            previous = percentile
        }
        #expect(scores.percentile(of: scores.maximum + 0.01) == 100)
        #expect(scores.percentile(of: scores.minimum) == 0)
    }

    @Test func summariesSurviveTheStoredForm() throws {
        var generator = SeededGenerator(seed: 5)
        let rows = (0 ..< 50).map { _ in (0 ..< 8).map { _ in Float.random(in: -1 ... 1, using: &generator) } }
        let space = try CorpusSpace.compute(try matrix(rows), workers: 2)
        #expect(try SpaceSummaryCodec.decodeSpace(SpaceSummaryCodec.encode(space)) == space)
        let hubness = Hubness.compute(try matrix(rows), k: 4, workers: 2)
        #expect(try SpaceSummaryCodec.decodeHubness(SpaceSummaryCodec.encode(hubness)) == hubness)
        var damaged = SpaceSummaryCodec.encode(space)
        damaged.removeLast(7)
        #expect(throws: SpaceAnalysisError.self) { try SpaceSummaryCodec.decodeSpace(damaged) }
        #expect(throws: SpaceAnalysisError.self) { try SpaceSummaryCodec.decodeHubness(SpaceSummaryCodec.encode(space)) }
    }

    @Test func projectionOfARowMatchesTheBatchProjection() throws {
        var generator = SeededGenerator(seed: 8)
        let rows = (0 ..< 40).map { _ in (0 ..< 12).map { _ in Float.random(in: -1 ... 1, using: &generator) } }
        let m = try matrix(rows)
        let space = try CorpusSpace.compute(m, workers: 2)
        let all = space.axes.coordinates(of: m, count: 4)
        for row in [0, 17, 39] {
            let single = try space.axes.coordinates(of: rows[row], count: 4)
            for axis in 0 ..< 4 { #expect(abs(single[axis] - Double(all[row * 4 + axis])) < 1e-4) }
        }
        #expect(throws: SpaceAnalysisError.self) { try space.axes.coordinates(of: [1, 2]) }
    }
}
