import Foundation

/// torch.optim.AdamW (betas 0.9/0.999, eps 1e-8, decoupled weight decay), step for step in
/// float as PyTorch's single-tensor path computes it:
/// p ← p·(1 − lr·wd); m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²;
/// p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + eps).
/// Weight decay only on `Parameter.isDecayed` parameters (fit()'s two groups).
public final class AdamW: @unchecked Sendable {
    public let weightDecay: Float
    public let beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8
    /// Steps taken (t of the bias corrections).
    public private(set) var stepCount: Int
    /// First and second moments, one buffer per parameter, in `parameters` order.
    let firstMoments: [FloatBuffer]
    let secondMoments: [FloatBuffer]
    let parameters: [Parameter]
    /// The parameters cut into chunks for the update's threads.
    private let chunks: [ParallelChunks.ParameterChunk]

    public init(parameters: [Parameter], weightDecay: Float) {
        self.parameters = parameters
        self.weightDecay = weightDecay
        stepCount = 0
        firstMoments = parameters.map { FloatBuffer(count: $0.count) }
        secondMoments = parameters.map { FloatBuffer(count: $0.count) }
        chunks = ParallelChunks.chunks(of: parameters)
    }

    /// Moments as saved in a checkpoint, by parameter name.
    public var state: (step: Int, first: [String: [Float]], second: [String: [Float]]) {
        var first: [String: [Float]] = [:], second: [String: [Float]] = [:]
        for (index, parameter) in parameters.enumerated() {
            first[parameter.name] = firstMoments[index].array
            second[parameter.name] = secondMoments[index].array
        }
        return (stepCount, first, second)
    }

    /// Restores `state` (every parameter's moments, of its size); false if any is missing or the wrong size.
    public func restore(step: Int, first: [String: [Float]], second: [String: [Float]]) -> Bool {
        for (index, parameter) in parameters.enumerated() {
            guard let m = first[parameter.name], let v = second[parameter.name],
                  m.count == parameter.count, v.count == parameter.count else { return false }
            for i in 0..<m.count {
                firstMoments[index][i] = m[i]
                secondMoments[index][i] = v[i]
            }
        }
        stepCount = step
        return true
    }

    /// One update of every parameter from its gradient times `gradientScale` (clipping's
    /// factor, applied as each gradient is read: the bits of scaling the gradients first),
    /// at learning rate `learningRate`.
    /// Scalars in Double, as PyTorch computes them in Python before the float tensor ops.
    /// Parameters are updated in fixed chunks on every core; each value's update depends only
    /// on its own p, g, m and v, so the bits do not depend on the number of cores.
    public func step(learningRate: Double, gradientScale: Float = 1) {
        stepCount += 1
        let t = Double(stepCount)
        let biasCorrection1 = 1 - pow(Double(beta1), t)
        let biasCorrection2Root = (1 - pow(Double(beta2), t)).squareRoot()
        let stepSize = Float(learningRate / biasCorrection1)
        let root = Float(biasCorrection2Root)
        let decayFactor = Float(1 - learningRate * Double(weightDecay))
        let keep1 = Float(1 - Double(beta1)), keep2 = Float(1 - Double(beta2))
        let beta2 = beta2, epsilon = epsilon
        let firstMoments = firstMoments, secondMoments = secondMoments
        ParallelChunks.forEach(chunks) { chunk in
            let parameter = chunk.parameter, offset = chunk.range.lowerBound, end = chunk.range.upperBound
            let p = parameter.values, g = parameter.gradient
            let m = firstMoments[chunk.index].pointer, v = secondMoments[chunk.index].pointer
            let decay: Float = parameter.isDecayed ? decayFactor : 1
            // Eight lanes at a time (the same IEEE operations in the same order as the scalar
            // tail, so the same bits): the update touches every weight every step.
            var start = offset
            while start + 8 <= end {
                let gradient = UnsafeRawPointer(g + start).loadUnaligned(as: SIMD8<Float>.self) * gradientScale
                var weights = UnsafeRawPointer(p + start).loadUnaligned(as: SIMD8<Float>.self)
                var first = UnsafeRawPointer(m + start).loadUnaligned(as: SIMD8<Float>.self)
                var second = UnsafeRawPointer(v + start).loadUnaligned(as: SIMD8<Float>.self)
                weights *= decay
                first += keep1 * (gradient - first)
                second = second * beta2 + keep2 * (gradient * gradient)
                let denominator = second.squareRoot() / root + epsilon
                weights += -stepSize * (first / denominator)
                UnsafeMutableRawPointer(p + start).storeBytes(of: weights, as: SIMD8<Float>.self)
                UnsafeMutableRawPointer(m + start).storeBytes(of: first, as: SIMD8<Float>.self)
                UnsafeMutableRawPointer(v + start).storeBytes(of: second, as: SIMD8<Float>.self)
                start += 8
            }
            for i in start..<end {
                let gradient = g[i] * gradientScale
                p[i] *= decay
                // torch's lerp_ and mul_().addcmul_(): m + (1−β₁)(g − m); v·β₂ + (1−β₂)·g·g
                m[i] += keep1 * (gradient - m[i])
                v[i] = v[i] * beta2 + keep2 * (gradient * gradient)
                let denominator = v[i].squareRoot() / root + epsilon
                p[i] += -stepSize * (m[i] / denominator)
            }
        }
    }
}
