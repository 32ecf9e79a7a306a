import ExplorerUI
import TestSupport
import Testing

/// Percentiles looked up in a quantile table agree with counting the scores below.
@Suite struct ScoreDistributionTests {
    private func sample(_ count: Int, seed: UInt64) -> [Float] {
        var random = SplitMix64(seed: seed)
        // Skewed like real cosines: most pairs low, a thin tail of close ones.
        return (0..<count).map { _ in
            let u = Float.random(in: 0..<1, using: &random)
            return -0.2 + 1.1 * u * u * u
        }
    }

    private func percentBelowByCounting(_ scores: [Float], _ score: Float) -> Double {
        100 * Double(scores.filter { $0 < score }.count) / Double(scores.count)
    }

    @Test func aTableOfEveryScoreGivesTheFractionBelow() throws {
        let scores = sample(2_001, seed: 15).sorted()
        let distribution = try #require(ScoreDistribution(quantiles: scores, pairCount: scores.count, isSampled: false,
                                                          similarityLabel: "cos"))
        var random = SplitMix64(seed: 16)
        for _ in 0..<200 {
            let score = Float.random(in: -0.3...1, using: &random)
            let below = try #require(distribution.percentBelow(score))
            // Ranks i/(n−1) against i/n: at most 100/n points apart.
            #expect(abs(below - percentBelowByCounting(scores, score)) <= 100 / Double(scores.count - 1) + 1e-9)
        }
    }

    /// A table of 1,001 quantiles of 100,000 scores is within 0.1 point of counting.
    @Test func aQuantileTableIsWithinATenthOfAPoint() throws {
        let scores = sample(100_000, seed: 17).sorted()
        let quantiles = (0...1000).map { i in scores[min(scores.count - 1, i * (scores.count - 1) / 1000)] }
        let distribution = try #require(ScoreDistribution(quantiles: quantiles, pairCount: scores.count, isSampled: true,
                                                          similarityLabel: "cos"))
        for score in stride(from: Float(-0.15), through: 0.85, by: 0.05) {
            let below = try #require(distribution.percentBelow(score))
            #expect(abs(below - percentBelowByCounting(scores, score)) <= 0.1, "score \(score)")
        }
        #expect(abs(distribution.median - scores[scores.count / 2]) < 1e-3)
    }

    @Test func scoresOutsideTheTableAndTiesAreBounded() throws {
        let distribution = try #require(ScoreDistribution(quantiles: [0.1, 0.2, 0.2, 0.2, 0.5], pairCount: 5, isSampled: false,
                                                          similarityLabel: "cos"))
        #expect(distribution.percentBelow(-1) == 0)
        #expect(distribution.percentBelow(0.9) == 100)
        #expect(distribution.percentBelow(.nan) == nil)
        // Equal to a tied score: above the first copy's rank, not in the middle of the tie.
        #expect(distribution.percentBelow(0.2) == 25)
        #expect(distribution.context(of: 0.9) == "top <0.1%")
    }

    @Test func contextReadsAsTopOrBottom() {
        #expect(ScoreDistribution.context(percentBelow: 99.6) == "top 0.4%")
        #expect(ScoreDistribution.context(percentBelow: 88) == "top 12%")
        #expect(ScoreDistribution.context(percentBelow: 97.25) == "top 2.8%")
        #expect(ScoreDistribution.context(percentBelow: 40) == "bottom 40%")
        #expect(ScoreDistribution.context(percentBelow: 3.04) == "bottom 3.0%")
        #expect(ScoreDistribution.context(percentBelow: 0) == "bottom <0.1%")
    }

    @Test func tablesWithoutPairsOrWithNaNAreRefused() {
        #expect(ScoreDistribution(quantiles: [], pairCount: 0, isSampled: false, similarityLabel: "cos") == nil)
        #expect(ScoreDistribution(quantiles: [0.3], pairCount: 1, isSampled: false, similarityLabel: "cos") == nil)
        #expect(ScoreDistribution(quantiles: [0.1, .nan], pairCount: 2, isSampled: false, similarityLabel: "cos") == nil)
        #expect(ScoreDistribution(quantiles: [0.5, 0.1], pairCount: 2, isSampled: false, similarityLabel: "cos") == nil)
    }
}
