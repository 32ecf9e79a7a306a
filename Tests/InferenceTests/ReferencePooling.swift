import Inference

/// Mean over all rows of [tokens × hidden] states, in Double (independent of the library).
func meanOfRows(_ states: TokenStates) -> [Float] {
    var sums = [Double](repeating: 0, count: states.hiddenSize)
    for token in 0..<states.tokenCount {
        for (column, value) in states.row(token).enumerated() { sums[column] += Double(value) }
    }
    return sums.map { Float($0 / Double(states.tokenCount)) }
}
