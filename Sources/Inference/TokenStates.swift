/// The hidden states of one sequence: one row of `hiddenSize` floats per token.
public struct TokenStates: Sendable, Equatable {
    /// Rows: tokens of the sequence, the template's special tokens included.
    public let tokenCount: Int
    /// Columns: the model's hidden size.
    public let hiddenSize: Int
    /// [tokenCount × hiddenSize], row-major.
    public let values: [Float]

    /// Wraps `values`, which must hold exactly `tokenCount × hiddenSize` floats.
    public init(tokenCount: Int, hiddenSize: Int, values: [Float]) {
        precondition(tokenCount >= 0 && hiddenSize >= 0 && values.count == tokenCount * hiddenSize,
                     "TokenStates: \(values.count) values do not make \(tokenCount) rows of \(hiddenSize)")
        self.tokenCount = tokenCount
        self.hiddenSize = hiddenSize
        self.values = values
    }

    /// The state of token `token` (0 ..< tokenCount): `hiddenSize` floats.
    public func row(_ token: Int) -> ArraySlice<Float> {
        values[(token * hiddenSize) ..< ((token + 1) * hiddenSize)]
    }
}
