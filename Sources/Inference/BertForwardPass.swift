/// The BERT encoder computed over the real tokens of several sequences at once.
///
/// The tokens of all sequences are packed into one [tokens × hidden] matrix, so every
/// linear layer is a single matrix product over real tokens only (no padding, no mask);
/// attention alone is computed per sequence and head. A sequence's states therefore do
/// not depend on the other sequences of the batch.
struct BertForwardPass {
    let configuration: BertConfiguration
    let weights: BertWeights

    /// Up to this many rows, products run as direct dot products over the weights
    /// (`AcceleratedKernels`) instead of OpenBLAS, whose copy of the weights into its packed
    /// layout costs as much as the arithmetic when there are few rows to reuse it for.
    /// (Measured: equal speed at about 48 rows of 384 inputs, OpenBLAS ahead beyond.)
    static let directProductRowLimit = 48

    /// Runs embeddings and every encoder layer over `sequences` (each non-empty, ids and
    /// lengths already validated).
    /// - Parameter observe: called with the packed states [tokens × hidden] after the
    ///   embeddings and after each layer.
    /// - Returns: the last layer's packed states [tokens × hidden], sequences in order.
    /// - Parameter threads: how many threads may share the work of each step.
    func run(_ sequences: [[Int32]], threads: Int, observe: ((UnsafeBufferPointer<Float>) -> Void)? = nil) -> [Float] {
        let hidden = configuration.hiddenSize
        let tokenCount = sequences.reduce(0) { $0 + $1.count }
        var spans: [Range<Int>] = []
        spans.reserveCapacity(sequences.count)
        var start = 0
        for sequence in sequences {
            spans.append(start ..< start + sequence.count)
            start += sequence.count
        }

        var states = [Float](repeating: 0, count: tokenCount * hidden)
        let scratch = Scratch(tokenCount: tokenCount, hidden: hidden, intermediate: configuration.intermediateSize)
        states.withUnsafeMutableBufferPointer { buffer in
            guard let x = buffer.baseAddress else { return }
            embed(sequences, into: x)
            observe?(UnsafeBufferPointer(buffer))
            for layer in weights.layers {
                encode(x, tokenCount: tokenCount, spans: spans, layer: layer, scratch: scratch, threads: threads)
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
    ///
    /// Each matrix product is cut into slices of output columns (whole rows of W, so each
    /// slice reads its own contiguous part of the weights) computed on `threads` threads,
    /// with the element-wise step that follows it done by the same part on the same slice.
    private func encode(
        _ x: UnsafeMutablePointer<Float>, tokenCount: Int, spans: [Range<Int>],
        layer: BertWeights.Layer, scratch: Scratch, threads: Int
    ) {
        let hidden = configuration.hiddenSize
        let intermediate = configuration.intermediateSize
        // Few rows: the direct products copy nothing, so thinner slices cost nothing, and
        // they let a running thread take over the work of one the system has descheduled
        // (on a shared machine a part can otherwise wait a whole time slice for its twin).
        let slices = threads > 1 && usesDirectProducts(rowCount: tokenCount) ? 4 * threads : threads

        ParallelWork.forEach(3 * slices, threads: threads) { item in
            let columns = ParallelWork.slice(item % slices, of: slices, count: hidden)
            switch item / slices {
            case 0: project(x, rowCount: tokenCount, through: layer.query, columns: columns, into: scratch.query)
            case 1: project(x, rowCount: tokenCount, through: layer.key, columns: columns, into: scratch.key)
            default: project(x, rowCount: tokenCount, through: layer.value, columns: columns, into: scratch.value)
            }
        }
        attend(spans: spans, scratch: scratch, threads: threads)

        ParallelWork.forEach(slices, threads: threads) { part in
            let columns = ParallelWork.slice(part, of: slices, count: hidden)
            // Residual first, then the bias, then the product accumulated on top (beta = 1).
            TransformerKernels.addToRows(
                x + columns.lowerBound, rowCount: tokenCount, width: columns.count, stride: hidden,
                vector: layer.attentionOutput.bias.baseAddress + columns.lowerBound)
            multiply(scratch.context, rowCount: tokenCount, by: layer.attentionOutput.weight, columns: columns, into: x, beta: 1)
        }
        normalize(x, rowCount: tokenCount, with: layer.attentionNorm, threads: threads)

        ParallelWork.forEach(slices, threads: threads) { part in
            let columns = ParallelWork.slice(part, of: slices, count: intermediate)
            multiply(x, rowCount: tokenCount, by: layer.intermediate.weight, columns: columns, into: scratch.intermediate, beta: 0)
            TransformerKernels.addBiasAndGELU(
                scratch.intermediate + columns.lowerBound, rowCount: tokenCount, width: columns.count, stride: intermediate,
                bias: layer.intermediate.bias.baseAddress + columns.lowerBound)
        }
        ParallelWork.forEach(slices, threads: threads) { part in
            let columns = ParallelWork.slice(part, of: slices, count: hidden)
            TransformerKernels.addToRows(
                x + columns.lowerBound, rowCount: tokenCount, width: columns.count, stride: hidden,
                vector: layer.output.bias.baseAddress + columns.lowerBound)
            multiply(scratch.intermediate, rowCount: tokenCount, by: layer.output.weight, columns: columns, into: x, beta: 1)
        }
        normalize(x, rowCount: tokenCount, with: layer.outputNorm, threads: threads)
    }

    /// Whether products over `rowCount` rows run on the direct kernels.
    private func usesDirectProducts(rowCount: Int) -> Bool {
        rowCount <= Self.directProductRowLimit && AcceleratedKernels.available
    }

    /// LayerNorm over the rows of x [tokens × hidden], cut into row slices when there are
    /// enough rows to be worth waking another thread.
    private func normalize(_ x: UnsafeMutablePointer<Float>, rowCount: Int, with norm: BertWeights.LayerNorm, threads: Int) {
        let hidden = configuration.hiddenSize
        let rowParts = rowCount >= 64 ? threads : 1
        ParallelWork.forEach(rowParts, threads: rowParts) { part in
            let rows = ParallelWork.slice(part, of: rowParts, count: rowCount, granularity: 1)
            TransformerKernels.layerNorm(
                x + rows.lowerBound * hidden, rowCount: rows.count, width: hidden,
                weight: norm.weight.baseAddress, bias: norm.bias.baseAddress, epsilon: configuration.layerNormEps)
        }
    }

    /// context ← softmax(Q·Kᵀ/√d)·V for every sequence and head, Q/K/V/context [tokens × hidden].
    /// (sequence, head) pairs are independent and handed out to `threads` threads.
    private func attend(spans: [Range<Int>], scratch: Scratch, threads: Int) {
        let hidden = configuration.hiddenSize
        let headSize = configuration.headSize
        let heads = configuration.numAttentionHeads
        let scale = 1 / Float(headSize).squareRoot()
        ParallelWork.forEach(spans.count * heads, threads: threads) { item in
            let span = spans[item / heads]
            let n = span.count
            let offset = span.lowerBound * hidden + (item % heads) * headSize
            withUnsafeTemporaryAllocation(of: Float.self, capacity: n * n) { buffer in
                guard let scores = buffer.baseAddress else { return }
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

    /// output[:, columns] ← input [rows × in] · W[columns]ᵀ + b[columns]; output is [rows × out].
    private func project(
        _ input: UnsafePointer<Float>, rowCount: Int, through linear: BertWeights.Linear, columns: Range<Int>,
        into output: UnsafeMutablePointer<Float>
    ) {
        TransformerKernels.fillRows(
            output + columns.lowerBound, rowCount: rowCount, width: columns.count, stride: linear.outputSize,
            with: linear.bias.baseAddress + columns.lowerBound)
        multiply(input, rowCount: rowCount, by: linear.weight, columns: columns, into: output, beta: 1)
    }

    /// output[:, columns] ← input [rows × in] · W[columns]ᵀ + beta · output[:, columns], with W
    /// stored [out × in] and output [rows × out]: the rows `columns` of W are one contiguous block.
    private func multiply(
        _ input: UnsafePointer<Float>, rowCount: Int, by weight: FloatTensor, columns: Range<Int>,
        into output: UnsafeMutablePointer<Float>, beta: Float
    ) {
        guard !columns.isEmpty else { return }
        let outputSize = weight.shape[0], inputSize = weight.shape[1]
        if usesDirectProducts(rowCount: rowCount) && (beta == 0 || beta == 1) {
            AcceleratedKernels.multiplyTransposed(
                m: rowCount, n: columns.count, k: inputSize,
                a: input, lda: inputSize, b: weight.baseAddress + columns.lowerBound * inputSize, ldb: inputSize,
                accumulate: beta == 1, c: output + columns.lowerBound, ldc: outputSize)
            return
        }
        BLAS.sgemm(
            transposeB: .transposed, m: rowCount, n: columns.count, k: inputSize,
            a: input, lda: inputSize, b: weight.baseAddress + columns.lowerBound * inputSize, ldb: inputSize,
            beta: beta, c: output + columns.lowerBound, ldc: outputSize)
    }

    /// Working memory for one `run`, allocated once and reused by every layer. Every
    /// element is written before it is read, so it is left uninitialised.
    private final class Scratch {
        /// [tokens × hidden] each.
        let query, key, value, context: UnsafeMutablePointer<Float>
        /// [tokens × intermediate].
        let intermediate: UnsafeMutablePointer<Float>

        init(tokenCount: Int, hidden: Int, intermediate intermediateSize: Int) {
            query = .allocate(capacity: max(tokenCount * hidden, 1))
            key = .allocate(capacity: max(tokenCount * hidden, 1))
            value = .allocate(capacity: max(tokenCount * hidden, 1))
            context = .allocate(capacity: max(tokenCount * hidden, 1))
            intermediate = .allocate(capacity: max(tokenCount * intermediateSize, 1))
        }

        deinit {
            for pointer in [query, key, value, context, intermediate] { pointer.deallocate() }
        }
    }
}
