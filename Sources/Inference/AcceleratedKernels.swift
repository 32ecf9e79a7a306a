import CInferenceKernels

/// The AVX2/FMA kernels of `CInferenceKernels`, on CPUs that have those instructions.
///
/// Callers check `available` and fall back to portable kernels otherwise. (`PackedLinear`
/// and `AttentionHead` call their kernels of CInferenceKernels themselves.)
enum AcceleratedKernels {
    /// Whether this CPU runs the kernels (checked once).
    static let available: Bool = inference_kernels_available() != 0

    /// Each row (rows `stride` apart) ← GELU(row + bias), bias [width].
    static func addBiasAndGELU(_ rows: UnsafeMutablePointer<Float>, rowCount: Int, width: Int, stride: Int, bias: UnsafePointer<Float>) {
        inference_add_bias_gelu(rows, Int32(rowCount), Int32(width), Int32(stride), bias)
    }
}
