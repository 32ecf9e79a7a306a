import Inference
import Teaching
import VectorArithmetic

extension SentenceTransformer {
    /// How similar `a` and `b` are after the embedding layer and after each transformer
    /// layer, each layer's token states pooled with the model's pooling (as
    /// sentence-transformers would pool `output_hidden_states`); token shares of the pooled
    /// cosine at `shareLayer` (default: the last). Dense and Normalize modules are left out:
    /// they act on the last layer only (and Normalize does not change a cosine).
    ///
    /// Runs the opt-in capturing forward pass (`EncoderModel.hiddenStates`): `encode` is not
    /// touched.
    /// - Throws: `EmbeddingError.layerOutOfRange` for a `shareLayer` the model does not have.
    public func layerWalk(_ a: String, _ b: String, prompt: PromptChoice = .modelDefault,
                          shareLayer: Int? = nil) throws -> LayerWalk {
        let layerCount = model.configuration.numHiddenLayers
        let chosen = shareLayer ?? layerCount
        guard chosen >= 0, chosen <= layerCount else {
            throw EmbeddingError.layerOutOfRange(model: name, layer: chosen, layers: layerCount)
        }
        let sideA = try layerStates(a, prompt: prompt)
        let sideB = try layerStates(b, prompt: prompt)
        let pooledA = sideA.states.map { pooling.pool($0, excludingFirst: sideA.excluded) }
        let pooledB = sideB.states.map { pooling.pool($0, excludingFirst: sideB.excluded) }
        let layers = pooledA.indices.map { layer in
            LayerSimilarity(
                layer: layer, cosine: VectorMath.cosine(pooledA[layer], pooledB[layer]),
                normA: VectorMath.norm(pooledA[layer]), normB: VectorMath.norm(pooledB[layer]))
        }
        // Shares of the pooled vectors' cosine: pooling alone, scored by cosine.
        let contributions = TokenContributions(pooling: pooling, modules: [], similarity: .cosine)
        func shares(_ side: LayerStates, toward other: [Float]) -> [TokenShare] {
            let values = contributions.shares(of: side.states[chosen], excludingFirst: side.excluded, toward: other)
            return zip(side.tokens, values).map { TokenShare(token: $0, share: $1) }
        }
        return LayerWalk(
            sentenceA: a, sentenceB: b, pooling: pooling.name, layers: layers, shareLayer: chosen,
            tokensA: shares(sideA, toward: pooledB[chosen]), tokensB: shares(sideB, toward: pooledA[chosen]))
    }

    /// One text's hidden states at every layer, as `encodeWithStates` would tokenize it.
    struct LayerStates {
        let tokens: [String]
        let states: [TokenStates]
        /// Leading prompt tokens left out of pooling.
        let excluded: Int
    }

    func layerStates(_ text: String, prompt: PromptChoice) throws -> LayerStates {
        let resolved = try resolvePrompt(prompt)
        let excluded = pooling.includesPrompt ? 0 : promptTokenCount(resolved.text)
        let tokenized = tokenize(resolved.text + text)
        let states = try model.hiddenStates(tokenized.ids)
        guard states.allSatisfy({ $0.values.allSatisfy(\.isFinite) }) else {
            throw EmbeddingError.nonFiniteOutput(model: name, index: 0)
        }
        return LayerStates(tokens: tokenized.tokens.map(\.text), states: states, excluded: excluded)
    }
}

extension SentenceTransformer {
    /// `text` through every stage of the model, with the real values each stage makes: the
    /// tokenizer's normalizer and pre-tokenizer, the wordpieces and ids, each layer's token
    /// norms (the capturing forward pass), pooling, any Dense, normalisation, and the score
    /// toward `other` when given. The sentence vector is the one `encode` gives.
    public func pipelineWalk(_ text: String, toward other: String? = nil,
                             prompt: PromptChoice = .modelDefault) throws -> PipelineWalk {
        let resolved = try resolvePrompt(prompt)
        let prompted = resolved.text + text
        let tokenized = tokenize(prompted)
        // `tokenized.text` is what the tokenizer was given (lowercased first where the model says so).
        let stages = tokenizer.stages(of: tokenized.text)
        let side = try layerStates(text, prompt: prompt)
        let norms = side.states.map { states in
            (0..<states.tokenCount).map { token in
                states.row(token).reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            }
        }
        guard let last = side.states.last else { throw EmbeddingError.nonFiniteOutput(model: name, index: 0) }
        let pooled = pooling.pool(last, excludingFirst: side.excluded)
        var vector = pooled
        var dense: [String] = []
        for module in modules {
            if case .normalize = module { continue }
            dense.append(module.summary)
            vector = module.apply(vector)
        }
        let embedding = modules.reduce(pooled) { $1.apply($0) }
        let score = try other.map { other -> PipelineScore in
            guard let otherVector = try encode([other], prompt: prompt).first else {
                throw EmbeddingError.nonFiniteOutput(model: name, index: 1)
            }
            return PipelineScore(other: other, similarity: similarityFunction.name,
                                 value: similarityFunction.score(embedding, otherVector))
        }
        return PipelineWalk(
            text: text, prompt: resolved.text, normalized: stages.normalized, preTokens: stages.preTokens,
            wordpieces: tokenized.tokens.map { Wordpiece(token: $0.text, id: $0.id, isSpecial: $0.isSpecial) },
            truncatedCount: tokenized.truncatedTokens.count, layerTokenNorms: norms, pooling: pooling.name,
            pooledTokenCount: max(0, last.tokenCount - side.excluded), pooled: pooled, denseModules: dense,
            beforeNormalization: vector, embedding: embedding, normalizes: normalizes, score: score)
    }
}
