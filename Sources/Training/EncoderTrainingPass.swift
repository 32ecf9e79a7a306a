import Inference

/// One forward pass of an encoder (any family: `EncoderParameters`) over a packed batch (the
/// real tokens of every sequence, one after another, as the inference pass packs them: no
/// padding, so no mask), keeping what its backward pass needs, and that backward pass.
///
/// The families share the body; they differ in the embeddings (token types or not, positions
/// from 0 or past the padding id, a fixed sinusoidal table), the feed-forward activation,
/// DistilBERT's missing dropout after the attention output, and MPNet's relative position
/// bias (one table every layer and head adds to its scores, so every layer and head adds to
/// its gradient).
///
/// Memory plan, per token and layer: the layer's input, Q/K/V, the context, x̂ and 1/σ of both
/// LayerNorms, the attention block's output, the activation's output and slope (kept rather
/// than recomputed: erf is the costliest element-wise step), dropout masks as bytes; per
/// sequence, head and layer the n×n attention probabilities. When that would pass
/// `activationBudget` (long texts, big batches), only each layer's input and its dropout
/// generator are kept, and the layer's forward pass is run again during backward (gradient
/// checkpointing): the same masks, the same results, one layer's activations in memory at a time.
///
/// Threads: products are cut into parts by their sizes only (`LayerKernels`), attention into
/// one part per sequence and head, and the parts run on `threads` threads; OpenBLAS itself
/// runs one thread per call (`BLAS`). So the numbers do not depend on how many threads run.
final class EncoderTrainingPass {
    let parameters: EncoderParameters
    let spans: [Range<Int>]
    let tokenCount: Int
    private let hidden, intermediate, heads, headSize: Int
    private let dropout: DropoutPlan?
    private let threads: Int
    private let activation: FeedForwardActivation

    private struct LayerActivations {
        let input: FloatBuffer  // [T × H], the layer's input
        let queryKeyValue: FloatBuffer  // [T × 3H]
        let probabilities: FloatBuffer  // per sequence and head, n × n, before dropout
        let attentionDropout: DropoutMask?
        let context: FloatBuffer  // [T × H]
        let attentionOutputDropout: DropoutMask?
        let attentionNormalized: FloatBuffer  // x̂ of the first LayerNorm
        let attentionInverseDeviation: FloatBuffer
        let attentionNormOutput: FloatBuffer  // [T × H], the feed-forward's input
        let activated: FloatBuffer  // [T × I], act(u): the second linear's input
        let activationSlope: FloatBuffer  // [T × I], act'(u)
        let outputDropout: DropoutMask?
        let outputNormalized: FloatBuffer
        let outputInverseDeviation: FloatBuffer

        var bytes: Int {
            4 * [input, queryKeyValue, probabilities, context, attentionNormalized, attentionInverseDeviation,
                 attentionNormOutput, activated, activationSlope, outputNormalized, outputInverseDeviation].reduce(0) { $0 + $1.count }
                + [attentionDropout, attentionOutputDropout, outputDropout].reduce(0) { $0 + ($1?.kept.count ?? 0) }
        }
    }

    private let ids: [Int32]
    private let positions: [Int]
    private var embeddingNormalized = FloatBuffer(count: 0)
    private var embeddingInverseDeviation = FloatBuffer(count: 0)
    private var embeddingDropout: DropoutMask?
    private var layerActivations: [LayerActivations?] = []
    private var layerInputs: [FloatBuffer] = []
    private var layerGenerators: [SplitMix64] = []
    /// Whether every layer's activations are kept (else recomputed in backward).
    let keepsEveryLayer: Bool
    /// Offsets of each (sequence, head) probability block within a layer's `probabilities`.
    private let probabilityOffsets: [Int]
    private let longest: Int
    /// MPNet: the bucket of each distance j − i, at index `longest − 1 + (j − i)`.
    private let distanceBuckets: [Int]

    /// Sequences must be non-empty, within the position table, with ids in the vocabulary
    /// (the trainer tokenizes them with the model's own tokenizer and truncation).
    /// - Parameter dropout: nil for no dropout (evaluation mode, or `--no-dropout`).
    init(parameters: EncoderParameters, sequences: [[Int32]], dropout: DropoutPlan?, threads: Int = 1,
         activationBudget: Int = TrainableSentenceModel.defaultActivationBudget) {
        self.parameters = parameters
        let configuration = parameters.configuration
        hidden = configuration.hiddenSize
        intermediate = configuration.intermediateSize
        heads = configuration.numAttentionHeads
        headSize = configuration.headSize
        activation = configuration.activation
        self.dropout = dropout
        self.threads = max(1, threads)
        var spans: [Range<Int>] = [], start = 0
        var offsets: [Int] = [], offset = 0
        for sequence in sequences {
            spans.append(start ..< start + sequence.count)
            start += sequence.count
            for _ in 0..<configuration.numAttentionHeads {
                offsets.append(offset)
                offset += sequence.count * sequence.count
            }
        }
        self.spans = spans
        tokenCount = start
        probabilityOffsets = offsets + [offset]
        ids = sequences.flatMap { $0 }
        positions = sequences.flatMap { parameters.positions(of: $0) }
        let longest = max(1, sequences.map(\.count).max() ?? 1)
        self.longest = longest
        distanceBuckets = parameters.relativeAttentionBias == nil
            ? [] : (0 ..< 2 * longest - 1).map { EncoderModel.relativePositionBucket($0 - (longest - 1)) }
        // Per layer: ~8 hidden-wide rows and two intermediate rows per token, the attention
        // probabilities, and a byte per dropout decision.
        let perLayer = 4 * (start * (8 * hidden + 2 * intermediate + 2) + offset) + (dropout == nil ? 0 : 2 * start * hidden + offset)
        keepsEveryLayer = perLayer * configuration.numHiddenLayers <= activationBudget
    }

    /// Bytes the kept activations take for this batch.
    var activationBytes: Int {
        layerActivations.reduce(0) { $0 + ($1?.bytes ?? 0) } + layerInputs.reduce(0) { $0 + 4 * $1.count } + 4 * (embeddingNormalized.count + embeddingInverseDeviation.count)
            + (embeddingDropout?.kept.count ?? 0)
    }

    /// Runs the encoder; returns the last layer's packed states [T × H].
    func forward(generator: inout SplitMix64) -> FloatBuffer {
        let p = parameters, H = hidden, T = tokenCount
        let x = FloatBuffer(uninitializedCount: T * H)
        // Embeddings: (word + token type 0) + position, in transformers' order.
        for token in 0..<T {
            let word = p.wordEmbeddings.values + Int(ids[token]) * H
            let positionRow = p.positionEmbeddings.values + positions[token] * H
            let row = x.pointer + token * H
            if let tokenType = p.tokenTypeEmbeddings?.values {
                for c in 0..<H { row[c] = (word[c] + tokenType[c]) + positionRow[c] }
            } else {
                for c in 0..<H { row[c] = word[c] + positionRow[c] }
            }
        }
        embeddingNormalized = FloatBuffer(uninitializedCount: T * H)
        embeddingInverseDeviation = FloatBuffer(uninitializedCount: T)
        LayerKernels.layerNorm(
            x.pointer, rowCount: T, width: H, weight: p.embeddingNorm.weight.values, bias: p.embeddingNorm.bias.values,
            epsilon: p.configuration.layerNormEps, normalized: embeddingNormalized.pointer,
            inverseDeviation: embeddingInverseDeviation.pointer)
        embeddingDropout = dropout.map { DropoutMask(count: T * H, probability: $0.hiddenProbability, generator: &generator) }
        embeddingDropout?.apply(to: x.pointer, count: T * H)
        layerActivations = []
        layerInputs = []
        layerGenerators = []
        var states = x
        for layer in p.layers {
            if !keepsEveryLayer {
                layerInputs.append(states)
                layerGenerators.append(generator)
            }
            let activations = forward(layer, input: states, generator: &generator)
            layerActivations.append(keepsEveryLayer ? activations.kept : nil)
            states = activations.output
        }
        return states
    }

    /// The (sequence, head) pairs, one attention part each.
    private var attentionParts: Int { spans.count * heads }

    private func forward(
        _ layer: EncoderParameters.Layer, input: FloatBuffer, generator: inout SplitMix64
    ) -> (kept: LayerActivations, output: FloatBuffer) {
        let H = hidden, T = tokenCount, I = intermediate, heads = self.heads, headSize = self.headSize
        let epsilon = parameters.configuration.layerNormEps
        let qkv = FloatBuffer(uninitializedCount: T * 3 * H)
        for (index, linear) in [layer.query, layer.key, layer.value].enumerated() {
            LayerKernels.linear(input.pointer, rowCount: T, inputStride: H, weight: linear.weight, bias: linear.bias,
                                into: qkv.pointer + index * H, outputStride: 3 * H, threads: threads)
        }
        // Written whole: every (sequence, head) block, every head's columns of every token.
        let probabilities = FloatBuffer(uninitializedCount: probabilityOffsets.last ?? 0)
        let context = FloatBuffer(uninitializedCount: T * H)
        let attentionDropout = dropout.map {
            DropoutMask(count: probabilities.count, probability: $0.attentionProbability, generator: &generator)
        }
        let scale = 1 / Float(headSize).squareRoot()
        let spans = self.spans, offsets = probabilityOffsets, longest = self.longest, buckets = distanceBuckets
        let biasTable = parameters.relativeAttentionBias?.values
        ParallelWork.forEach(attentionParts, threads: threads) { part in
            let s = part / heads, h = part % heads, span = spans[s], n = span.count
            let q = qkv.pointer + span.lowerBound * 3 * H + h * headSize, k = q + H, v = q + 2 * H
            let block = offsets[part]
            let pr = probabilities.pointer + block
            // P = softmax(scale·Q·Kᵀ (+ B)): no mask, the block holds only this sequence's tokens.
            BLAS.sgemm(transposeB: .transposed, m: n, n: n, k: headSize, alpha: scale,
                       a: q, lda: 3 * H, b: k, ldb: 3 * H, c: pr, ldc: n)
            if let biasTable {
                for i in 0..<n {
                    for j in 0..<n { pr[i * n + j] += biasTable[buckets[longest - 1 + j - i] * heads + h] }
                }
            }
            LayerKernels.softmaxRows(pr, rowCount: n, width: n)
            var used = UnsafePointer(pr)
            let dropped = FloatBuffer(count: attentionDropout == nil ? 0 : n * n)
            if let attentionDropout {
                dropped.pointer.update(from: pr, count: n * n)
                attentionDropout.apply(to: dropped.pointer, count: n * n, maskOffset: block)
                used = UnsafePointer(dropped.pointer)
            }
            BLAS.sgemm(m: n, n: headSize, k: n, a: used, lda: n, b: v, ldb: 3 * H,
                       c: context.pointer + span.lowerBound * H + h * headSize, ldc: H)
        }
        // x1 = LN(x + dropout(context·W_oᵀ + b_o))
        let x1 = FloatBuffer(uninitializedCount: T * H)
        LayerKernels.linear(context.pointer, rowCount: T, inputStride: H, weight: layer.attentionOutput.weight,
                            bias: layer.attentionOutput.bias, into: x1.pointer, outputStride: H, threads: threads)
        let attentionOutputDropout = dropout.flatMap { plan in
            plan.dropsAttentionOutput ? DropoutMask(count: T * H, probability: plan.hiddenProbability, generator: &generator) : nil
        }
        attentionOutputDropout?.apply(to: x1.pointer, count: T * H)
        LayerKernels.addResidual(input.pointer, to: x1.pointer, count: T * H)
        let attentionNormalized = FloatBuffer(uninitializedCount: T * H), attentionInverse = FloatBuffer(uninitializedCount: T)
        LayerKernels.layerNorm(x1.pointer, rowCount: T, width: H, weight: layer.attentionNorm.weight.values,
                               bias: layer.attentionNorm.bias.values, epsilon: epsilon,
                               normalized: attentionNormalized.pointer, inverseDeviation: attentionInverse.pointer)
        // x2 = LN(x1 + dropout(act(x1·W₁ᵀ + b₁)·W₂ᵀ + b₂))
        // The pre-activation u is overwritten by act'(u) once act(u) is taken.
        let slope = FloatBuffer(count: T * I)
        LayerKernels.linear(x1.pointer, rowCount: T, inputStride: H, weight: layer.intermediate.weight,
                            bias: layer.intermediate.bias, into: slope.pointer, outputStride: I, threads: threads)
        let activated = FloatBuffer(count: T * I)
        LayerKernels.activate(activation, slope.pointer, into: activated.pointer, count: T * I)
        let x2 = FloatBuffer(count: T * H)
        LayerKernels.linear(activated.pointer, rowCount: T, inputStride: I, weight: layer.output.weight,
                            bias: layer.output.bias, into: x2.pointer, outputStride: H, threads: threads)
        let outputDropout = dropout.map { DropoutMask(count: T * H, probability: $0.hiddenProbability, generator: &generator) }
        outputDropout?.apply(to: x2.pointer, count: T * H)
        LayerKernels.addResidual(x1.pointer, to: x2.pointer, count: T * H)
        let outputNormalized = FloatBuffer(uninitializedCount: T * H), outputInverse = FloatBuffer(uninitializedCount: T)
        LayerKernels.layerNorm(x2.pointer, rowCount: T, width: H, weight: layer.outputNorm.weight.values,
                               bias: layer.outputNorm.bias.values, epsilon: epsilon,
                               normalized: outputNormalized.pointer, inverseDeviation: outputInverse.pointer)
        let kept = LayerActivations(
            input: input, queryKeyValue: qkv, probabilities: probabilities, attentionDropout: attentionDropout,
            context: context, attentionOutputDropout: attentionOutputDropout, attentionNormalized: attentionNormalized,
            attentionInverseDeviation: attentionInverse, attentionNormOutput: x1, activated: activated, activationSlope: slope,
            outputDropout: outputDropout, outputNormalized: outputNormalized, outputInverseDeviation: outputInverse)
        return (kept, x2)
    }

    /// Accumulates every parameter's gradient given dL/d(last layer states) [T × H]
    /// (after `forward`; `stateGradient` is overwritten).
    func backward(_ stateGradient: FloatBuffer) {
        let p = parameters, H = hidden, T = tokenCount
        var dx = stateGradient
        for (index, layer) in p.layers.enumerated().reversed() {
            let activations: LayerActivations
            if let kept = layerActivations[index] {
                activations = kept
            } else {
                // Recomputed from the layer's input with the generator it started from: the same masks.
                var generator = layerGenerators[index]
                activations = forward(layer, input: layerInputs[index], generator: &generator).kept
            }
            dx = backward(layer, activations, dx: dx)
            layerActivations[index] = nil  // a layer's activations are not needed once it is done
        }
        embeddingDropout?.apply(to: dx.pointer, count: T * H)
        LayerKernels.layerNormBackward(
            dx.pointer, rowCount: T, width: H, weight: p.embeddingNorm.weight.values,
            normalized: embeddingNormalized.pointer, inverseDeviation: embeddingInverseDeviation.pointer,
            weightGradient: p.embeddingNorm.weight.gradient, biasGradient: p.embeddingNorm.bias.gradient)
        // nn.Embedding(padding_idx=…) gives its padding row no gradient; so does the position
        // table of the families that count past it. A fixed (sinusoidal) table gets none at all.
        let paddingID = p.paddingID, positionPadding = p.configuration.positionPaddingIndex
        for token in 0..<T {
            let row = dx.pointer + token * H
            if Int(ids[token]) != paddingID {
                let word = p.wordEmbeddings.gradient + Int(ids[token]) * H
                for c in 0..<H { word[c] += row[c] }
            }
            if p.trainsPositions, positions[token] != positionPadding {
                let positionRow = p.positionEmbeddings.gradient + positions[token] * H
                for c in 0..<H { positionRow[c] += row[c] }
            }
            if let tokenType = p.tokenTypeEmbeddings?.gradient {
                for c in 0..<H { tokenType[c] += row[c] }
            }
        }
    }

    /// One layer's backward: given dL/d(layer output) in `dx` (overwritten), returns dL/d(layer input).
    private func backward(_ layer: EncoderParameters.Layer, _ a: LayerActivations, dx: FloatBuffer) -> FloatBuffer {
        let H = hidden, T = tokenCount, I = intermediate, heads = self.heads, headSize = self.headSize
        // Second LayerNorm: dx becomes d(x1 + branch).
        LayerKernels.layerNormBackward(
            dx.pointer, rowCount: T, width: H, weight: layer.outputNorm.weight.values,
            normalized: a.outputNormalized.pointer, inverseDeviation: a.outputInverseDeviation.pointer,
            weightGradient: layer.outputNorm.weight.gradient, biasGradient: layer.outputNorm.bias.gradient)
        let dBranch = FloatBuffer(copying: dx)
        a.outputDropout?.apply(to: dBranch.pointer, count: T * H)
        let dActivated = FloatBuffer(count: T * I)
        LayerKernels.linearBackward(
            outputGradient: dBranch.pointer, rowCount: T, outputStride: H, input: a.activated.pointer, inputStride: I,
            weight: layer.output.weight, bias: layer.output.bias, inputGradient: dActivated.pointer, inputGradientStride: I,
            accumulate: false, threads: threads)
        LayerKernels.multiply(dActivated.pointer, by: a.activationSlope.pointer, count: T * I)
        // The residual's gradient plus the feed-forward input's.
        LayerKernels.linearBackward(
            outputGradient: dActivated.pointer, rowCount: T, outputStride: I, input: a.attentionNormOutput.pointer,
            inputStride: H, weight: layer.intermediate.weight, bias: layer.intermediate.bias,
            inputGradient: dx.pointer, inputGradientStride: H, accumulate: true, threads: threads)
        // First LayerNorm.
        LayerKernels.layerNormBackward(
            dx.pointer, rowCount: T, width: H, weight: layer.attentionNorm.weight.values,
            normalized: a.attentionNormalized.pointer, inverseDeviation: a.attentionInverseDeviation.pointer,
            weightGradient: layer.attentionNorm.weight.gradient, biasGradient: layer.attentionNorm.bias.gradient)
        let dAttentionOut = FloatBuffer(copying: dx)
        a.attentionOutputDropout?.apply(to: dAttentionOut.pointer, count: T * H)
        let dContext = FloatBuffer(uninitializedCount: T * H)
        LayerKernels.linearBackward(
            outputGradient: dAttentionOut.pointer, rowCount: T, outputStride: H, input: a.context.pointer,
            inputStride: H, weight: layer.attentionOutput.weight, bias: layer.attentionOutput.bias,
            inputGradient: dContext.pointer, inputGradientStride: H, accumulate: false, threads: threads)
        // Attention, one part per sequence and head.
        let dqkv = FloatBuffer(count: T * 3 * H)
        let scale = 1 / Float(headSize).squareRoot()
        let spans = self.spans, offsets = probabilityOffsets, longest = self.longest, buckets = distanceBuckets
        let bucketCount = parameters.relativeAttentionBias?.shape[0] ?? 0
        // MPNet: each part's sums per bucket, added to the shared table in part order afterwards.
        let biasPartials = FloatBuffer(count: bucketCount == 0 ? 0 : attentionParts * bucketCount)
        ParallelWork.forEach(attentionParts, threads: threads) { part in
            let s = part / heads, h = part % heads, span = spans[s], n = span.count
            let offset = span.lowerBound * 3 * H + h * headSize
            let q = a.queryKeyValue.pointer + offset, k = q + H, v = q + 2 * H
            let dq = dqkv.pointer + offset, dk = dq + H, dv = dq + 2 * H
            let block = offsets[part]
            let pr = a.probabilities.pointer + block
            let dc = dContext.pointer + span.lowerBound * H + h * headSize
            let dScores = FloatBuffer(count: n * n)
            var used = UnsafePointer(pr)
            let dropped = FloatBuffer(count: a.attentionDropout == nil ? 0 : n * n)
            if let mask = a.attentionDropout {
                dropped.pointer.update(from: pr, count: n * n)
                mask.apply(to: dropped.pointer, count: n * n, maskOffset: block)
                used = UnsafePointer(dropped.pointer)
            }
            // dV = P'ᵀ·dC; dP' = dC·Vᵀ; dP = dropout'(dP'); dS = softmax'(dP)
            BLAS.sgemm(transposeA: .transposed, m: n, n: headSize, k: n, a: used, lda: n, b: dc, ldb: H, c: dv, ldc: 3 * H)
            BLAS.sgemm(transposeB: .transposed, m: n, n: n, k: headSize, a: dc, lda: H, b: v, ldb: 3 * H,
                       c: dScores.pointer, ldc: n)
            a.attentionDropout?.apply(to: dScores.pointer, count: n * n, maskOffset: block)
            LayerKernels.softmaxBackward(dScores.pointer, probabilities: pr, rowCount: n, width: n)
            if bucketCount > 0 {
                // dB[bucket(j − i)] += dS[i, j]: the bias is added to the scores unscaled.
                let partial = biasPartials.pointer + part * bucketCount
                for i in 0..<n {
                    for j in 0..<n { partial[buckets[longest - 1 + j - i]] += dScores[i * n + j] }
                }
            }
            // dQ = scale·dS·K; dK = scale·dSᵀ·Q
            BLAS.sgemm(m: n, n: headSize, k: n, alpha: scale, a: dScores.pointer, lda: n, b: k, ldb: 3 * H, c: dq, ldc: 3 * H)
            BLAS.sgemm(transposeA: .transposed, m: n, n: headSize, k: n, alpha: scale, a: dScores.pointer, lda: n,
                       b: q, ldb: 3 * H, c: dk, ldc: 3 * H)
        }
        if let table = parameters.relativeAttentionBias {
            for part in 0..<attentionParts {
                let h = part % heads, partial = biasPartials.pointer + part * bucketCount
                for bucket in 0..<bucketCount { table.gradient[bucket * heads + h] += partial[bucket] }
            }
        }
        // The residual's gradient plus the query, key and value inputs'.
        for (index, linear) in [layer.query, layer.key, layer.value].enumerated() {
            LayerKernels.linearBackward(
                outputGradient: dqkv.pointer + index * H, rowCount: T, outputStride: 3 * H, input: a.input.pointer,
                inputStride: H, weight: linear.weight, bias: linear.bias, inputGradient: dx.pointer,
                inputGradientStride: H, accumulate: true, threads: threads)
        }
        return dx
    }
}
