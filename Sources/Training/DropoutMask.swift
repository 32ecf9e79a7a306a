import Inference

/// Inverted dropout as PyTorch's `nn.Dropout` in training mode: each value is kept with
/// probability 1 − p and then scaled by 1/(1 − p), else zeroed. The mask is kept for the
/// backward pass, which scales gradients the same way.
struct DropoutMask {
    /// 1 where kept.
    let kept: [UInt8]
    let scale: Float

    /// `count` decisions (uniform in [0, 1) from 24 random bits; kept when ≥ p) from one draw of
    /// `generator`: decision i is the first output of SplitMix64 seeded with draw + i·γ (γ its
    /// increment), i.e. output i + 1 of the stream that draw seeds. Any decision can be taken
    /// on its own, so they are taken on every core, the same bits whatever the split.
    init(count: Int, probability p: Float, generator: inout SplitMix64) {
        let key = generator.next()
        var kept = [UInt8](repeating: 0, count: count)
        kept.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            ParallelChunks.forEach(count) { range in
                for index in range {
                    var stream = SplitMix64(seed: key &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
                    let uniform = Float(stream.next() >> 40) * 0x1p-24
                    base[index] = uniform >= p ? 1 : 0
                }
            }
        }
        self.kept = kept
        scale = 1 / (1 - p)
    }

    /// values[i] ← values[i] · mask[i] · scale (forward and backward alike).
    func apply(to values: UnsafeMutablePointer<Float>, count: Int) {
        apply(to: values, count: count, maskOffset: 0)
    }

    /// As `apply`, for `count` values starting at mask offset `offset`. A select rather than a
    /// branch, so that the loop vectorises.
    func apply(to values: UnsafeMutablePointer<Float>, count: Int, maskOffset offset: Int) {
        let scale = scale
        kept.withUnsafeBufferPointer { kept in
            guard let mask = kept.baseAddress.map({ $0 + offset }) else { return }
            for index in 0..<count {
                let scaled = values[index] * scale
                values[index] = mask[index] != 0 ? scaled : 0
            }
        }
    }
}

/// Where a step's dropout decisions come from: a generator seeded from (seed, step), so a
/// resumed run draws exactly what an uninterrupted one would. nil probability: no dropout.
public struct DropoutPlan: Sendable {
    /// `hidden_dropout_prob` (embeddings, attention output, feed-forward output); DistilBERT's `dropout`.
    public let hiddenProbability: Float
    /// `attention_probs_dropout_prob`.
    public let attentionProbability: Float
    /// Whether the attention's output projection is followed by dropout (not in DistilBERT).
    public let dropsAttentionOutput: Bool

    public init(hiddenProbability: Float, attentionProbability: Float, dropsAttentionOutput: Bool = true) {
        self.hiddenProbability = hiddenProbability
        self.attentionProbability = attentionProbability
        self.dropsAttentionOutput = dropsAttentionOutput
    }

    /// The generator for training step `step` (from 0) of a run seeded with `seed`.
    static func generator(seed: UInt64, step: Int) -> SplitMix64 {
        var mixer = SplitMix64(seed: seed ^ 0x5DEE_CE66_D1CE_4E5B)
        return SplitMix64(seed: mixer.next() &+ UInt64(truncatingIfNeeded: step) &* 0x9E37_79B9_7F4A_7C15)
    }
}
