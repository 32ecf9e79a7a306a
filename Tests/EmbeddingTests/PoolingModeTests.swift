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
}
