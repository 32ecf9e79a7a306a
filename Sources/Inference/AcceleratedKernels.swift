import CInferenceKernels

/// The AVX2/FMA kernels of `CInferenceKernels`, on CPUs that have those instructions.
///
/// This is the only file that imports CInferenceKernels. Callers check `available` and
/// fall back to OpenBLAS or to the Swift kernels otherwise.
enum AcceleratedKernels {
    /// Whether this CPU runs the kernels (checked once).
    static let available: Bool = inference_kernels_available() != 0

    /// c [m × n] ← a [m × k] · bᵀ, or c + a · bᵀ when `accumulate`; b is stored [n × k].
    /// Leading dimensions are row strides.
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

    /// Each row (rows `stride` apart) ← GELU(row + bias), bias [width].
    static func addBiasAndGELU(_ rows: UnsafeMutablePointer<Float>, rowCount: Int, width: Int, stride: Int, bias: UnsafePointer<Float>) {
        inference_add_bias_gelu(rows, Int32(rowCount), Int32(width), Int32(stride), bias)
    }
}
