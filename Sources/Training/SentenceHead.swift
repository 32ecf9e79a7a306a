import Embedding
import Foundation

/// What follows the transformer in a sentence-transformers model that training supports:
/// Pooling (any of its modes, concatenated), then any Dense and Normalize modules in order,
/// with their backward passes. fit() feeds texts as they are; the explorer's training feeds
/// them after its prompt, and with `include_prompt` false the prompt's tokens are left out of
/// the pooling (`excludingFirst`) as the inference pass leaves them out.
public struct SentenceHead: @unchecked Sendable {
    /// A module after Pooling.
    public enum Module {
        case dense(DenseParameters)
        case normalize
    }

    public let pooling: Pooling
    public let modules: [Module]

    public init(pooling: Pooling, modules: [Module]) {
        self.pooling = pooling
        self.modules = modules
    }

    /// Pooling and an optional Normalize.
    public init(pooling: Pooling, normalizes: Bool) {
        self.init(pooling: pooling, modules: normalizes ? [.normalize] : [])
    }

    /// The Dense modules' parameters, in module order.
    public var parameters: [Parameter] {
        modules.flatMap { module -> [Parameter] in
            if case let .dense(dense) = module { return dense.parameters }
            return []
        }
    }

    /// Sentence vectors [sequences × D] from packed states [T × H], plus what `backward` needs.
    /// - Parameter excluded: the prompt's tokens at the start of every sequence, left out of
    ///   pooling (at most all but one of a sequence's tokens are).
    func forward(_ states: FloatBuffer, spans: [Range<Int>], hidden: Int, excludingFirst excluded: Int = 0)
        -> (embeddings: [[Float]], cache: Cache) {
        var embeddings: [[Float]] = [], inputs: [[[Float]]] = [], preActivations: [[[Float]]] = [], argmax: [[Int]] = []
        for span in spans {
            var vector: [Float] = [], winners: [Int] = []
            for mode in pooling.modes {
                let (part, modeWinners) = Self.pool(mode, states, span: span, hidden: hidden,
                                                    skipping: Self.skipped(excluded, in: span))
                vector += part
                winners += modeWinners
            }
            argmax.append(winners)
            var moduleInputs: [[Float]] = [], moduleZ: [[Float]] = []
            for module in modules {
                moduleInputs.append(vector)
                switch module {
                case let .dense(dense):
                    let z = dense.preActivation(vector)
                    moduleZ.append(z)
                    vector = z.map { dense.activation.apply($0) }
                case .normalize:
                    moduleZ.append([])
                    vector = Self.normalize(vector)
                }
            }
            inputs.append(moduleInputs)
            preActivations.append(moduleZ)
            embeddings.append(vector)
        }
        return (embeddings, Cache(moduleInputs: inputs, preActivations: preActivations, maxWinners: argmax))
    }

    struct Cache {
        /// Per sequence, each module's input.
        let moduleInputs: [[[Float]]]
        /// Per sequence, each Dense module's W·x + b (empty for Normalize).
        let preActivations: [[[Float]]]
        /// For max pooling: the token (absolute row) each dimension came from.
        let maxWinners: [[Int]]
    }

    /// dL/d(states) [T × H] given dL/d(embeddings); Dense gradients are accumulated.
    func backward(_ embeddingGradients: [[Float]], cache: Cache, spans: [Range<Int>], hidden: Int, tokenCount: Int,
                  excludingFirst excluded: Int = 0) -> FloatBuffer {
        let result = FloatBuffer(count: tokenCount * hidden)
        for (index, span) in spans.enumerated() {
            var gradient = embeddingGradients[index]
            for (moduleIndex, module) in modules.enumerated().reversed() {
                let input = cache.moduleInputs[index][moduleIndex]
                switch module {
                case let .dense(dense):
                    gradient = dense.backward(gradient, input: input, preActivation: cache.preActivations[index][moduleIndex])
                case .normalize:
                    gradient = Self.normalizeBackward(gradient, input: input)
                }
            }
            var winners = cache.maxWinners[index][...]
            let first = Self.skipped(excluded, in: span)
            for (modeIndex, mode) in pooling.modes.enumerated() {
                let part = gradient[(modeIndex * hidden) ..< ((modeIndex + 1) * hidden)]
                let n = span.count
                switch mode {
                case .cls, .lastToken:
                    let row = result.pointer + (mode == .cls ? span.lowerBound + first : span.upperBound - 1) * hidden
                    for (c, value) in zip(0..<hidden, part) { row[c] += value }
                case .max:
                    for (c, value) in zip(0..<hidden, part) { result[winners[winners.startIndex + c] * hidden + c] += value }
                    winners = winners.dropFirst(hidden)
                case .mean, .meanSqrtLengthTokens, .weightedMean:
                    let total = (first..<n).reduce(0.0) { $0 + Self.weight(of: mode, token: $1) }
                    let divisor = mode == .meanSqrtLengthTokens ? total.squareRoot() : total
                    for t in first..<n {
                        let factor = Float(Self.weight(of: mode, token: t) / divisor)
                        let row = result.pointer + (span.lowerBound + t) * hidden
                        for (c, value) in zip(0..<hidden, part) { row[c] += value * factor }
                    }
                }
            }
        }
        return result
    }

    /// Tokens of `span` left out of pooling: the prompt's, but never the last one.
    static func skipped(_ excluded: Int, in span: Range<Int>) -> Int { min(max(0, excluded), span.count - 1) }

    /// One mode over one sequence's tokens from `first` on; for max, also each dimension's winning row.
    static func pool(_ mode: PoolingMode, _ states: FloatBuffer, span: Range<Int>, hidden: Int, skipping first: Int = 0)
        -> ([Float], [Int]) {
        let start = span.lowerBound + first
        switch mode {
        case .cls, .lastToken:
            let row = mode == .cls ? start : span.upperBound - 1
            return ((0..<hidden).map { states[row * hidden + $0] }, [])
        case .max:
            var values = (0..<hidden).map { states[start * hidden + $0] }
            var winners = [Int](repeating: start, count: hidden)
            for token in (start + 1) ..< span.upperBound {
                for c in 0..<hidden where states[token * hidden + c] > values[c] {
                    values[c] = states[token * hidden + c]
                    winners[c] = token
                }
            }
            return (values, winners)
        case .mean, .meanSqrtLengthTokens, .weightedMean:
            var sum = [Double](repeating: 0, count: hidden), total = 0.0
            // weightedmean's positions count the left-out prompt too, as sentence-transformers'.
            for (t, token) in span.enumerated() where t >= first {
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
