/// A BERT-bodied encoder (BERT, RoBERTa, XLM-R, MPNet, DistilBERT: `EncoderArchitecture`)
/// computed over the real tokens of several sequences at once.
///
/// The tokens of all sequences are packed into one [tokens × hidden] matrix, so every
/// linear layer is a single matrix product over real tokens only (no padding, no mask);
/// attention alone is computed per sequence and head. A sequence's states therefore do
/// not depend on the other sequences of the batch.
///
/// The linear layers' weights are packed once, here, for the product kernel
/// (`PackedLinear`); query, key and value are one product. Bias, GELU and the residual
/// are applied by the product as it stores its results.
///
/// The families differ only at the edges: which position row a token gets (counted past
/// the padding id for RoBERTa and MPNet), whether a token-type row is added, the
/// feed-forward activation, and MPNet's relative position bias, added to the attention
/// scores by the attention kernel as it stores them.
struct EncoderForwardPass {
    let configuration: EncoderConfiguration
    private let wordEmbeddings, positionEmbeddings: FloatTensor
    private let tokenTypeEmbeddings: FloatTensor?
    private let embeddingNorm: EncoderWeights.LayerNorm
    private let relativeBias: RelativePositionBias?
    private let activation: PackedLinear.Activation
    private let layers: [Layer]

    /// One encoder layer with its products packed.
    struct Layer {
        /// [hidden] → [3 · hidden]: query, key and value side by side in each row.
        let queryKeyValue: LinearProduct
        let attentionOutput: LinearProduct
        let attentionNorm: EncoderWeights.LayerNorm
        let intermediate: LinearProduct
        let output: LinearProduct
        let outputNorm: EncoderWeights.LayerNorm
    }

    /// A linear layer packed for the float32 or the int8 kernel (`EncoderPrecision`).
    enum LinearProduct {
        case float32(PackedLinear)
        case int8(Int8Linear)

        var outputSize: Int {
            switch self {
            case .float32(let linear): linear.outputSize
            case .int8(let linear): linear.outputSize
            }
        }
    }

    /// Up to this many rows (a sentence or two) a product is cut into slices of columns,
    /// beyond into slices of rows. Either way into more parts than threads: a
    /// thread that finishes early (or runs while the other is descheduled on a shared
    /// machine) takes over the rest instead of waiting a whole time slice for its twin.
    static let fewRowLimit = 48

    /// Packs `weights`' linear layers (see `pack`).
    init(configuration: EncoderConfiguration, weights: EncoderWeights, threads: Int, precision: EncoderPrecision = .float32) {
        let storage = Self.packedStorage(for: configuration, precision: precision)
        self.init(
            configuration: configuration, embeddingsOf: weights,
            layers: weights.layers.map { Self.pack($0, into: storage, threads: threads, precision: precision) })
    }

    /// The embeddings of `weights` (their layers are not looked at) and packed `layers`.
    init(configuration: EncoderConfiguration, embeddingsOf weights: EncoderWeights, layers: [Layer]) {
        self.configuration = configuration
        wordEmbeddings = weights.wordEmbeddings
        positionEmbeddings = weights.positionEmbeddings
        tokenTypeEmbeddings = weights.tokenTypeEmbeddings
        embeddingNorm = weights.embeddingNorm
        relativeBias = weights.relativeAttentionBias.map {
            RelativePositionBias(table: $0, headCount: configuration.numAttentionHeads)
        }
        activation = switch configuration.activation {
        case .gelu: .gelu
        case .geluTanh: .geluTanh
        case .relu: .relu
        }
        // Checked for NaNs at load, so every page is resident; a text needs a few rows of it.
        wordEmbeddings.releaseResidentPages()
        self.layers = layers
    }

    /// Room for the packed products of every layer of `configuration`.
    static func packedStorage(for configuration: EncoderConfiguration, precision: EncoderPrecision = .float32) -> PackedStorage {
        let hidden = configuration.hiddenSize, intermediate = configuration.intermediateSize
        let count = precision == .int8 ? Int8Linear.packedCount : PackedLinear.packedCount
        let perLayer = [
            count(3 * hidden, hidden),
            count(hidden, hidden),
            count(intermediate, hidden),
            count(hidden, intermediate),
        ]
        return PackedStorage(pieces: Array(repeating: perLayer, count: configuration.numHiddenLayers).flatMap { $0 })
    }

    /// Packs one layer's four products into `storage`, `threads` at a time. The unpacked
    /// matrices are not kept: the pages of memory-mapped ones (F32 files) are handed back
    /// (they are never read again), and owned ones (F16/BF16 files converted at load,
    /// random weights) are freed with their layer, so after loading the process holds one
    /// copy. (While an F16/BF16 model loads, its converted copy and the packed one coexist.)
    static func pack(
        _ layer: EncoderWeights.Layer, into storage: PackedStorage, threads: Int, precision: EncoderPrecision = .float32
    ) -> Layer {
        let groups: [[EncoderWeights.Linear]] = [
            [layer.query, layer.key, layer.value], [layer.attentionOutput], [layer.intermediate], [layer.output],
        ]
        // Pieces taken here, on this thread; filled on any.
        let count = precision == .int8 ? Int8Linear.packedCount : PackedLinear.packedCount
        let pieces = groups.map { group in
            storage.take(count(group.reduce(0) { $0 + $1.outputSize }, group.first?.inputSize ?? 0))
        }
        let packed = UnsafeMutableBufferPointer<LinearProduct?>.allocate(capacity: groups.count)
        packed.initialize(repeating: nil)
        defer {
            packed.deinitialize()  // releases the buffer's references; the layer keeps its own
            packed.deallocate()
        }
        ParallelWork.forEach(groups.count, threads: threads) { item in
            packed[item] = switch precision {
            case .float32: .float32(PackedLinear(groups[item], into: pieces[item], of: storage))
            case .int8: .int8(Int8Linear(groups[item], into: pieces[item], of: storage))
            }
            for linear in groups[item] { linear.weight.releaseResidentPages() }
        }
        // Every item was written above (ParallelWork returns when all parts have run).
        func packedItem(_ index: Int) -> LinearProduct {
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
        // MPNet: the bias rows for this batch's longest sequence, once for every layer.
        let positionBias = relativeBias.map { bias in
            let rows = bias.rows(longest: spans.map(\.count).max() ?? 1)
            return PositionBiasRows(values: rows.values, rowStride: rows.rowStride, centre: rows.centre)
        }
        states.withUnsafeMutableBufferPointer { buffer in
            guard let x = buffer.baseAddress else { return }
            embed(sequences, into: x)
            observe?(UnsafeBufferPointer(buffer))
            for layer in layers {
                encode(
                    x, tokenCount: tokenCount, spans: spans, layer: layer, scratch: scratch,
                    positionBias: positionBias, threads: threads)
                observe?(UnsafeBufferPointer(buffer))
            }
        }
        return states
    }

    /// x ← LayerNorm(word[id] + token_type[0] + position[p]) for every token (no token type
    /// for MPNet and DistilBERT); p is `positions`' row for the token.
    private func embed(_ sequences: [[Int32]], into x: UnsafeMutablePointer<Float>) {
        let hidden = configuration.hiddenSize
        let words = wordEmbeddings.baseAddress
        let positions = positionEmbeddings.baseAddress
        let paddingIndex = configuration.positionPaddingIndex
        var row = x
        for sequence in sequences {
            var counted = 0  // tokens other than padding so far (positions past the padding id)
            for (index, id) in sequence.enumerated() {
                let position: Int
                if let paddingIndex {
                    // As transformers' create_position_ids_from_input_ids: padding + running
                    // count of non-padding tokens; a padding token itself gets the padding row.
                    if Int(id) == paddingIndex {
                        position = paddingIndex
                    } else {
                        counted += 1
                        position = paddingIndex + counted
                    }
                } else {
                    position = index
                }
                let word = words + Int(id) * hidden
                let positionRow = positions + position * hidden
                if let tokenTypeEmbeddings {
                    let tokenType = tokenTypeEmbeddings.baseAddress  // row 0: single-segment input
                    // Same order as transformers: (inputs_embeds + token_type) + position.
                    for column in 0..<hidden {
                        row[column] = (word[column] + tokenType[column]) + positionRow[column]
                    }
                } else {
                    for column in 0..<hidden { row[column] = word[column] + positionRow[column] }
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
    /// x ← LN(x + Attention(x)·W_oᵀ + b_o); x ← LN(x + act(x·W₁ᵀ + b₁)·W₂ᵀ + b₂).
    ///
    /// Each product is cut into slices computed on `threads` threads (see `fewRowLimit`).
    private func encode(
        _ x: UnsafeMutablePointer<Float>, tokenCount: Int, spans: [Range<Int>],
        layer: Layer, scratch: Scratch, positionBias: PositionBiasRows?, threads: Int
    ) {
        let hidden = configuration.hiddenSize
        let intermediate = configuration.intermediateSize
        func product(
            _ product: LinearProduct, of input: UnsafePointer<Float>, stride: Int, into output: UnsafeMutablePointer<Float>,
            accumulate: Bool, activation: PackedLinear.Activation = .identity
        ) {
            switch product {
            case .float32(let linear):
                floatProduct(linear, of: input, stride: stride, into: output, accumulate: accumulate, activation: activation)
            case .int8(let linear):
                let rows = linear.inputSize == hidden ? scratch.quantizedHidden : scratch.quantizedIntermediate
                int8Product(linear, of: input, stride: stride, quantizedInto: rows, into: output,
                            accumulate: accumulate, activation: activation)
            }
        }
        func floatProduct(
            _ linear: PackedLinear, of input: UnsafePointer<Float>, stride: Int, into output: UnsafeMutablePointer<Float>,
            accumulate: Bool, activation: PackedLinear.Activation
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

        /// The input quantized once (row slices on every thread when there are many rows),
        /// then cut as `floatProduct` cuts its work.
        func int8Product(
            _ linear: Int8Linear, of input: UnsafePointer<Float>, stride: Int, quantizedInto rows: QuantizedRows,
            into output: UnsafeMutablePointer<Float>, accumulate: Bool, activation: PackedLinear.Activation
        ) {
            let width = linear.outputSize
            let quantizeParts = tokenCount >= 64 ? threads : 1
            ParallelWork.forEach(quantizeParts, threads: quantizeParts) { part in
                rows.quantize(input, stride: stride,
                              rows: ParallelWork.slice(part, of: quantizeParts, count: tokenCount, granularity: 1))
            }
            if tokenCount <= Self.fewRowLimit {
                let slices = threads > 1 ? 4 * threads : 1
                ParallelWork.forEach(slices, threads: threads) { part in
                    linear.apply(
                        to: rows, rows: 0 ..< tokenCount, columns: ParallelWork.slice(part, of: slices, count: width),
                        into: output, outputStride: width, accumulate: accumulate, activation: activation)
                }
            } else {
                let slices = 2 * threads
                ParallelWork.forEach(slices, threads: threads) { part in
                    let slice = ParallelWork.slice(part, of: slices, count: tokenCount, granularity: 6)
                    guard !slice.isEmpty else { return }
                    linear.apply(
                        to: rows, rows: slice, columns: 0 ..< width, into: output + slice.lowerBound * width,
                        outputStride: width, accumulate: accumulate, activation: activation)
                }
            }
        }

        product(layer.queryKeyValue, of: x, stride: hidden, into: scratch.queryKeyValue, accumulate: false)
        attend(spans: spans, scratch: scratch, positionBias: positionBias, threads: threads)
        // The residual is the product's starting value (accumulate).
        product(layer.attentionOutput, of: scratch.context, stride: hidden, into: x, accumulate: true)
        normalize(x, rowCount: tokenCount, with: layer.attentionNorm, threads: threads)
        product(layer.intermediate, of: x, stride: hidden, into: scratch.intermediate, accumulate: false, activation: activation)
        product(layer.output, of: scratch.intermediate, stride: intermediate, into: x, accumulate: true)
        normalize(x, rowCount: tokenCount, with: layer.outputNorm, threads: threads)
    }

    /// LayerNorm over the rows of x [tokens × hidden], cut into row slices when there are
    /// enough rows to be worth waking another thread.
    private func normalize(_ x: UnsafeMutablePointer<Float>, rowCount: Int, with norm: EncoderWeights.LayerNorm, threads: Int) {
        let hidden = configuration.hiddenSize
        let rowParts = rowCount >= 64 ? threads : 1
        ParallelWork.forEach(rowParts, threads: rowParts) { part in
            let rows = ParallelWork.slice(part, of: rowParts, count: rowCount, granularity: 1)
            TransformerKernels.layerNorm(
                x + rows.lowerBound * hidden, rowCount: rows.count, width: hidden,
                weight: norm.weight.baseAddress, bias: norm.bias.baseAddress, epsilon: configuration.layerNormEps)
        }
    }

    /// context ← softmax(Q·Kᵀ/√d + B)·V for every sequence and head; Q, K and V are side by
    /// side in the rows of `queryKeyValue` [tokens × 3·hidden], context is [tokens × hidden];
    /// B is MPNet's relative position bias (absent for the other families).
    /// (sequence, head) pairs are independent and handed out to `threads` threads.
    private func attend(spans: [Range<Int>], scratch: Scratch, positionBias: PositionBiasRows?, threads: Int) {
        let hidden = configuration.hiddenSize
        let headSize = configuration.headSize
        let heads = configuration.numAttentionHeads
        let scale = 1 / Float(headSize).squareRoot()
        let query = UnsafePointer(scratch.queryKeyValue), key = query + hidden, value = query + 2 * hidden
        let kernel = AttentionHead.Kernel.best(headSize: headSize)
        func run(bias: UnsafePointer<Float>?) {
            ParallelWork.forEach(spans.count * heads, threads: threads) { item in
                let span = spans[item / heads]
                let headIndex = item % heads
                let head = headIndex * headSize
                let offset = span.lowerBound * 3 * hidden + head
                AttentionHead.compute(
                    tokenCount: span.count, headSize: headSize,
                    query: query + offset, key: key + offset, value: value + offset, stride: 3 * hidden, scale: scale,
                    positionBias: bias.map { $0 + headIndex * (positionBias?.rowStride ?? 0) },
                    into: scratch.context + span.lowerBound * hidden + head, contextStride: hidden, kernel: kernel)
            }
        }
        guard let positionBias else { return run(bias: nil) }
        positionBias.values.withUnsafeBufferPointer { rows in
            run(bias: rows.baseAddress.map { $0 + positionBias.centre })
        }
    }

    /// One row of relative position biases per head (`RelativePositionBias.rows`).
    struct PositionBiasRows {
        let values: [Float]
        /// Floats from one head's row to the next.
        let rowStride: Int
        /// Index, within a row, of the bias of distance 0.
        let centre: Int
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

        /// The inputs of the int8 products, quantized: [tokens × hidden] and [tokens × intermediate]
        /// (allocated on first use, so the float32 path never pays for them).
        private(set) lazy var quantizedHidden = QuantizedRows(rowCount: tokenCount, inputSize: hidden)
        private(set) lazy var quantizedIntermediate = QuantizedRows(rowCount: tokenCount, inputSize: intermediateSize)
        private let tokenCount, hidden, intermediateSize: Int

        init(tokenCount: Int, hidden: Int, intermediate intermediateSize: Int) {
            queryKeyValue = .allocate(capacity: max(tokenCount * 3 * hidden, 1))
            context = .allocate(capacity: max(tokenCount * hidden, 1))
            intermediate = .allocate(capacity: max(tokenCount * intermediateSize, 1))
            self.tokenCount = tokenCount
            self.hidden = hidden
            self.intermediateSize = intermediateSize
        }

        deinit {
            for pointer in [queryKeyValue, context, intermediate] { pointer.deallocate() }
        }
    }
}
