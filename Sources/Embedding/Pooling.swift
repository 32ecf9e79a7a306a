import Inference

extension PoolingMode {
    /// Pools `[tokens × hidden]` states into one `[hidden]` vector. Every token is a member of
    /// the attention mask (padding is never part of `states`).
    public func pool(_ states: TokenStates) -> [Float] {
        let hidden = states.hiddenSize
        let count = states.tokenCount
        guard count > 0 else { return [Float](repeating: 0, count: hidden) }
        switch self {
        case .cls:
            return Array(states.row(0))
        case .max:
            var result = Array(states.row(0))
            for token in 1..<count {
                let row = states.row(token)
                for (d, value) in zip(0..<hidden, row) where value > result[d] { result[d] = value }
            }
            return result
        case .mean, .meanSqrtLengthTokens:
            // Accumulate in Double: long texts sum hundreds of rows.
            var sum = [Double](repeating: 0, count: hidden)
            for token in 0..<count {
                for (d, value) in zip(0..<hidden, states.row(token)) { sum[d] += Double(value) }
            }
            let divisor = self == .mean ? Double(count) : Double(count).squareRoot()
            return sum.map { Float($0 / divisor) }
        }
    }
}
