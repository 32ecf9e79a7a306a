import Foundation
import SpaceAnalysis
import Testing

/// SpaceAnalysis against numpy on the same vectors, to the tolerances: mean ±1e-4,
/// percentiles ±2e-3, skewness ±0.02, PCA ratios ±1e-3, percent below a score ±0.1 point.
@Suite struct ReferenceStatisticsTests {
    static let cases = ["minilm-cosine", "tiny-euclidean"]

    @Test(arguments: cases) func pairScoresMatchNumpy(_ name: String) throws {
        let reference = try ReferenceFigures(name)
        let space = try CorpusSpace.compute(try reference.matrix(), workers: 2)
        for (distribution, expected) in [(space.scores, reference.scores), (space.centredScores, reference.centredScores)] {
            #expect(distribution.isExact)
            #expect(distribution.pairs == reference.rows * (reference.rows - 1) / 2)
            #expect(abs(distribution.mean - expected.mean) <= 1e-4, "mean \(distribution.mean) vs \(expected.mean)")
            for percent in ScoreDistribution.reportedPercentiles {
                let value = try #require(distribution.score(atPercentile: Double(percent)))
                let wanted = try #require(expected.percentiles[percent])
                #expect(abs(value - wanted) <= 2e-3, "p\(percent): \(value) vs \(wanted)")
            }
            for (probe, wanted) in zip(reference.probes, expected.percentBelow) {
                let got = try #require(distribution.percentile(of: probe))
                #expect(abs(got - wanted) <= 0.1, "below \(probe): \(got) vs \(wanted)")
            }
        }
    }

    @Test(arguments: cases) func searchScorePercentilesMatchNumpy(_ name: String) throws {
        let reference = try ReferenceFigures(name)
        let space = try CorpusSpace.compute(try reference.matrix(), workers: 2)
        for (score, wanted) in zip(reference.searchScores, reference.searchPercentBelow) {
            let got = try #require(space.scores.percentile(of: score))
            #expect(abs(got - wanted) <= 0.1, "score \(score): \(got) vs \(wanted)")
        }
    }

    @Test(arguments: cases) func hubnessMatchesNumpy(_ name: String) throws {
        let reference = try ReferenceFigures(name)
        let hubness = Hubness.compute(try reference.matrix(), k: reference.hubnessK, workers: 2)
        #expect(hubness.isExact && hubness.analysedItems == reference.rows)
        #expect(abs(hubness.skewness - reference.skewness) <= 0.02, "skewness \(hubness.skewness) vs \(reference.skewness)")
        #expect(abs(hubness.antihubs - reference.antihubs) <= 1, "antihubs \(hubness.antihubs) vs \(reference.antihubs)")
        #expect(hubness.hubs.map(\.count) == reference.topCounts)
    }

    @Test(arguments: cases) func principalComponentRatiosMatchNumpy(_ name: String) throws {
        let reference = try ReferenceFigures(name)
        let space = try CorpusSpace.compute(try reference.matrix(), workers: 2)
        let ratios = space.axes.explainedVarianceRatio
        #expect(ratios.count == 10)
        for (got, wanted) in zip(ratios, reference.pcaRatios) { #expect(abs(got - wanted) <= 1e-3, "\(got) vs \(wanted)") }
    }

    /// The seeded sample (forced here on a small corpus) estimates the same distribution: a
    /// biased sampler (e.g. favouring low positions) would move the quantiles further.
    @Test func sampledDistributionEstimatesTheExactOne() throws {
        let reference = try ReferenceFigures("minilm-cosine")
        let matrix = try reference.matrix()
        let sampled = PairScores.distribution(of: matrix, workers: 2, exactLimit: 100, sampleSize: 30_000)
        #expect(!sampled.isExact && sampled.pairs == 30_000 && sampled.seed == PairScores.seed)
        #expect(abs(sampled.mean - reference.scores.mean) <= 2e-3)
        for percent in [5, 25, 50, 75, 95] {
            let value = try #require(sampled.score(atPercentile: Double(percent)))
            #expect(abs(value - (reference.scores.percentiles[percent] ?? .nan)) <= 6e-3)
        }
        #expect(PairScores.distribution(of: matrix, workers: 2, exactLimit: 100, sampleSize: 30_000) == sampled)
    }
}
