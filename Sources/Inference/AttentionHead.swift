import CInferenceKernels

/// Scaled dot-product attention of one head over one sequence:
/// context ← softmax(scale · Q·Kᵀ + B)·V, the softmax over each row, where B is an optional
/// relative position bias, B[i, j] = positionBias[j − i]. (Public for its tests.)
public enum AttentionHead {
    /// Which implementation to run.
    public enum Kernel: Sendable {
        /// AVX2/FMA, all three steps in one call (heads of a multiple of 8 dimensions).
        case accelerated
        /// OpenBLAS for the two products, `TransformerKernels.softmaxRows` between them.
        case portable

        /// The fastest this CPU runs for heads of `headSize` dimensions.
        public static func best(headSize: Int) -> Kernel {
            AcceleratedKernels.available && headSize % 8 == 0 ? .accelerated : .portable
        }
    }

    /// Q, K, V are [n × d] with rows `stride` floats apart; context is [n × d] with rows
    /// `contextStride` apart. n ≥ 1. `positionBias`, when given, points at the bias of
    /// distance 0 and must be readable from `positionBias − (n − 1)` to `positionBias + n + 14`
    /// (the accelerated kernel reads keys padded to a multiple of 16; those values are unused).
    public static func compute(
        tokenCount n: Int, headSize d: Int,
        query: UnsafePointer<Float>, key: UnsafePointer<Float>, value: UnsafePointer<Float>, stride: Int,
        scale: Float, positionBias: UnsafePointer<Float>? = nil,
        into context: UnsafeMutablePointer<Float>, contextStride: Int, kernel: Kernel
    ) {
        switch kernel {
        case .accelerated:
            precondition(AcceleratedKernels.available && d % 8 == 0, "needs AVX2/FMA and heads of a multiple of 8 dimensions")
            let scratchCount = Int(inference_attention_scratch_size(Int32(n), Int32(d)))
            withUnsafeTemporaryAllocation(of: Float.self, capacity: scratchCount) { scratch in
                guard let scratch = scratch.baseAddress else { return }
                inference_attention_head(
                    Int32(n), Int32(d), query, key, value, Int32(stride), scale, positionBias,
                    context, Int32(contextStride), scratch)
            }
        case .portable:
            withUnsafeTemporaryAllocation(of: Float.self, capacity: n * n) { buffer in
                guard let scores = buffer.baseAddress else { return }
                // scores [n × n] = scale · Q [n × d] · Kᵀ [d × n]
                BLAS.sgemm(
                    transposeB: .transposed, m: n, n: n, k: d, alpha: scale,
                    a: query, lda: stride, b: key, ldb: stride, c: scores, ldc: n)
                if let positionBias {
                    for row in 0..<n {
                        TransformerKernels.addToRows(scores + row * n, rowCount: 1, width: n, stride: n, vector: positionBias - row)
                    }
                }
                TransformerKernels.softmaxRows(scores, rowCount: n, width: n, stride: n)
                // context [n × d] = scores [n × n] · V [n × d]
                BLAS.sgemm(m: n, n: d, k: n, a: scores, lda: n, b: value, ldb: stride, c: context, ldc: contextStride)
            }
        }
    }
}
