/// The BERT encoder computed over the real tokens of several sequences at once.
///
/// The tokens of all sequences are packed into one [tokens × hidden] matrix, so every
/// linear layer is a single matrix product over real tokens only (no padding, no mask);
/// attention alone is computed per sequence and head. A sequence's states therefore do
/// not depend on the other sequences of the batch.
///
/// The linear layers' weights are packed once, here, for the product kernel
/// (`PackedLinear`); query, key and value are one product. Bias, GELU and the residual
/// are applied by the product as it stores its results.
struct BertForwardPass {
    let configuration: BertConfiguration
    private let wordEmbeddings, positionEmbeddings, tokenTypeEmbeddings: FloatTensor
    private let embeddingNorm: BertWeights.LayerNorm
    private let layers: [Layer]

    /// One encoder layer with its products packed.
    struct Layer {
        /// [hidden] → [3 · hidden]: query, key and value side by side in each row.
        let queryKeyValue: PackedLinear
        let attentionOutput: PackedLinear
        let attentionNorm: BertWeights.LayerNorm
        let intermediate: PackedLinear
        let output: PackedLinear
        let outputNorm: BertWeights.LayerNorm
    }

    /// Up to this many rows (a sentence or two) a product is cut into slices of columns,
    /// beyond into slices of rows. Either way into more parts than threads: a
    /// thread that finishes early (or runs while the other is descheduled on a shared
    /// machine) takes over the rest instead of waiting a whole time slice for its twin.
    static let fewRowLimit = 48

    /// Packs `weights`' linear layers (see `pack`).
    init(configuration: BertConfiguration, weights: BertWeights, threads: Int) {
        let storage = Self.packedStorage(for: configuration)
        self.init(
            configuration: configuration, embeddingsOf: weights,
            layers: weights.layers.map { Self.pack($0, into: storage, threads: threads) })
    }

    /// The embeddings of `weights` (their layers are not looked at) and packed `layers`.
    init(configuration: BertConfiguration, embeddingsOf weights: BertWeights, layers: [Layer]) {
        self.configuration = configuration
        wordEmbeddings = weights.wordEmbeddings
        positionEmbeddings = weights.positionEmbeddings
        tokenTypeEmbeddings = weights.tokenTypeEmbeddings
        embeddingNorm = weights.embeddingNorm
        // Checked for NaNs at load, so every page is resident; a text needs a few rows of it.
        wordEmbeddings.releaseResidentPages()
        self.layers = layers
    }

    /// Room for the packed products of every layer of `configuration`.
    static func packedStorage(for configuration: BertConfiguration) -> PackedStorage {
        let hidden = configuration.hiddenSize, intermediate = configuration.intermediateSize
        let perLayer = [
            PackedLinear.packedCount(outputs: 3 * hidden, inputs: hidden),
            PackedLinear.packedCount(outputs: hidden, inputs: hidden),
            PackedLinear.packedCount(outputs: intermediate, inputs: hidden),
            PackedLinear.packedCount(outputs: hidden, inputs: intermediate),
        ]
        return PackedStorage(pieces: Array(repeating: perLayer, count: configuration.numHiddenLayers).flatMap { $0 })
    }

    /// Packs one layer's four products into `storage`, `threads` at a time. The unpacked
    /// matrices are not kept: the pages of memory-mapped ones (F32 files) are handed back
    /// (they are never read again), and owned ones (F16/BF16 files converted at load,
    /// random weights) are freed with their layer, so after loading the process holds one
    /// copy. (While an F16/BF16 model loads, its converted copy and the packed one coexist.)
    static func pack(_ layer: BertWeights.Layer, into storage: PackedStorage, threads: Int) -> Layer {
        let groups: [[BertWeights.Linear]] = [
            [layer.query, layer.key, layer.value], [layer.attentionOutput], [layer.intermediate], [layer.output],
        ]
        // Pieces taken here, on this thread; filled on any.
        let pieces = groups.map { group in
            storage.take(PackedLinear.packedCount(
                outputs: group.reduce(0) { $0 + $1.outputSize }, inputs: group.first?.inputSize ?? 0))
        }
        let packed = UnsafeMutableBufferPointer<PackedLinear?>.allocate(capacity: groups.count)
        packed.initialize(repeating: nil)
        defer {
            packed.deinitialize()  // releases the buffer's references; the layer keeps its own
            packed.deallocate()
        }
        ParallelWork.forEach(groups.count, threads: threads) { item in
            packed[item] = PackedLinear(groups[item], into: pieces[item], of: storage)
            for linear in groups[item] { linear.weight.releaseResidentPages() }
        }
        // Every item was written above (ParallelWork returns when all parts have run).
        func packedItem(_ index: Int) -> PackedLinear {
            guard let linear = packed[index] else { preconditionFailure("layer product \(index) was not packed") }
            return linear
        }
        return Layer(
            queryKeyValue: packedItem(0), attentionOutput: packedItem(1), attentionNorm: layer.attentionNorm,
            intermediate: packedItem(2), output: packedItem(3), outputNorm: layer.outputNorm)
    }

    /// Runs embeddings and every encoder layer over `sequences` (each non-empty, ids and
    /// lengths already validated).
    /// - Parameter threads: how many threads may share the work of each step.
    /// - Parameter observe: called with the packed states [tokens × hidden] after the
    ///   embeddings and after each layer.
    /// - Returns: the last layer's packed states [tokens × hidden], sequences in order.
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
            for layer in layers {
                encode(x, tokenCount: tokenCount, spans: spans, layer: layer, scratch: scratch, threads: threads)
                observe?(UnsafeBufferPointer(buffer))
            }
        }
        return states
    }

    /// x ← LayerNorm(word[id] + token_type[0] + position[i]) for every token, i counted per sequence.
    private func embed(_ sequences: [[Int32]], into x: UnsafeMutablePointer<Float>) {
        let hidden = configuration.hiddenSize
        let words = wordEmbeddings.baseAddress
        let positions = positionEmbeddings.baseAddress
        let tokenType = tokenTypeEmbeddings.baseAddress  // row 0: single-segment input
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
            weight: embeddingNorm.weight.baseAddress, bias: embeddingNorm.bias.baseAddress,
            epsilon: configuration.layerNormEps)
    }

    /// One encoder layer, in place on x [tokens × hidden]:
    /// x ← LN(x + Attention(x)·W_oᵀ + b_o); x ← LN(x + GELU(x·W₁ᵀ + b₁)·W₂ᵀ + b₂).
    ///
    /// Each product is cut into slices computed on `threads` threads (see `fewRowLimit`).
    private func encode(
        _ x: UnsafeMutablePointer<Float>, tokenCount: Int, spans: [Range<Int>],
        layer: Layer, scratch: Scratch, threads: Int
    ) {
        let hidden = configuration.hiddenSize
        let intermediate = configuration.intermediateSize
        func product(
            _ linear: PackedLinear, of input: UnsafePointer<Float>, stride: Int, into output: UnsafeMutablePointer<Float>,
            accumulate: Bool, activation: PackedLinear.Activation = .identity
        ) {
            let width = linear.outputSize
            if tokenCount <= Self.fewRowLimit {
                // Few rows: slices of columns, each its own part of the weights.
                let slices = threads > 1 ? 4 * threads : 1
                ParallelWork.forEach(slices, threads: threads) { part in
                    linear.apply(
                        to: input, rowCount: tokenCount, inputStride: stride,
                        columns: ParallelWork.slice(part, of: slices, count: width),
                        into: output, outputStride: width, accumulate: accumulate, activation: activation)
                }
            } else {
                // Many rows: slices of whole tiles of rows, so that each part copies only its
                // own rows into the kernel's tile layout; the weights are shared in cache.
                let slices = 2 * threads
                ParallelWork.forEach(slices, threads: threads) { part in
                    let rows = ParallelWork.slice(part, of: slices, count: tokenCount, granularity: 6)
                    guard !rows.isEmpty else { return }
                    linear.apply(
                        to: input + rows.lowerBound * stride, rowCount: rows.count, inputStride: stride,
                        columns: 0 ..< width, into: output + rows.lowerBound * width, outputStride: width,
                        accumulate: accumulate, activation: activation)
                }
            }
        }

        product(layer.queryKeyValue, of: x, stride: hidden, into: scratch.queryKeyValue, accumulate: false)
        attend(spans: spans, scratch: scratch, threads: threads)
        // The residual is the product's starting value (accumulate).
        product(layer.attentionOutput, of: scratch.context, stride: hidden, into: x, accumulate: true)
        normalize(x, rowCount: tokenCount, with: layer.attentionNorm, threads: threads)
        product(layer.intermediate, of: x, stride: hidden, into: scratch.intermediate, accumulate: false, activation: .gelu)
        product(layer.output, of: scratch.intermediate, stride: intermediate, into: x, accumulate: true)
        normalize(x, rowCount: tokenCount, with: layer.outputNorm, threads: threads)
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

    /// context ← softmax(Q·Kᵀ/√d)·V for every sequence and head; Q, K and V are side by side
    /// in the rows of `queryKeyValue` [tokens × 3·hidden], context is [tokens × hidden].
    /// (sequence, head) pairs are independent and handed out to `threads` threads.
    private func attend(spans: [Range<Int>], scratch: Scratch, threads: Int) {
        let hidden = configuration.hiddenSize
        let headSize = configuration.headSize
        let heads = configuration.numAttentionHeads
        let scale = 1 / Float(headSize).squareRoot()
        let query = UnsafePointer(scratch.queryKeyValue), key = query + hidden, value = query + 2 * hidden
        let kernel = AttentionHead.Kernel.best(headSize: headSize)
        ParallelWork.forEach(spans.count * heads, threads: threads) { item in
            let span = spans[item / heads]
            let head = (item % heads) * headSize
            let offset = span.lowerBound * 3 * hidden + head
            AttentionHead.compute(
                tokenCount: span.count, headSize: headSize,
                query: query + offset, key: key + offset, value: value + offset, stride: 3 * hidden, scale: scale,
                into: scratch.context + span.lowerBound * hidden + head, contextStride: hidden, kernel: kernel)
        }
    }

    /// Working memory for one `run`, allocated once and reused by every layer. Every
    /// element is written before it is read, so it is left uninitialised.
    private final class Scratch {
        /// [tokens × 3·hidden].
        let queryKeyValue: UnsafeMutablePointer<Float>
        /// [tokens × hidden].
        let context: UnsafeMutablePointer<Float>
        /// [tokens × intermediate].
        let intermediate: UnsafeMutablePointer<Float>

        init(tokenCount: Int, hidden: Int, intermediate intermediateSize: Int) {
            queryKeyValue = .allocate(capacity: max(tokenCount * 3 * hidden, 1))
            context = .allocate(capacity: max(tokenCount * hidden, 1))
            intermediate = .allocate(capacity: max(tokenCount * intermediateSize, 1))
        }

        deinit {
            for pointer in [queryKeyValue, context, intermediate] { pointer.deallocate() }
        }
    }
}
