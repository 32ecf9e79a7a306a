import Embedding
import Testing

struct RankCorrelationTests {
    @Test func tiesShareTheirAverageRank() {
        #expect(RankCorrelation.ranks([10, 20, 20, 5]) == [2, 3.5, 3.5, 1])
    }

    @Test func spearmanOfAMonotoneRelationIsOne() {
        #expect(abs(RankCorrelation.spearman([1, 2, 3, 4], [1, 8, 27, 64]) - 1) < 1e-12)
        #expect(abs(RankCorrelation.spearman([1, 2, 3, 4], [4, 3, 2, 1]) + 1) < 1e-12)
    }

    @Test func spearmanByHand() {
        // ranks x: 1 2 3 4 5, ranks y: 2 1 4 3 5 → ρ = 1 − 6·Σd²/(n(n²−1)) = 1 − 6·4/120 = 0.8
        #expect(abs(RankCorrelation.spearman([1, 2, 3, 4, 5], [20, 10, 40, 30, 50]) - 0.8) < 1e-12)
    }

    @Test func pearsonWithoutVarianceIsZero() {
        #expect(RankCorrelation.pearson([1, 1, 1], [1, 2, 3]) == 0)
    }
}
