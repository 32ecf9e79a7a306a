import Benchmarks
import Embedding
import TextInput
import Testing

/// `eval sts`: correlations of pair cosines with gold scores, against values computed here.
@Suite struct STSEvaluationTests {
    // Unit vectors at known angles, so each pair's cosine is known: 1, 0, 0.6, 0.8.
    private let vectors: [String: [Float]] = [
        "east": [1, 0], "north": [0, 1], "slant": [0.6, 0.8], "steep": [0.8, 0.6],
    ]
    private let pairs = [
        STSPair(first: "east", second: "east", score: 5),
        STSPair(first: "east", second: "north", score: 0),
        STSPair(first: "east", second: "slant", score: 2),
        STSPair(first: "east", second: "steep", score: 4),
    ]

    @Test func eachSentenceIsEncodedOnceInOrderOfFirstAppearance() {
        #expect(STSEvaluation(pairs: pairs).sentences == ["east", "north", "slant", "steep"])
    }

    @Test func correlationsOfKnownCosines() throws {
        let evaluation = STSEvaluation(pairs: pairs)
        let result = try evaluation.correlations(vectors: evaluation.sentences.map { vectors[$0] ?? [] })
        // Same order on both sides: Spearman is exactly 1.
        #expect(abs(result.spearman - 100) < 1e-9)
        // Pearson of cosines (1, 0, 0.6, 0.8) with (5, 0, 2, 4), written out.
        let x = [1.0, 0, 0.6, 0.8], y = [5.0, 0, 2, 4]
        let mx = x.reduce(0, +) / 4, my = y.reduce(0, +) / 4
        let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }, syy = y.reduce(0) { $0 + ($1 - my) * ($1 - my) }
        #expect(abs(result.pearson - 100 * sxy / (sxx * syy).squareRoot()) < 1e-5)  // the vectors are Float
    }

    @Test func equalGoldScoresAreUndefinedAndSaySo() {
        let flat = pairs.map { STSPair(first: $0.first, second: $0.second, score: 3) }
        let evaluation = STSEvaluation(pairs: flat)
        #expect(throws: RankCorrelation.Undefined.constant(side: 1)) {
            _ = try evaluation.correlations(vectors: evaluation.sentences.map { vectors[$0] ?? [] })
        }
        #expect(STSEvaluation.explain(.constant(side: 1)) == "every gold score is the same (no variance to correlate with)")
        #expect(STSEvaluation.explain(.constant(side: 0)) == "the model gives every pair the same cosine (no variance to correlate with)")
    }
}
