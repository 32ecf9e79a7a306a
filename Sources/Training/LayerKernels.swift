import Foundation
import Inference

/// The element-wise and row-wise steps of an encoder layer with what their backward passes
/// need: LayerNorm keeping x̂ and 1/σ, the feed-forward activations and their derivatives,
/// softmax and its Jacobian-vector product, and linear maps through OpenBLAS (one thread
/// per call, the parts spread over threads here).
enum LayerKernels {
    /// rows ← LN(rows) = x̂·γ + β row by row; x̂ [rows × width] and 1/σ [rows] are stored for backward.
    /// Statistics in Double (as the inference kernel), biased variance as PyTorch.
    static func layerNorm(
        _ rows: UnsafeMutablePointer<Float>, rowCount: Int, width: Int, weight: UnsafePointer<Float>,
        bias: UnsafePointer<Float>, epsilon: Double, normalized: UnsafeMutablePointer<Float>,
        inverseDeviation: UnsafeMutablePointer<Float>
    ) {
        // Rows are independent: on every core, the same bits.
        ParallelChunks.forEachRows(rowCount, width: width) { range in
            for r in range {
                let row = rows + r * width, xhat = normalized + r * width
                var sum = 0.0
                for c in 0..<width { sum += Double(row[c]) }
                let mean = sum / Double(width)
                var squares = 0.0
                for c in 0..<width {
                    let centred = Double(row[c]) - mean
                    squares += centred * centred
                }
                let inverse = Float(1 / (squares / Double(width) + epsilon).squareRoot())
                inverseDeviation[r] = inverse
                let floatMean = Float(mean)
                for c in 0..<width {
                    xhat[c] = (row[c] - floatMean) * inverse
                    row[c] = xhat[c] * weight[c] + bias[c]
                }
            }
        }
    }

    /// Given dL/dy in `gradient` (rows of y = x̂·γ + β), accumulates dL/dγ and dL/dβ and
    /// replaces `gradient` with dL/dx = (1/σ)·(g − mean(g) − x̂·mean(g·x̂)) where g = dL/dy·γ.
    static func layerNormBackward(
        _ gradient: UnsafeMutablePointer<Float>, rowCount: Int, width: Int, weight: UnsafePointer<Float>,
        normalized: UnsafePointer<Float>, inverseDeviation: UnsafePointer<Float>,
        weightGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>
    ) {
        // dγ and dβ add up over rows, in row order (one thread); each row's dx is its own (every core).
        for r in 0..<rowCount {
            let dy = gradient + r * width, xhat = normalized + r * width
            for c in 0..<width {
                weightGradient[c] += dy[c] * xhat[c]
                biasGradient[c] += dy[c]
            }
        }
        ParallelChunks.forEachRows(rowCount, width: width) { range in
            for r in range {
                let dy = gradient + r * width, xhat = normalized + r * width
                var sumG = 0.0, sumGX = 0.0
                for c in 0..<width {
                    let g = Double(dy[c] * weight[c])
                    sumG += g
                    sumGX += g * Double(xhat[c])
                }
                let meanG = Float(sumG / Double(width)), meanGX = Float(sumGX / Double(width))
                let inverse = inverseDeviation[r]
                for c in 0..<width {
                    dy[c] = inverse * (dy[c] * weight[c] - meanG - xhat[c] * meanGX)
                }
            }
        }
    }

    /// GELU(x) = x·Φ(x) (erf form, `hidden_act: "gelu"`).
    @inline(__always)
    static func gelu(_ x: Float) -> Float { 0.5 * x * (1 + erff(x * 0.707_106_77)) }

    /// dGELU/dx = Φ(x) + x·φ(x).
    @inline(__always)
    static func geluDerivative(_ x: Float) -> Float {
        0.5 * (1 + erff(x * 0.707_106_77)) + x * 0.398_942_28 * expf(-0.5 * x * x)
    }

    /// (GELU(x), GELU'(x)) with one erf: the same bits as `gelu` and `geluDerivative`.
    @inline(__always)
    static func geluAndDerivative(_ x: Float) -> (Float, Float) {
        let onePlusErf = 1 + erff(x * 0.707_106_77)
        return (0.5 * x * onePlusErf, 0.5 * onePlusErf + x * 0.398_942_28 * expf(-0.5 * x * x))
    }

    /// For each of `count` pre-activations u in `values`: `activated` ← GELU(u) and
    /// `values` ← GELU'(u), on every core, with the AVX2 kernel where the CPU has it (the
    /// method of inference's GELU, within float rounding of `geluAndDerivative`), else with
    /// `geluAndDerivative`. Each value's result depends only on u, so not on the split.
    static func geluWithSlope(_ values: UnsafeMutablePointer<Float>, activated: UnsafeMutablePointer<Float>, count: Int) {
        ParallelChunks.forEach(count) { range in
            if TrainingKernels.available {
                TrainingKernels.geluWithSlope(values + range.lowerBound, activated: activated + range.lowerBound, count: range.count)
            } else {
                for index in range { (activated[index], values[index]) = geluAndDerivative(values[index]) }
            }
        }
    }

    /// target[i] ← target[i] · factor[i] for `count` values, on every core.
    static func multiply(_ target: UnsafeMutablePointer<Float>, by factor: UnsafePointer<Float>, count: Int) {
        ParallelChunks.forEach(count) { range in
            for index in range { target[index] *= factor[index] }
        }
    }

    /// target[i] ← addend[i] + target[i] for `count` values (a residual connection), on every core.
    static func addResidual(_ addend: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>, count: Int) {
        ParallelChunks.forEach(count) { range in
            for index in range { target[index] = addend[index] + target[index] }
        }
    }

    /// Each row ← softmax(row), shifted by its maximum. e^x by `FastMath.exp` (within
    /// 1.5e-7 relative of expf), in a loop of its own so that it vectorises; the sum after it.
    static func softmaxRows(_ matrix: UnsafeMutablePointer<Float>, rowCount: Int, width: Int) {
        for r in 0..<rowCount {
            let row = matrix + r * width
            var maximum = -Float.infinity
            for c in 0..<width { maximum = max(maximum, row[c]) }
            for c in 0..<width { row[c] = FastMath.exp(row[c] - maximum) }
            var sum: Float = 0
            for c in 0..<width { sum += row[c] }
            let inverse = 1 / sum
            for c in 0..<width { row[c] *= inverse }
        }
    }

    /// Given P = softmax(S) and dL/dP in `gradient`, replaces it with dL/dS = P ⊙ (dP − rowsum(dP ⊙ P)).
    static func softmaxBackward(_ gradient: UnsafeMutablePointer<Float>, probabilities: UnsafePointer<Float>, rowCount: Int, width: Int) {
        for r in 0..<rowCount {
            let dp = gradient + r * width, p = probabilities + r * width
            var dot: Float = 0
            for c in 0..<width { dot += dp[c] * p[c] }
            for c in 0..<width { dp[c] = p[c] * (dp[c] - dot) }
        }
    }

    /// Parts a product over `count` rows (or output columns) is cut into: a function of the
    /// size alone, never of the thread count, so that the sums, and so a run's numbers, are
    /// the same whatever number of threads computes them.
    static func partCount(_ count: Int) -> Int { min(16, max(1, count / 64)) }

    /// y [rows × out] (rows `outputStride` apart) ← x [rows × in] · Wᵀ + b, in parts of rows.
    static func linear(
        _ input: UnsafePointer<Float>, rowCount: Int, inputStride: Int, weight: Parameter, bias: Parameter,
        into output: UnsafeMutablePointer<Float>, outputStride: Int, threads: Int = 1
    ) {
        let out = weight.shape[0], inputs = weight.shape[1]
        for r in 0..<rowCount { (output + r * outputStride).update(from: bias.values, count: out) }
        guard rowCount > 0 else { return }
        let parts = partCount(rowCount)
        ParallelWork.forEach(parts, threads: threads) { part in
            let rows = ParallelWork.slice(part, of: parts, count: rowCount)
            guard !rows.isEmpty else { return }
            BLAS.sgemm(
                transposeB: .transposed, m: rows.count, n: out, k: inputs, a: input + rows.lowerBound * inputStride,
                lda: inputStride, b: weight.values, ldb: inputs, beta: 1, c: output + rows.lowerBound * outputStride,
                ldc: outputStride)
        }
    }

    /// For y = x·Wᵀ + b with dL/dy given: dW += dyᵀ·x and db += Σ rows of dy (in parts of
    /// output columns), and dx (+)= dy·W when `inputGradient` is given (in parts of rows;
    /// `accumulate`: add to what is there).
    static func linearBackward(
        outputGradient dy: UnsafePointer<Float>, rowCount: Int, outputStride: Int,
        input: UnsafePointer<Float>, inputStride: Int, weight: Parameter, bias: Parameter,
        inputGradient: UnsafeMutablePointer<Float>?, inputGradientStride: Int, accumulate: Bool, threads: Int = 1
    ) {
        let out = weight.shape[0], inputs = weight.shape[1]
        guard rowCount > 0 else { return }
        let columnParts = partCount(out)
        ParallelWork.forEach(columnParts, threads: threads) { part in
            let columns = ParallelWork.slice(part, of: columnParts, count: out)
            guard !columns.isEmpty else { return }
            BLAS.sgemm(
                transposeA: .transposed, m: columns.count, n: inputs, k: rowCount, a: dy + columns.lowerBound,
                lda: outputStride, b: input, ldb: inputStride, beta: 1, c: weight.gradient + columns.lowerBound * inputs,
                ldc: inputs)
            for r in 0..<rowCount {
                let row = dy + r * outputStride
                for c in columns { bias.gradient[c] += row[c] }
            }
        }
        if let inputGradient {
            let rowParts = partCount(rowCount)
            ParallelWork.forEach(rowParts, threads: threads) { part in
                let rows = ParallelWork.slice(part, of: rowParts, count: rowCount)
                guard !rows.isEmpty else { return }
                BLAS.sgemm(
                    m: rows.count, n: inputs, k: out, a: dy + rows.lowerBound * outputStride, lda: outputStride,
                    b: weight.values, ldb: inputs, beta: accumulate ? 1 : 0,
                    c: inputGradient + rows.lowerBound * inputGradientStride, ldc: inputGradientStride)
            }
        }
    }

    /// activated ← act(u) and u ← act'(u), element by element (`hidden_act`).
    static func activate(
        _ activation: FeedForwardActivation, _ values: UnsafeMutablePointer<Float>, into activated: UnsafeMutablePointer<Float>,
        count: Int
    ) {
        switch activation {
        case .gelu:
            geluWithSlope(values, activated: activated, count: count)
        case .geluTanh:
            for index in 0..<count { (activated[index], values[index]) = geluTanhAndDerivative(values[index]) }
        case .relu:
            for index in 0..<count {
                let x = values[index]
                (activated[index], values[index]) = x > 0 ? (x, 1) : (0, 0)
            }
        }
    }

    /// (GELU(x), GELU'(x)) for the tanh form ½x(1 + tanh(u)), u = √(2/π)(x + 0.044715x³)
    /// (`gelu_new`, `gelu_pytorch_tanh`).
    @inline(__always)
    static func geluTanhAndDerivative(_ x: Float) -> (Float, Float) {
        let c: Float = 0.797_884_56
        let t = tanhf(c * (x + 0.044715 * (x * x * x)))
        let value = 0.5 * x * (1 + t)
        let slope = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * 0.044715 * x * x)
        return (value, slope)
    }
}
