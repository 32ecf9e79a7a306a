import Foundation

/// torch.nn.utils.clip_grad_norm_ over every parameter: the total 2-norm of all gradients;
/// when it exceeds `maxNorm`, every gradient is multiplied by maxNorm / (norm + 1e-6).
public enum GradientClipping {
    /// Clips in place; returns the norm before clipping (what fit() logs as grad_norm).
    @discardableResult
    public static func clip(_ parameters: [Parameter], maxNorm: Double) -> Double {
        let chunks = ParallelChunks.chunks(of: parameters)
        let norm = self.norm(chunks)
        let factor = scale(norm: norm, maxNorm: maxNorm)
        if factor != 1 {
            ParallelChunks.forEach(chunks) { chunk in
                let gradient = chunk.parameter.gradient
                for i in chunk.range { gradient[i] *= factor }
            }
        }
        return norm
    }

    /// The factor `clip` multiplies every gradient by: 1 when the norm is within `maxNorm`.
    /// (The training step hands it to AdamW, which applies it as it reads each gradient.)
    public static func scale(norm: Double, maxNorm: Double) -> Float {
        let coefficient = maxNorm / (norm + 1e-6)
        return coefficient < 1 ? Float(coefficient) : 1
    }

    /// The total 2-norm of the chunks' gradients, in Double: squares summed over eight lanes
    /// per chunk, the chunks on every core, their sums added in order (the same bits on any
    /// number of cores).
    static func norm(_ chunks: [ParallelChunks.ParameterChunk], threads: Int = ParallelChunks.threadCount) -> Double {
        let squares = ParallelChunks.sum(chunks, threads: threads) { chunk in
            let gradient = chunk.parameter.gradient
            var lanes = SIMD8<Double>()
            var index = chunk.range.lowerBound
            while index + 8 <= chunk.range.upperBound {
                let values = SIMD8<Double>(UnsafeRawPointer(gradient + index).loadUnaligned(as: SIMD8<Float>.self))
                lanes += values * values
                index += 8
            }
            var sum = lanes.sum()
            while index < chunk.range.upperBound {
                sum += Double(gradient[index]) * Double(gradient[index])
                index += 1
            }
            return sum
        }
        return squares.squareRoot()
    }
}
