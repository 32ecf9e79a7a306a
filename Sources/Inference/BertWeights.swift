/// The weights of a BERT encoder, looked up by their transformers names and shape-checked.
///
/// Names are tried as written (`embeddings.word_embeddings.weight`) and with the `bert.`
/// prefix that `BertFor…` checkpoints use. `pooler.*` and `embeddings.position_ids` are
/// never read. Linear weights keep the PyTorch layout [out × in].
public struct BertWeights: Sendable {
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
    /// [type vocab × hidden].
    public let tokenTypeEmbeddings: FloatTensor
    public let embeddingNorm: LayerNorm
    public let layers: [Layer]

    init(
        wordEmbeddings: FloatTensor, positionEmbeddings: FloatTensor, tokenTypeEmbeddings: FloatTensor,
        embeddingNorm: LayerNorm, layers: [Layer]
    ) {
        self.wordEmbeddings = wordEmbeddings
        self.positionEmbeddings = positionEmbeddings
        self.tokenTypeEmbeddings = tokenTypeEmbeddings
        self.embeddingNorm = embeddingNorm
        self.layers = layers
    }

    /// Looks up every tensor `configuration` implies in `file` and checks its shape.
    /// - Throws: `missingTensor`, `wrongShape`, `unsupportedDType` or `nonFiniteWeight`, naming the tensor.
    public init(file: SafeTensorsFile, configuration: BertConfiguration) throws {
        let hidden = configuration.hiddenSize
        let intermediate = configuration.intermediateSize

        func tensor(_ name: String, _ shape: [Int]) throws -> FloatTensor {
            let storedName: String
            if file.tensors[name] != nil {
                storedName = name
            } else if file.tensors["bert." + name] != nil {
                storedName = "bert." + name
            } else {
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

        wordEmbeddings = try tensor("embeddings.word_embeddings.weight", [configuration.vocabSize, hidden])
        positionEmbeddings = try tensor(
            "embeddings.position_embeddings.weight", [configuration.maxPositionEmbeddings, hidden])
        tokenTypeEmbeddings = try tensor(
            "embeddings.token_type_embeddings.weight", [configuration.typeVocabSize, hidden])
        embeddingNorm = try layerNorm("embeddings.LayerNorm")
        layers = try (0..<configuration.numHiddenLayers).map { index in
            let prefix = "encoder.layer.\(index)"
            return Layer(
                query: try linear(prefix + ".attention.self.query", out: hidden, in: hidden),
                key: try linear(prefix + ".attention.self.key", out: hidden, in: hidden),
                value: try linear(prefix + ".attention.self.value", out: hidden, in: hidden),
                attentionOutput: try linear(prefix + ".attention.output.dense", out: hidden, in: hidden),
                attentionNorm: try layerNorm(prefix + ".attention.output.LayerNorm"),
                intermediate: try linear(prefix + ".intermediate.dense", out: intermediate, in: hidden),
                output: try linear(prefix + ".output.dense", out: hidden, in: intermediate),
                outputNorm: try layerNorm(prefix + ".output.LayerNorm"))
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
