/// The arithmetic of an encoder's linear layers (attention projections, attention output,
/// feed-forward): float32, or int8 by dynamic quantization (`Int8Linear`). Attention,
/// LayerNorm, GELU, the residuals and pooling are float32 either way.
public enum EncoderPrecision: String, Sendable, CaseIterable {
    case float32
    /// Weights quantized once at load (symmetric, one scale per block of 64 inputs of each
    /// output row), inputs at each product (one scale per block of the same 64 inputs);
    /// exact int32 sums per block scaled back to float.
    case int8

    /// The precision and its quantization scheme, as the vector cache's key names it: vectors
    /// of an earlier scheme (int8 with one weight scale per output row) are not served as
    /// this one's.
    public var scheme: String {
        switch self {
        case .float32: "float32"
        case .int8: "int8 (weights and inputs, one scale per 64 inputs)"
        }
    }
}
