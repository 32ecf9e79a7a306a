import Embedding
import Testing

struct RankCorrelationTests {
    @Test func tiesShareTheirAverageRank() {
        #expect(RankCorrelation.ranks([10, 20, 20, 5]) == [2, 3.5, 3.5, 1])
    }

    @Test func spearmanOfAMonotoneRelationIsOne() throws {
        #expect(abs(try RankCorrelation.spearman([1, 2, 3, 4], [1, 8, 27, 64]) - 1) < 1e-12)
        #expect(abs(try RankCorrelation.spearman([1, 2, 3, 4], [4, 3, 2, 1]) + 1) < 1e-12)
    }

    @Test func spearmanByHand() throws {
        // ranks x: 1 2 3 4 5, ranks y: 2 1 4 3 5 → ρ = 1 − 6·Σd²/(n(n²−1)) = 1 − 6·4/120 = 0.8
        #expect(abs(try RankCorrelation.spearman([1, 2, 3, 4, 5], [20, 10, 40, 30, 50]) - 0.8) < 1e-12)
    }

    @Test func withoutVarianceThereIsNoCorrelation() {
        #expect(throws: RankCorrelation.Undefined.constant(side: 0)) { try RankCorrelation.pearson([1, 1, 1], [1, 2, 3]) }
        #expect(throws: RankCorrelation.Undefined.constant(side: 1)) { try RankCorrelation.spearman([1, 2, 3], [5, 5, 5]) }
        // Equal values whose mean rounds off them (0.1 × 3 / 3 ≠ 0.1) are still constant.
        #expect(throws: RankCorrelation.Undefined.constant(side: 1)) { try RankCorrelation.pearson([1, 2, 3], [0.1, 0.1, 0.1]) }
    }

    @Test func onePairOrNoneHasNoCorrelation() {
        #expect(throws: RankCorrelation.Undefined.tooFewPairs(1)) { try RankCorrelation.spearman([0.5], [3]) }
        #expect(throws: RankCorrelation.Undefined.tooFewPairs(0)) { try RankCorrelation.pearson([], []) }
        #expect(throws: RankCorrelation.Undefined.unequalLengths(2, 3)) { try RankCorrelation.pearson([1, 2], [1, 2, 3]) }
    }

    @Test func nonFiniteValuesAreRefused() {
        #expect(throws: RankCorrelation.Undefined.nonFinite(side: 1)) { try RankCorrelation.spearman([1, 2, 3], [1, .nan, 3]) }
        #expect(throws: RankCorrelation.Undefined.nonFinite(side: 0)) { try RankCorrelation.pearson([1, .infinity, 3], [1, 2, 3]) }
        // Finite values whose squared deviations overflow.
        #expect(throws: RankCorrelation.Undefined.nonFinite(side: 0)) { try RankCorrelation.pearson([-1e200, 1e200], [1, 2]) }
    }

    @Test func twoPairsCorrelatePerfectly() throws {
        #expect(try RankCorrelation.spearman([0.2, 0.9], [1, 4]) == 1)
        #expect(abs(try RankCorrelation.pearson([0.2, 0.9], [4, 1]) + 1) < 1e-12)
    }
}
