import Inference

/// Floating-point operations of an encoder forward pass (any family; MPNet's bias adds are not counted), 2 per multiply-add.
///
/// Counts the matrix products: the linear layers (Q, K, V, attention output, the two
/// feed-forward layers) over real tokens, and attention's QKᵀ and softmax·V over each
/// sequence's own tokens. Embeddings, LayerNorm, GELU and softmax are left out (they are
/// a few hundred operations per value, under 1% of the total for these shapes).
public struct EncoderFlops {
    public let configuration: BertConfiguration

    public init(configuration: BertConfiguration) {
        self.configuration = configuration
    }

    /// Linear layers per token, all layers: 2·(4·H² + 2·H·I)·L.
    public var linearPerToken: Double {
        let hidden = Double(configuration.hiddenSize), intermediate = Double(configuration.intermediateSize)
        return 2 * (4 * hidden * hidden + 2 * hidden * intermediate) * Double(configuration.numHiddenLayers)
    }

    /// Attention products of one sequence of `length` tokens, all heads and layers: 4·n²·H·L.
    public func attention(length: Int) -> Double {
        let n = Double(length)
        return 4 * n * n * Double(configuration.hiddenSize) * Double(configuration.numHiddenLayers)
    }

    /// Everything counted for sequences of these lengths.
    public func total(lengths: [Int]) -> Double {
        lengths.reduce(0) { $0 + Double($1) * linearPerToken + attention(length: $1) }
    }
}
