/// The BERT encoder computed over the real tokens of several sequences at once.
///
/// The tokens of all sequences are packed into one [tokens × hidden] matrix, so every
/// linear layer is a single matrix product over real tokens only (no padding, no mask);
/// attention alone is computed per sequence and head. A sequence's states therefore do
/// not depend on the other sequences of the batch.
struct BertForwardPass {
    let configuration: BertConfiguration
    let weights: BertWeights

    /// Runs embeddings and every encoder layer over `sequences` (each non-empty, ids and
    /// lengths already validated).
    /// - Parameter observe: called with the packed states [tokens × hidden] after the
    ///   embeddings and after each layer.
    /// - Returns: the last layer's packed states [tokens × hidden], sequences in order.
    func run(_ sequences: [[Int32]], observe: ((UnsafeBufferPointer<Float>) -> Void)? = nil) -> [Float] {
        let hidden = configuration.hiddenSize
        let tokenCount = sequences.reduce(0) { $0 + $1.count }
        var spans: [Range<Int>] = []
        spans.reserveCapacity(sequences.count)
        var start = 0
        for sequence in sequences {
            spans.append(start ..< start + sequence.count)
            start += sequence.count
        }
        let longest = sequences.reduce(0) { max($0, $1.count) }

        var states = [Float](repeating: 0, count: tokenCount * hidden)
        let scratch = Scratch(
            tokenCount: tokenCount, hidden: hidden,
            intermediate: configuration.intermediateSize, longestSequence: longest)
        states.withUnsafeMutableBufferPointer { buffer in
            guard let x = buffer.baseAddress else { return }
            embed(sequences, into: x)
            observe?(UnsafeBufferPointer(buffer))
            for layer in weights.layers {
                encode(x, tokenCount: tokenCount, spans: spans, layer: layer, scratch: scratch)
                observe?(UnsafeBufferPointer(buffer))
            }
        }
        return states
    }

    /// x ← LayerNorm(word[id] + token_type[0] + position[i]) for every token, i counted per sequence.
    private func embed(_ sequences: [[Int32]], into x: UnsafeMutablePointer<Float>) {
        let hidden = configuration.hiddenSize
        let words = weights.wordEmbeddings.baseAddress
        let positions = weights.positionEmbeddings.baseAddress
        let tokenType = weights.tokenTypeEmbeddings.baseAddress  // row 0: single-segment input
        var row = x
        for sequence in sequences {
            for (position, id) in sequence.enumerated() {
                let word = words + Int(id) * hidden
                let positionRow = positions + position * hidden
                // Same order as transformers: (inputs_embeds + token_type) + position.
                for column in 0..<hidden {
                    row[column] = (word[column] + tokenType[column]) + positionRow[column]
                }
                row += hidden
            }
        }
        let tokenCount = sequences.reduce(0) { $0 + $1.count }
        TransformerKernels.layerNorm(
            x, rowCount: tokenCount, width: hidden,
            weight: weights.embeddingNorm.weight.baseAddress, bias: weights.embeddingNorm.bias.baseAddress,
            epsilon: configuration.layerNormEps)
    }

    /// One encoder layer, in place on x [tokens × hidden]:
    /// x ← LN(x + Attention(x)·W_oᵀ + b_o); x ← LN(x + GELU(x·W₁ᵀ + b₁)·W₂ᵀ + b₂).
    private func encode(
        _ x: UnsafeMutablePointer<Float>, tokenCount: Int, spans: [Range<Int>],
        layer: BertWeights.Layer, scratch: Scratch
    ) {
        let hidden = configuration.hiddenSize
        let intermediate = configuration.intermediateSize
        let epsilon = configuration.layerNormEps

        project(x, rowCount: tokenCount, through: layer.query, into: scratch.query)
        project(x, rowCount: tokenCount, through: layer.key, into: scratch.key)
        project(x, rowCount: tokenCount, through: layer.value, into: scratch.value)
        attend(spans: spans, scratch: scratch)

        // Residual first, then the bias, then the product accumulated on top (beta = 1).
        TransformerKernels.addToRows(x, rowCount: tokenCount, width: hidden, vector: layer.attentionOutput.bias.baseAddress)
        multiply(scratch.context, rowCount: tokenCount, by: layer.attentionOutput.weight, accumulatingInto: x)
        TransformerKernels.layerNorm(
            x, rowCount: tokenCount, width: hidden,
            weight: layer.attentionNorm.weight.baseAddress, bias: layer.attentionNorm.bias.baseAddress, epsilon: epsilon)

        project(x, rowCount: tokenCount, through: layer.intermediate, into: scratch.intermediate)
        TransformerKernels.gelu(scratch.intermediate, count: tokenCount * intermediate)
        TransformerKernels.addToRows(x, rowCount: tokenCount, width: hidden, vector: layer.output.bias.baseAddress)
        multiply(scratch.intermediate, rowCount: tokenCount, by: layer.output.weight, accumulatingInto: x)
        TransformerKernels.layerNorm(
            x, rowCount: tokenCount, width: hidden,
            weight: layer.outputNorm.weight.baseAddress, bias: layer.outputNorm.bias.baseAddress, epsilon: epsilon)
    }

    /// context ← softmax(Q·Kᵀ/√d)·V for every sequence and head, Q/K/V/context [tokens × hidden].
    private func attend(spans: [Range<Int>], scratch: Scratch) {
        let hidden = configuration.hiddenSize
        let headSize = configuration.headSize
        let scale = 1 / Float(headSize).squareRoot()
        let scores = scratch.scores
        for span in spans {
            let n = span.count
            let rowOffset = span.lowerBound * hidden
            for head in 0..<configuration.numAttentionHeads {
                let offset = rowOffset + head * headSize
                // scores [n × n] = scale · Q_h [n × d] · K_hᵀ [d × n]
                BLAS.sgemm(
                    transposeB: .transposed, m: n, n: n, k: headSize, alpha: scale,
                    a: scratch.query + offset, lda: hidden, b: scratch.key + offset, ldb: hidden,
                    c: scores, ldc: n)
                TransformerKernels.softmaxRows(scores, rowCount: n, width: n, stride: n)
                // context_h [n × d] = scores [n × n] · V_h [n × d]
                BLAS.sgemm(
                    m: n, n: headSize, k: n,
                    a: scores, lda: n, b: scratch.value + offset, ldb: hidden,
                    c: scratch.context + offset, ldc: hidden)
            }
        }
    }

    /// output [rows × out] ← input [rows × in] · Wᵀ + b.
    private func project(
        _ input: UnsafePointer<Float>, rowCount: Int, through linear: BertWeights.Linear,
        into output: UnsafeMutablePointer<Float>
    ) {
        TransformerKernels.fillRows(output, rowCount: rowCount, width: linear.outputSize, with: linear.bias.baseAddress)
        multiply(input, rowCount: rowCount, by: linear.weight, accumulatingInto: output)
    }

    /// output [rows × out] += input [rows × in] · Wᵀ, W stored [out × in].
    private func multiply(
        _ input: UnsafePointer<Float>, rowCount: Int, by weight: FloatTensor,
        accumulatingInto output: UnsafeMutablePointer<Float>
    ) {
        let outputSize = weight.shape[0], inputSize = weight.shape[1]
        BLAS.sgemm(
            transposeB: .transposed, m: rowCount, n: outputSize, k: inputSize,
            a: input, lda: inputSize, b: weight.baseAddress, ldb: inputSize,
            beta: 1, c: output, ldc: outputSize)
    }

    /// Working memory for one `run`, allocated once and reused by every layer.
    private final class Scratch {
        /// [tokens × hidden] each.
        let query, key, value, context: UnsafeMutablePointer<Float>
        /// [tokens × intermediate].
        let intermediate: UnsafeMutablePointer<Float>
        /// [longest × longest]: one head's attention scores.
        let scores: UnsafeMutablePointer<Float>

        init(tokenCount: Int, hidden: Int, intermediate intermediateSize: Int, longestSequence: Int) {
            func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
                let pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
                pointer.initialize(repeating: 0, count: max(count, 1))
                return pointer
            }
            query = allocate(tokenCount * hidden)
            key = allocate(tokenCount * hidden)
            value = allocate(tokenCount * hidden)
            context = allocate(tokenCount * hidden)
            intermediate = allocate(tokenCount * intermediateSize)
            scores = allocate(longestSequence * longestSequence)
        }

        deinit {
            for pointer in [query, key, value, context, intermediate, scores] { pointer.deallocate() }
        }
    }
}
