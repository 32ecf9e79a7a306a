import Inference

/// sentence-transformers' Pooling module: one or more modes, their vectors concatenated in
/// the order given, over the tokens the pooling mask keeps.
public struct Pooling: Sendable, Hashable {
    public let modes: [PoolingMode]
    /// `include_prompt`: when false, the prompt's tokens (the leading special token included,
    /// as sentence-transformers counts them) go through the model but not into the pooling.
    public let includesPrompt: Bool

    public init(modes: [PoolingMode], includesPrompt: Bool = true) {
        self.modes = modes.isEmpty ? [.mean] : modes
        self.includesPrompt = includesPrompt
    }

    public init(_ mode: PoolingMode) {
        self.init(modes: [mode])
    }

    /// "mean", or "cls+mean" for concatenated modes.
    public var name: String { modes.map(\.rawValue).joined(separator: "+") }

    /// Length of the pooled vector for token states of `hidden` components.
    public func outputDimension(hidden: Int) -> Int { modes.count * hidden }

    /// Pools `[tokens × hidden]` states, leaving the first `excluded` tokens out of the mask.
    public func pool(_ states: TokenStates, excludingFirst excluded: Int = 0) -> [Float] {
        if modes.count == 1 { return modes[0].pool(states, excludingFirst: excluded) }
        return modes.flatMap { $0.pool(states, excludingFirst: excluded) }
    }
}

extension PoolingMode {
    /// Pools `[tokens × hidden]` states into one `[hidden]` vector over the tokens from
    /// `excluded` on, as sentence-transformers' padded path does with the prompt masked out
    /// (every token of `states` is in the attention mask; padding is never part of it).
    public func pool(_ states: TokenStates, excludingFirst excluded: Int = 0) -> [Float] {
        let hidden = states.hiddenSize
        let count = states.tokenCount
        let first = Swift.min(Swift.max(0, excluded), count)
        guard first < count else {
            // Nothing left in the mask. torch's answers: argmax of an all-zero mask is 0 (cls),
            // max over -inf is -inf, a sum over nothing divided by 1e-9 is 0, and lasttoken
            // gathers a masked row (zero).
            switch self {
            case .cls: return count > 0 ? Array(states.row(0)) : [Float](repeating: 0, count: hidden)
            case .max: return [Float](repeating: -.infinity, count: hidden)
            default: return [Float](repeating: 0, count: hidden)
            }
        }
        switch self {
        case .cls:
            return Array(states.row(first))
        case .lastToken:
            return Array(states.row(count - 1))
        case .max:
            var result = Array(states.row(first))
            for token in (first + 1)..<count {
                for (d, value) in zip(0..<hidden, states.row(token)) where value > result[d] { result[d] = value }
            }
            return result
        case .mean, .meanSqrtLengthTokens, .weightedMean:
            // Accumulate in Double: long texts sum hundreds of rows.
            var sum = [Double](repeating: 0, count: hidden)
            var weightSum = 0.0
            for token in first..<count {
                let weight = tokenWeight(token)
                weightSum += weight
                for (d, value) in zip(0..<hidden, states.row(token)) { sum[d] += weight * Double(value) }
            }
            let divisor = self == .meanSqrtLengthTokens ? weightSum.squareRoot() : weightSum
            return sum.map { Float($0 / divisor) }
        }
    }

    /// Token `index`'s weight in a weighted sum: its position from 1 for weightedmean
    /// (positions count the excluded prompt too), 1 otherwise.
    func tokenWeight(_ index: Int) -> Double {
        self == .weightedMean ? Double(index + 1) : 1
    }
}
