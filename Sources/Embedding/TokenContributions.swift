import Inference

/// Exact splits of a cosine into token terms, from last-layer token states.
///
/// With mean pooling, u = (1/n)Σhᵢ and cos(u, v) = Σᵢ (hᵢ·v) / (n‖u‖‖v‖): each term is token
/// i's share and the shares sum to the cosine exactly. `mean_sqrt_len_tokens` only rescales u,
/// and Normalize only rescales the result, so neither changes a cosine or its shares. With max
/// pooling, dimension d of u is one token's value, so d's part of the dot product is credited to
/// the token that won it. With CLS pooling the whole cosine belongs to [CLS].
public struct TokenContributions: Sendable {
    public let pooling: PoolingMode

    public init(pooling: PoolingMode) {
        self.pooling = pooling
    }

    /// The pooled vector before any normalisation (the scale does not matter for cosines).
    public func pooled(_ states: TokenStates) -> [Float] {
        pooling == .meanSqrtLengthTokens ? PoolingMode.mean.pool(states) : pooling.pool(states)
    }

    /// Token i's share of cos(u, v) for each token of `a`; the shares sum to the cosine.
    /// `v` is the other sentence's vector `[hidden]`. Shape: `[a.tokenCount]`.
    public func shares(of a: TokenStates, toward v: [Float]) -> [Double] {
        let u = pooled(a)
        let scale = VectorMath.norm(u) * VectorMath.norm(v)
        guard scale > 0, a.tokenCount > 0 else { return [Double](repeating: 0, count: a.tokenCount) }
        return perToken(a, u: u) { token, dimension in Double(v[dimension]) }.map { $0 / scale }
    }

    /// How much each token makes its own sentence vector: shares of u toward itself, summing to 1.
    public func selfShares(of a: TokenStates) -> [Double] {
        shares(of: a, toward: pooled(a))
    }

    /// The token-pair matrix `[a.tokenCount × b.tokenCount]` whose cells sum to cos(u, v):
    /// for mean pooling Cᵢⱼ = (hᵢ·gⱼ) / (n m ‖u‖‖v‖).
    public func pairMatrix(_ a: TokenStates, _ b: TokenStates) -> [[Double]] {
        let u = pooled(a), v = pooled(b)
        let n = a.tokenCount, m = b.tokenCount
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: m), count: n)
        let scale = VectorMath.norm(u) * VectorMath.norm(v)
        guard scale > 0, n > 0, m > 0 else { return matrix }
        switch pooling {
        case .cls:
            matrix[0][0] = VectorMath.dot(u, v) / scale
        case .max:
            let winnersA = maxWinners(a), winnersB = maxWinners(b)
            for d in 0..<a.hiddenSize {
                matrix[winnersA[d]][winnersB[d]] += Double(u[d]) * Double(v[d]) / scale
            }
        case .mean, .meanSqrtLengthTokens:
            let denominator = Double(n) * Double(m) * scale
            for i in 0..<n {
                let row = a.row(i)
                for j in 0..<m {
                    var dot = 0.0
                    for (x, y) in zip(row, b.row(j)) { dot += Double(x) * Double(y) }
                    matrix[i][j] = dot / denominator
                }
            }
        }
        return matrix
    }

    /// Σ over dimensions credited to each token of `u_d`-weighted terms `weight(token, d)`,
    /// following the pooling's credit rule. Shape: `[a.tokenCount]`.
    private func perToken(_ a: TokenStates, u: [Float], weight: (Int, Int) -> Double) -> [Double] {
        var result = [Double](repeating: 0, count: a.tokenCount)
        switch pooling {
        case .cls:
            for d in 0..<a.hiddenSize { result[0] += Double(u[d]) * weight(0, d) }
        case .max:
            for (d, winner) in maxWinners(a).enumerated() { result[winner] += Double(u[d]) * weight(winner, d) }
        case .mean, .meanSqrtLengthTokens:
            let n = Double(a.tokenCount)
            for i in 0..<a.tokenCount {
                var sum = 0.0
                for (d, value) in a.row(i).enumerated() { sum += Double(value) * weight(i, d) }
                result[i] = sum / n
            }
        }
        return result
    }

    /// For each dimension, the first token holding the maximum (torch.max's choice).
    private func maxWinners(_ states: TokenStates) -> [Int] {
        var winners = [Int](repeating: 0, count: states.hiddenSize)
        var best = Array(states.row(0))
        for token in 1..<max(1, states.tokenCount) {
            for (d, value) in states.row(token).enumerated() where value > best[d] {
                best[d] = value
                winners[d] = token
            }
        }
        return winners
    }
}
