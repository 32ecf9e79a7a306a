/// The weights of an encoder, looked up by their transformers names (each family its own,
/// `EncoderWeightNames`) and shape-checked.
///
/// Names are tried as written (`embeddings.word_embeddings.weight`) and with the prefixes
/// `…For…` checkpoints use (`bert.`, `roberta.`, `mpnet.`, `distilbert.`, `model.`).
/// `pooler.*` and `embeddings.position_ids` are never read. Linear weights keep the
/// PyTorch layout [out × in].
public struct EncoderWeights: Sendable {
    /// Scale and shift of one LayerNorm, each [hidden].
    public struct LayerNorm: Sendable {
        public let weight: FloatTensor
        public let bias: FloatTensor
    }

    /// A linear map y = x·Wᵀ + b with W stored [out × in] and b [out].
    public struct Linear: Sendable {
        public let weight: FloatTensor
        public let bias: FloatTensor
        /// Output width (rows of W).
        public var outputSize: Int { weight.shape[0] }
        /// Input width (columns of W).
        public var inputSize: Int { weight.shape[1] }
    }

    /// One encoder layer.
    public struct Layer: Sendable {
        public let query: Linear
        public let key: Linear
        public let value: Linear
        /// Projects the concatenated heads back to [hidden].
        public let attentionOutput: Linear
        public let attentionNorm: LayerNorm
        /// [hidden] → [intermediate].
        public let intermediate: Linear
        /// [intermediate] → [hidden].
        public let output: Linear
        public let outputNorm: LayerNorm
    }

    /// [vocab × hidden].
    public let wordEmbeddings: FloatTensor
    /// [max positions × hidden].
    public let positionEmbeddings: FloatTensor
    /// [type vocab × hidden]; nil for families without token types (MPNet, DistilBERT).
    public let tokenTypeEmbeddings: FloatTensor?
    public let embeddingNorm: LayerNorm
    /// MPNet's [buckets × heads] relative attention bias, shared by every layer; nil otherwise.
    public let relativeAttentionBias: FloatTensor?
    public let layers: [Layer]

    init(
        wordEmbeddings: FloatTensor, positionEmbeddings: FloatTensor, tokenTypeEmbeddings: FloatTensor?,
        embeddingNorm: LayerNorm, relativeAttentionBias: FloatTensor? = nil, layers: [Layer]
    ) {
        self.wordEmbeddings = wordEmbeddings
        self.positionEmbeddings = positionEmbeddings
        self.tokenTypeEmbeddings = tokenTypeEmbeddings
        self.embeddingNorm = embeddingNorm
        self.relativeAttentionBias = relativeAttentionBias
        self.layers = layers
    }

    /// Looks up every tensor `configuration` implies in `file` and checks its shape.
    /// - Throws: `missingTensor`, `wrongShape`, `unsupportedDType` or `nonFiniteWeight`, naming the tensor.
    public init(file: SafeTensorsFile, configuration: EncoderConfiguration) throws {
        let hidden = configuration.hiddenSize
        let intermediate = configuration.intermediateSize
        let architecture = configuration.architecture
        let names = EncoderWeightNames(architecture)

        func storedName(_ name: String) -> String? {
            architecture.weightPrefixes.lazy.map { $0 + name }.first { file.tensors[$0] != nil }
        }
        func tensor(_ name: String, _ shape: [Int]) throws -> FloatTensor {
            guard let storedName = storedName(name) else {
                throw InferenceError.missingTensor(file: file.fileName, tensor: name)
            }
            if let info = file.tensors[storedName], info.shape != shape {
                throw InferenceError.wrongShape(file: file.fileName, tensor: storedName, shape: info.shape, expected: shape)
            }
            let loaded = try file.floatTensor(named: storedName)
            // A NaN or infinity in any weight spreads to every vector: refuse the file rather
            // than produce silent garbage. One pass over the weights, at load time.
            if let index = loaded.withUnsafeBufferPointer(Self.firstNonFinite) {
                let value = loaded.withUnsafeBufferPointer { $0[index] }
                throw InferenceError.nonFiniteWeight(
                    file: file.fileName, tensor: storedName, index: index, value: value.isNaN ? "nan" : "\(value)")
            }
            return loaded
        }
        func linear(_ prefix: String, out: Int, in input: Int) throws -> Linear {
            Linear(weight: try tensor(prefix + ".weight", [out, input]), bias: try tensor(prefix + ".bias", [out]))
        }
        func layerNorm(_ prefix: String) throws -> LayerNorm {
            LayerNorm(weight: try tensor(prefix + ".weight", [hidden]), bias: try tensor(prefix + ".bias", [hidden]))
        }

        wordEmbeddings = try tensor(names.wordEmbeddings, [configuration.vocabSize, hidden])
        let positionShape = [configuration.maxPositionEmbeddings, hidden]
        if configuration.sinusoidalPositions, storedName(names.positionEmbeddings) == nil {
            // transformers fills a checkpoint's missing table with the sinusoids; one it holds is used as is.
            positionEmbeddings = SinusoidalPositions.table(
                name: names.positionEmbeddings, positions: positionShape[0], width: hidden)
        } else {
            positionEmbeddings = try tensor(names.positionEmbeddings, positionShape)
        }
        tokenTypeEmbeddings = architecture.hasTokenTypes
            ? try tensor(names.tokenTypeEmbeddings, [configuration.typeVocabSize, hidden]) : nil
        embeddingNorm = try layerNorm(names.embeddingNorm)
        relativeAttentionBias = architecture == .mpnet
            ? try tensor(names.relativeAttentionBias, [configuration.relativeAttentionBuckets, configuration.numAttentionHeads])
            : nil
        layers = try (0..<configuration.numHiddenLayers).map { index in
            let layer = names.layer(index)
            return Layer(
                query: try linear(layer.query, out: hidden, in: hidden),
                key: try linear(layer.key, out: hidden, in: hidden),
                value: try linear(layer.value, out: hidden, in: hidden),
                attentionOutput: try linear(layer.attentionOutput, out: hidden, in: hidden),
                attentionNorm: try layerNorm(layer.attentionNorm),
                intermediate: try linear(layer.intermediate, out: intermediate, in: hidden),
                output: try linear(layer.output, out: hidden, in: intermediate),
                outputNorm: try layerNorm(layer.outputNorm))
        }
    }

    /// The index of the first NaN or infinity in `values`, if any.
    ///
    /// The common case, all finite, is one pass of integer operations that the compiler
    /// vectorises (a NaN or infinity is an exponent of all ones: adding one to that exponent
    /// carries into the sign bit); only a damaged tensor is searched again element by element.
    static func firstNonFinite(_ values: UnsafeBufferPointer<Float>) -> Int? {
        var carries: UInt32 = 0
        for value in values {
            carries |= (value.bitPattern & 0x7F80_0000) &+ 0x0080_0000
        }
        guard carries & 0x8000_0000 != 0 else { return nil }
        return values.firstIndex { !$0.isFinite }
    }
}

/// The name the BERT-only code used; every family's weights are `EncoderWeights` now.
public typealias BertWeights = EncoderWeights
