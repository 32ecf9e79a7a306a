import Inference

/// Exact splits of a similarity score into token terms, from last-layer token states.
///
/// Every pooling mode makes the pooled vector a sum of token parts: with mean pooling
/// u = Σᵢ hᵢ/n, weightedmean weighs hᵢ by its position, `mean_sqrt_len_tokens` divides by √n,
/// max credits dimension d to the token that holds its maximum, cls and lasttoken give the
/// whole vector to one token; concatenated modes concatenate the parts. Affine modules (Dense
/// with Identity) map parts to parts, a bias shared in proportion to each token's pooling
/// weight, and Normalize divides them all by the same length. So the sentence vector e is
/// Σᵢ eᵢ exactly, and a score that is bilinear in e (dot; cosine, which only rescales it)
/// splits into shares eᵢ·v (over ‖e‖‖v‖ for cosine) that sum to the score.
///
/// Where no exact split exists the shares are of another number, and `basis` says which:
/// a non-linear Dense activation (Tanh…) leaves the pooled vectors' cosine; a distance score
/// (euclidean, manhattan) leaves the sentence vectors' cosine.
public struct TokenContributions: Sendable {
    /// What the shares sum to.
    public enum Basis: Sendable, Equatable {
        /// The model's own similarity score (cosine or dot of the sentence vectors).
        case score
        /// The cosine of the sentence vectors: the model scores by a distance, which does
        /// not split into token terms.
        case sentenceVectorCosine
        /// The cosine of the pooled vectors (before Dense): a non-linear Dense activation
        /// makes the sentence vector no sum of token parts.
        case pooledVectorCosine
    }

    public let pooling: Pooling
    /// The modules the shares pass through (none for `.pooledVectorCosine`).
    public let modules: [SentenceModule]
    public let similarity: SimilarityFunction
    public let basis: Basis

    public init(pooling: Pooling, modules: [SentenceModule] = [], similarity: SimilarityFunction = .cosine) {
        self.pooling = pooling
        self.similarity = similarity
        let affine = modules.allSatisfy { if case let .dense(layer) = $0 { layer.isAffine } else { true } }
        if !affine {
            basis = .pooledVectorCosine
            self.modules = []
        } else {
            basis = similarity.isBilinear ? .score : .sentenceVectorCosine
            self.modules = modules
        }
    }

    public init(pooling: PoolingMode) {
        self.init(pooling: Pooling(pooling))
    }

    /// The model's pipeline and similarity function.
    public init(model: SentenceTransformer) {
        self.init(pooling: model.pooling, modules: model.modules, similarity: model.similarityFunction)
    }

    /// The function the shares split: the model's score, or cosine where that cannot be split.
    public var sharedFunction: SimilarityFunction { basis == .score ? similarity : .cosine }

    /// What the shares sum to, for column headers: "cosine", "dot", or a labelled stand-in.
    public var sharedQuantity: String {
        switch basis {
        case .score: similarity.name
        case .sentenceVectorCosine: "cosine of the sentence vectors"
        case .pooledVectorCosine: "cosine of the pooled vectors"
        }
    }

    /// Why the shares are not of the score, when they are not; nil when they are.
    public var inexactReason: String? {
        switch basis {
        case .score:
            return nil
        case .sentenceVectorCosine:
            return "the model scores by \(similarity.name) distance, which does not split into token shares: shares are of the cosine of the sentence vectors, not of the score"
        case .pooledVectorCosine:
            return "a Dense module with a non-linear activation makes the sentence vector no sum of token parts: shares are of the cosine of the pooled vectors (before Dense), not of the score"
        }
    }

    /// The vector of `encoded` that the shares are taken in: the sentence vector, or the
    /// pooled vector for `.pooledVectorCosine`.
    public func basisVector(_ encoded: EncodedText) -> [Float] {
        basis == .pooledVectorCosine ? encoded.pooled : encoded.embedding
    }

    /// The number the shares of `a` toward `b` sum to.
    public func total(_ a: EncodedText, _ b: EncodedText) -> Double {
        sharedFunction.score(basisVector(a), basisVector(b))
    }

    /// The basis vector of token states (pooled, then through `modules`).
    public func pooled(_ states: TokenStates, excludingFirst excluded: Int = 0) -> [Float] {
        modules.reduce(pooling.pool(states, excludingFirst: excluded)) { $1.apply($0) }
    }

    /// Token i's share of the basis score toward `v` (a basis vector of the other sentence),
    /// for each token of `encoded`; excluded prompt tokens get 0. The shares sum to
    /// `sharedFunction.score(basisVector(encoded), v)`.
    public func shares(of encoded: EncodedText, toward v: [Float]) -> [Double] {
        shares(of: encoded.states, excludingFirst: encoded.excludedTokenCount, toward: v)
    }

    public func shares(of states: TokenStates, excludingFirst excluded: Int = 0, toward v: [Float]) -> [Double] {
        let pooledVector = pooling.pool(states, excludingFirst: excluded)
        let (forward, vector) = forwardInputs(pooledVector)
        let scale = self.scale(vector, v)
        guard scale != 0, states.tokenCount > 0 else { return [Double](repeating: 0, count: states.tokenCount) }
        let (gradient, biasTerm) = backward(v.map(Double.init), inputs: forward)
        let biasShares = biasTerm == 0 ? nil : biasWeights(states, excluded: excluded)
        var result = pooledShares(states, excluded: excluded, pooled: pooledVector, toward: gradient)
        for i in result.indices { result[i] = (result[i] + (biasShares?[i] ?? 0) * biasTerm) * scale }
        return result
    }

    /// How much each token makes its own vector: shares of its basis cosine toward itself, summing to 1.
    public func selfShares(of encoded: EncodedText) -> [Double] {
        selfShares(of: encoded.states, excludingFirst: encoded.excludedTokenCount)
    }

    public func selfShares(of states: TokenStates, excludingFirst excluded: Int = 0) -> [Double] {
        let own = pooled(states, excludingFirst: excluded)
        let cosine = TokenContributions(pooling: pooling, modules: modules, similarity: .cosine)
        return cosine.shares(of: states, excludingFirst: excluded, toward: own)
    }

    /// The token-pair matrix `[a.tokenCount × b.tokenCount]` whose cells sum to the basis
    /// score: cell (i, j) is eᵢ·fⱼ (over ‖e‖‖f‖ for cosine), e and f the two sentence vectors.
    public func pairMatrix(_ a: EncodedText, _ b: EncodedText) -> [[Double]] {
        pairMatrix(a.states, b.states, excludingFirst: (a.excludedTokenCount, b.excludedTokenCount))
    }

    public func pairMatrix(_ a: TokenStates, _ b: TokenStates, excludingFirst excluded: (Int, Int) = (0, 0)) -> [[Double]] {
        let u = pooled(a, excludingFirst: excluded.0), v = pooled(b, excludingFirst: excluded.1)
        let scale = self.scale(u, v)
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: b.tokenCount), count: a.tokenCount)
        guard scale != 0 else { return matrix }
        // Unscaled dot shares of a toward each of b's token parts fⱼ (Σⱼ fⱼ = v).
        let unscaled = TokenContributions(pooling: pooling, modules: modules, similarity: .dot)
        for (j, part) in tokenParts(b, excluded: excluded.1).enumerated() where part.contains(where: { $0 != 0 }) {
            let column = unscaled.shares(of: a, excludingFirst: excluded.0, toward: part.map { Float($0) })
            for i in 0..<a.tokenCount { matrix[i][j] = column[i] * scale }
        }
        return matrix
    }

    // MARK: - The split

    /// The factor that turns a dot product of the basis vectors into the shared score.
    private func scale(_ u: [Float], _ v: [Float]) -> Double {
        switch sharedFunction {
        case .dot: return 1
        default:
            let denominator = VectorMath.norm(u) * VectorMath.norm(v)
            return denominator > 0 ? 1 / denominator : 0
        }
    }

    /// Each module's input, and the final vector, for the pooled vector `pooled`.
    private func forwardInputs(_ pooled: [Float]) -> (inputs: [[Float]], output: [Float]) {
        var inputs: [[Float]] = []
        var x = pooled
        for module in modules {
            inputs.append(x)
            x = module.apply(x)
        }
        return (inputs, x)
    }

    /// Carries `v` back through the affine modules: the vector g with e·v = pooled·g + bias
    /// term, the bias term being Σ bₖ·(v carried back to module k's output).
    private func backward(_ v: [Double], inputs: [[Float]]) -> (gradient: [Double], biasTerm: Double) {
        var g = v
        var biasTerm = 0.0
        for (module, input) in zip(modules, inputs).reversed() {
            switch module {
            case .normalize:
                let length = max(VectorMath.norm(input), 1e-12)
                g = g.map { $0 / length }
            case let .dense(layer):
                if let bias = layer.bias { for (b, x) in zip(bias, g) { biasTerm += Double(b) * x } }
                g = layer.transposedPart(g)
            }
        }
        return (g, biasTerm)
    }

    /// Each token's part of the pooled vector dotted with g (`g` spans the concatenated modes).
    private func pooledShares(_ states: TokenStates, excluded: Int, pooled: [Float], toward g: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: states.tokenCount)
        let hidden = states.hiddenSize
        let first = Swift.min(Swift.max(0, excluded), states.tokenCount)
        guard first < states.tokenCount else { return result }
        for (block, mode) in pooling.modes.enumerated() {
            let offset = block * hidden
            switch mode {
            case .cls, .lastToken:
                let token = mode == .cls ? first : states.tokenCount - 1
                for d in 0..<hidden { result[token] += Double(pooled[offset + d]) * g[offset + d] }
            case .max:
                for (d, winner) in maxWinners(states, from: first).enumerated() {
                    result[winner] += Double(pooled[offset + d]) * g[offset + d]
                }
            case .mean, .meanSqrtLengthTokens, .weightedMean:
                var weightSum = 0.0
                for token in first..<states.tokenCount { weightSum += mode.tokenWeight(token) }
                let divisor = mode == .meanSqrtLengthTokens ? weightSum.squareRoot() : weightSum
                for token in first..<states.tokenCount {
                    var sum = 0.0
                    for (d, value) in states.row(token).enumerated() { sum += Double(value) * g[offset + d] }
                    result[token] += mode.tokenWeight(token) * sum / divisor
                }
            }
        }
        return result
    }

    /// Each token's share of a bias (summing to 1), from the first pooling mode: its pooling
    /// weight for the means, the token itself for cls and lasttoken, the fraction of
    /// dimensions it wins for max.
    private func biasWeights(_ states: TokenStates, excluded: Int) -> [Double] {
        var weights = [Double](repeating: 0, count: states.tokenCount)
        let first = Swift.min(Swift.max(0, excluded), states.tokenCount)
        guard first < states.tokenCount else {
            return states.tokenCount > 0 ? [Double](repeating: 1 / Double(states.tokenCount), count: states.tokenCount) : []
        }
        let mode = pooling.modes[0]
        switch mode {
        case .cls: weights[first] = 1
        case .lastToken: weights[states.tokenCount - 1] = 1
        case .max:
            for winner in maxWinners(states, from: first) { weights[winner] += 1 / Double(states.hiddenSize) }
        case .mean, .meanSqrtLengthTokens, .weightedMean:
            var total = 0.0
            for token in first..<states.tokenCount { total += mode.tokenWeight(token) }
            for token in first..<states.tokenCount { weights[token] = mode.tokenWeight(token) / total }
        }
        return weights
    }

    /// Each token's part of the basis vector (they sum to it), through the affine modules.
    func tokenParts(_ states: TokenStates, excluded: Int) -> [[Double]] {
        let hidden = states.hiddenSize
        let pooledVector = pooling.pool(states, excludingFirst: excluded)
        var parts = [[Double]](repeating: [Double](repeating: 0, count: pooledVector.count), count: states.tokenCount)
        let first = Swift.min(Swift.max(0, excluded), states.tokenCount)
        if first < states.tokenCount {
            for (block, mode) in pooling.modes.enumerated() {
                let offset = block * hidden
                switch mode {
                case .cls, .lastToken:
                    let token = mode == .cls ? first : states.tokenCount - 1
                    for d in 0..<hidden { parts[token][offset + d] = Double(pooledVector[offset + d]) }
                case .max:
                    for (d, winner) in maxWinners(states, from: first).enumerated() {
                        parts[winner][offset + d] = Double(pooledVector[offset + d])
                    }
                case .mean, .meanSqrtLengthTokens, .weightedMean:
                    var weightSum = 0.0
                    for token in first..<states.tokenCount { weightSum += mode.tokenWeight(token) }
                    let divisor = mode == .meanSqrtLengthTokens ? weightSum.squareRoot() : weightSum
                    for token in first..<states.tokenCount {
                        let factor = mode.tokenWeight(token) / divisor
                        for (d, value) in states.row(token).enumerated() { parts[token][offset + d] = factor * Double(value) }
                    }
                }
            }
        }
        guard !modules.isEmpty else { return parts }
        let biasShares = biasWeights(states, excluded: excluded)
        var x = pooledVector
        for module in modules {
            switch module {
            case .normalize:
                let length = max(VectorMath.norm(x), 1e-12)
                parts = parts.map { $0.map { $0 / length } }
            case let .dense(layer):
                parts = parts.indices.map { layer.affinePart(parts[$0], share: biasShares[$0]) }
            }
            x = module.apply(x)
        }
        return parts
    }

    /// For each dimension, the first pooled token holding the maximum (torch.max's choice).
    private func maxWinners(_ states: TokenStates, from first: Int) -> [Int] {
        var winners = [Int](repeating: first, count: states.hiddenSize)
        guard first < states.tokenCount else { return winners }
        var best = Array(states.row(first))
        for token in (first + 1)..<Swift.max(first + 1, states.tokenCount) {
            for (d, value) in states.row(token).enumerated() where value > best[d] {
                best[d] = value
                winners[d] = token
            }
        }
        return winners
    }
}
