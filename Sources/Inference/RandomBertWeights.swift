extension BertWeights {
    /// Weights of the shape `configuration` implies, drawn at random in memory: for
    /// benchmarks of a model shape without its file (`semblance bench --synthetic`).
    ///
    /// Matrices, embeddings and biases are uniform with standard deviation 0.02 (BERT's
    /// initializer range); LayerNorm scales are 1 and shifts 0. The same seed gives the
    /// same weights.
    public init(randomFor configuration: BertConfiguration, seed: UInt64 = 0) {
        var generator = SplitMix64(seed: seed)
        let hidden = configuration.hiddenSize
        let intermediate = configuration.intermediateSize

        func random(_ name: String, _ shape: [Int]) -> FloatTensor {
            let count = shape.reduce(1, *)
            // Uniform on [−a, a] has standard deviation a/√3.
            let amplitude = Float(0.02 * 3.0.squareRoot())
            return FloatTensor(name: name, shape: shape, count: count) { values in
                for index in 0..<count { values[index] = amplitude * generator.nextSignedUnitFloat() }
            }
        }
        func constant(_ name: String, _ value: Float) -> FloatTensor {
            FloatTensor(name: name, shape: [hidden], count: hidden) { $0.initialize(repeating: value, count: hidden) }
        }
        func linear(_ prefix: String, out: Int, in input: Int) -> Linear {
            Linear(weight: random(prefix + ".weight", [out, input]), bias: random(prefix + ".bias", [out]))
        }
        func layerNorm(_ prefix: String) -> LayerNorm {
            LayerNorm(weight: constant(prefix + ".weight", 1), bias: constant(prefix + ".bias", 0))
        }

        wordEmbeddings = random("embeddings.word_embeddings.weight", [configuration.vocabSize, hidden])
        positionEmbeddings = random("embeddings.position_embeddings.weight", [configuration.maxPositionEmbeddings, hidden])
        tokenTypeEmbeddings = random("embeddings.token_type_embeddings.weight", [configuration.typeVocabSize, hidden])
        embeddingNorm = layerNorm("embeddings.LayerNorm")
        layers = (0..<configuration.numHiddenLayers).map { index in
            let prefix = "encoder.layer.\(index)"
            return Layer(
                query: linear(prefix + ".attention.self.query", out: hidden, in: hidden),
                key: linear(prefix + ".attention.self.key", out: hidden, in: hidden),
                value: linear(prefix + ".attention.self.value", out: hidden, in: hidden),
                attentionOutput: linear(prefix + ".attention.output.dense", out: hidden, in: hidden),
                attentionNorm: layerNorm(prefix + ".attention.output.LayerNorm"),
                intermediate: linear(prefix + ".intermediate.dense", out: intermediate, in: hidden),
                output: linear(prefix + ".output.dense", out: hidden, in: intermediate),
                outputNorm: layerNorm(prefix + ".output.LayerNorm"))
        }
    }
}
