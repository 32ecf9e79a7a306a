import CInferenceKernels

/// The AVX2/FMA kernels of `CInferenceKernels`, on CPUs that have those instructions.
///
/// Callers check `available` and fall back to portable kernels otherwise. (`PackedLinear`
/// and `AttentionHead` call their kernels of CInferenceKernels themselves.)
enum AcceleratedKernels {
    /// Whether this CPU runs the kernels (checked once).
    static let available: Bool = inference_kernels_available() != 0

    /// Each of `count` values ← GELU(value).
    static func gelu(_ values: UnsafeMutablePointer<Float>, count: Int) {
        inference_gelu(values, Int32(count))
    }
}
