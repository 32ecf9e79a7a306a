import Embedding

/// What follows the transformer in a sentence-transformers model that training supports:
/// Pooling (any of its modes, concatenated) and an optional Normalize, with their
/// backward passes. (No prompts: fit() feeds the texts as they are.)
public struct SentenceHead: Sendable {
    public let pooling: Pooling
    public let normalizes: Bool

    public init(pooling: Pooling, normalizes: Bool) {
        self.pooling = pooling
        self.normalizes = normalizes
    }

    /// Sentence vectors [sequences × D] from packed states [T × H], plus what `backward` needs.
    func forward(_ states: FloatBuffer, spans: [Range<Int>], hidden: Int) -> (embeddings: [[Float]], cache: Cache) {
        var embeddings: [[Float]] = [], pooled: [[Float]] = [], argmax: [[Int]] = []
        for span in spans {
            var vector: [Float] = [], winners: [Int] = []
            for mode in pooling.modes {
                let (part, modeWinners) = Self.pool(mode, states, span: span, hidden: hidden)
                vector += part
                winners += modeWinners
            }
            pooled.append(vector)
            argmax.append(winners)
            embeddings.append(normalizes ? Self.normalize(vector) : vector)
        }
        return (embeddings, Cache(pooled: pooled, maxWinners: argmax))
    }

    struct Cache {
        let pooled: [[Float]]
        /// For max pooling: the token (absolute row) each dimension came from.
        let maxWinners: [[Int]]
    }

    /// dL/d(states) [T × H] given dL/d(embeddings).
    func backward(_ embeddingGradients: [[Float]], cache: Cache, spans: [Range<Int>], hidden: Int, tokenCount: Int) -> FloatBuffer {
        let result = FloatBuffer(count: tokenCount * hidden)
        for (index, span) in spans.enumerated() {
            var gradient = embeddingGradients[index]
            if normalizes { gradient = Self.normalizeBackward(gradient, input: cache.pooled[index]) }
            var winners = cache.maxWinners[index][...]
            for (modeIndex, mode) in pooling.modes.enumerated() {
                let part = gradient[(modeIndex * hidden) ..< ((modeIndex + 1) * hidden)]
                let n = span.count
                switch mode {
                case .cls, .lastToken:
                    let row = result.pointer + (mode == .cls ? span.lowerBound : span.upperBound - 1) * hidden
                    for (c, value) in zip(0..<hidden, part) { row[c] += value }
                case .max:
                    for (c, value) in zip(0..<hidden, part) { result[winners[winners.startIndex + c] * hidden + c] += value }
                    winners = winners.dropFirst(hidden)
                case .mean, .meanSqrtLengthTokens, .weightedMean:
                    let total = (0..<n).reduce(0.0) { $0 + Self.weight(of: mode, token: $1) }
                    let divisor = mode == .meanSqrtLengthTokens ? total.squareRoot() : total
                    for t in 0..<n {
                        let factor = Float(Self.weight(of: mode, token: t) / divisor)
                        let row = result.pointer + (span.lowerBound + t) * hidden
                        for (c, value) in zip(0..<hidden, part) { row[c] += value * factor }
                    }
                }
            }
        }
        return result
    }

    /// One mode over one sequence's tokens; for max, also each dimension's winning row.
    static func pool(_ mode: PoolingMode, _ states: FloatBuffer, span: Range<Int>, hidden: Int) -> ([Float], [Int]) {
        switch mode {
        case .cls, .lastToken:
            let row = mode == .cls ? span.lowerBound : span.upperBound - 1
            return ((0..<hidden).map { states[row * hidden + $0] }, [])
        case .max:
            var values = (0..<hidden).map { states[span.lowerBound * hidden + $0] }
            var winners = [Int](repeating: span.lowerBound, count: hidden)
            for token in span.dropFirst() {
                for c in 0..<hidden where states[token * hidden + c] > values[c] {
                    values[c] = states[token * hidden + c]
                    winners[c] = token
                }
            }
            return (values, winners)
        case .mean, .meanSqrtLengthTokens, .weightedMean:
            var sum = [Double](repeating: 0, count: hidden), total = 0.0
            for (t, token) in span.enumerated() {
                let weight = Self.weight(of: mode, token: t)
                total += weight
                for c in 0..<hidden { sum[c] += weight * Double(states[token * hidden + c]) }
            }
            let divisor = mode == .meanSqrtLengthTokens ? total.squareRoot() : total
            return (sum.map { Float($0 / divisor) }, [])
        }
    }

    /// A token's weight in a weighted sum: its position from 1 for weightedmean, else 1.
    static func weight(of mode: PoolingMode, token index: Int) -> Double {
        mode == .weightedMean ? Double(index + 1) : 1
    }

    /// v / max(‖v‖, 1e-12), as torch's F.normalize.
    static func normalize(_ vector: [Float]) -> [Float] {
        let norm = max(vector.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot(), 1e-12)
        return vector.map { Float(Double($0) / norm) }
    }

    /// d(v/‖v‖)ᵀ·g = (g − y·(y·g)) / ‖v‖ with y = v/‖v‖.
    static func normalizeBackward(_ gradient: [Float], input: [Float]) -> [Float] {
        let norm = max(input.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot(), 1e-12)
        let unit = input.map { Double($0) / norm }
        let dot = zip(unit, gradient).reduce(0.0) { $0 + $1.0 * Double($1.1) }
        return zip(unit, gradient).map { Float((Double($1) - $0 * dot) / norm) }
    }
}
