import Benchmarks
import Inference
import Testing

/// FLOPs counted by hand for a small shape: 2 per multiply-add.
@Suite struct EncoderFlopsTests {
    @Test func linearAndAttentionProductsOfASmallShape() throws {
        // H = 4, I = 8, L = 2: linear 2·(4·16 + 2·4·8)·2 = 512 per token; attention 4·n²·4·2.
        let flops = EncoderFlops(configuration: try BertConfiguration(hiddenSize: 4, numHiddenLayers: 2, numAttentionHeads: 2,
                                                                       intermediateSize: 8))
        #expect(flops.linearPerToken == 512)
        #expect(flops.attention(length: 3) == 288)
        #expect(flops.total(lengths: [3]) == 3 * 512 + 288)
        #expect(flops.total(lengths: [3, 1]) == 3 * 512 + 288 + 512 + 32)
        #expect(flops.total(lengths: []) == 0)
    }

    @Test func allMiniLMsShapeAtOneToken() throws {
        let flops = EncoderFlops(configuration: try SyntheticShape.miniLM.configuration())
        let perLayer: Double = 4 * 384 * 384 + 2 * 384 * 1536
        #expect(flops.linearPerToken == 2 * perLayer * 6)
    }
}
