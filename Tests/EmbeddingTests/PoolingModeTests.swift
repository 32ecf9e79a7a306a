import Embedding
import Inference
import Testing

/// Pooling on hand-computed 3 × 2 states.
struct PoolingModeTests {
    let states = TokenStates(tokenCount: 3, hiddenSize: 2, values: [1, -2, 3, 4, -1, 0])

    @Test func mean() { #expect(PoolingMode.mean.pool(states) == [1, 2.0 / 3.0]) }
    @Test func cls() { #expect(PoolingMode.cls.pool(states) == [1, -2]) }
    @Test func max() { #expect(PoolingMode.max.pool(states) == [3, 4]) }

    @Test func meanSqrtLength() {
        let pooled = PoolingMode.meanSqrtLengthTokens.pool(states)
        #expect(abs(pooled[0] - 3 / Float(3).squareRoot()) < 1e-6)
        #expect(abs(pooled[1] - 2 / Float(3).squareRoot()) < 1e-6)
    }

    /// Weights 1, 2, 3 by position: (1·1 + 2·3 + 3·(−1)) / 6 and (1·(−2) + 2·4 + 3·0) / 6.
    @Test func weightedMean() {
        let pooled = PoolingMode.weightedMean.pool(states)
        #expect(abs(pooled[0] - 4.0 / 6.0) < 1e-6 && abs(pooled[1] - 1) < 1e-6)
    }

    @Test func lastToken() { #expect(PoolingMode.lastToken.pool(states) == [-1, 0]) }

    /// include_prompt false: the first tokens leave the mask; cls takes the first one left,
    /// weightedmean keeps the absolute positions (2·3 + 3·(−1)) / 5.
    @Test func excludingThePrompt() {
        #expect(PoolingMode.cls.pool(states, excludingFirst: 1) == [3, 4])
        #expect(PoolingMode.mean.pool(states, excludingFirst: 1) == [1, 2])
        #expect(PoolingMode.max.pool(states, excludingFirst: 1) == [3, 4])
        #expect(abs(PoolingMode.weightedMean.pool(states, excludingFirst: 1)[0] - 3.0 / 5.0) < 1e-6)
        #expect(PoolingMode.lastToken.pool(states, excludingFirst: 2) == [-1, 0])
        // Nothing left: torch's answers (argmax 0, −inf, 0 / 1e-9 = 0).
        #expect(PoolingMode.cls.pool(states, excludingFirst: 3) == [1, -2])
        #expect(PoolingMode.max.pool(states, excludingFirst: 3) == [-.infinity, -.infinity])
        #expect(PoolingMode.mean.pool(states, excludingFirst: 3) == [0, 0])
    }

    @Test func concatenatedModesKeepTheirOrder() {
        #expect(Pooling(modes: [.lastToken, .cls]).pool(states) == [-1, 0, 1, -2])
        #expect(Pooling(modes: [.lastToken, .cls]).name == "lasttoken+cls")
    }
}
