/// The arithmetic of an encoder's linear layers (attention projections, attention output,
/// feed-forward): float32, or int8 by dynamic quantization (`Int8Linear`). Attention,
/// LayerNorm, GELU, the residuals and pooling are float32 either way.
public enum EncoderPrecision: String, Sendable, CaseIterable {
    case float32
    /// Weights quantized once at load (symmetric, one scale per output row), inputs per row
    /// at each product; exact int32 sums scaled back to float.
    case int8
}
