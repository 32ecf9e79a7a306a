import CInferenceKernels

/// The AVX2/FMA products of `CInferenceKernels`, on CPUs that have those instructions.
///
/// This is the only file that imports CInferenceKernels.
enum MatrixKernels {
    /// Whether this CPU runs the kernels (checked once).
    static let available: Bool = inference_kernels_available() != 0

    /// c [m × n] ← a [m × k] · bᵀ, or c + a · bᵀ when `accumulate`; b is stored [n × k].
    /// Leading dimensions are row strides. Only call when `available`.
    static func multiplyTransposed(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        accumulate: Bool,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        inference_multiply_transposed(
            Int32(m), Int32(n), Int32(k), a, Int32(lda), b, Int32(ldb), accumulate ? 1 : 0, c, Int32(ldc))
    }
}
