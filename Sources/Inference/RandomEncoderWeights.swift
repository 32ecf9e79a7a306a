/// Weights of the shape a configuration implies, drawn at random in memory: for benchmarks
/// of a model shape without its file (`semblance bench --synthetic`).
///
/// Matrices, embeddings and biases are uniform with standard deviation 0.02 (BERT's
/// initializer range); LayerNorm scales are 1 and shifts 0. The same seed gives the same
/// weights, drawn in one fixed order: embeddings, then the layers in turn. Layers can be
/// drawn one at a time, so that a model packs each and lets it go before the next.
struct RandomEncoderWeights {
    private let configuration: EncoderConfiguration
    private var generator: SplitMix64

    init(configuration: EncoderConfiguration, seed: UInt64) {
        self.configuration = configuration
        generator = SplitMix64(seed: seed)
    }

    /// The embeddings and their LayerNorm, as weights without layers. Draw these first.
    mutating func embeddings() -> EncoderWeights {
        let hidden = configuration.hiddenSize
        return EncoderWeights(
            wordEmbeddings: random("embeddings.word_embeddings.weight", [configuration.vocabSize, hidden]),
            positionEmbeddings: random("embeddings.position_embeddings.weight", [configuration.maxPositionEmbeddings, hidden]),
            tokenTypeEmbeddings: configuration.architecture.hasTokenTypes
                ? random("embeddings.token_type_embeddings.weight", [configuration.typeVocabSize, hidden]) : nil,
            embeddingNorm: layerNorm("embeddings.LayerNorm"),
            relativeAttentionBias: configuration.architecture == .mpnet
                ? random("encoder.relative_attention_bias.weight",
                         [configuration.relativeAttentionBuckets, configuration.numAttentionHeads])
                : nil,
            layers: [])
    }

    /// Encoder layer `index`; draw them in order.
    mutating func layer(_ index: Int) -> EncoderWeights.Layer {
        let hidden = configuration.hiddenSize
        let intermediate = configuration.intermediateSize
        let prefix = "encoder.layer.\(index)"
        return EncoderWeights.Layer(
            query: linear(prefix + ".attention.self.query", out: hidden, in: hidden),
            key: linear(prefix + ".attention.self.key", out: hidden, in: hidden),
            value: linear(prefix + ".attention.self.value", out: hidden, in: hidden),
            attentionOutput: linear(prefix + ".attention.output.dense", out: hidden, in: hidden),
            attentionNorm: layerNorm(prefix + ".attention.output.LayerNorm"),
            intermediate: linear(prefix + ".intermediate.dense", out: intermediate, in: hidden),
            output: linear(prefix + ".output.dense", out: hidden, in: intermediate),
            outputNorm: layerNorm(prefix + ".output.LayerNorm"))
    }

    private mutating func random(_ name: String, _ shape: [Int]) -> FloatTensor {
        let count = shape.reduce(1, *)
        // Uniform on [−a, a] has standard deviation a/√3.
        let amplitude = Float(0.02 * 3.0.squareRoot())
        return FloatTensor(name: name, shape: shape, count: count) { values in
            for index in 0..<count { values[index] = amplitude * generator.nextSignedUnitFloat() }
        }
    }

    private func layerNorm(_ prefix: String) -> EncoderWeights.LayerNorm {
        let hidden = configuration.hiddenSize
        func constant(_ name: String, _ value: Float) -> FloatTensor {
            FloatTensor(name: name, shape: [hidden], count: hidden) { $0.initialize(repeating: value, count: hidden) }
        }
        return EncoderWeights.LayerNorm(weight: constant(prefix + ".weight", 1), bias: constant(prefix + ".bias", 0))
    }

    private mutating func linear(_ prefix: String, out: Int, in input: Int) -> EncoderWeights.Linear {
        EncoderWeights.Linear(weight: random(prefix + ".weight", [out, input]), bias: random(prefix + ".bias", [out]))
    }
}

extension EncoderWeights {
    /// Random weights of `configuration`'s shape (see `RandomEncoderWeights`).
    public init(randomFor configuration: EncoderConfiguration, seed: UInt64 = 0) {
        var source = RandomEncoderWeights(configuration: configuration, seed: seed)
        let embeddings = source.embeddings()
        self.init(
            wordEmbeddings: embeddings.wordEmbeddings, positionEmbeddings: embeddings.positionEmbeddings,
            tokenTypeEmbeddings: embeddings.tokenTypeEmbeddings, embeddingNorm: embeddings.embeddingNorm,
            relativeAttentionBias: embeddings.relativeAttentionBias,
            layers: (0..<configuration.numHiddenLayers).map { source.layer($0) })
    }
}
