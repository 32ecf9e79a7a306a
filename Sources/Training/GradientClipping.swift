import Foundation

/// torch.nn.utils.clip_grad_norm_ over every parameter: the total 2-norm of all gradients;
/// when it exceeds `maxNorm`, every gradient is multiplied by maxNorm / (norm + 1e-6).
public enum GradientClipping {
    /// Clips in place; returns the norm before clipping (what fit() logs as grad_norm).
    @discardableResult
    public static func clip(_ parameters: [Parameter], maxNorm: Double) -> Double {
        var squares = 0.0
        for parameter in parameters {
            var sum = 0.0
            for i in 0..<parameter.count { sum += Double(parameter.gradient[i]) * Double(parameter.gradient[i]) }
            squares += sum
        }
        let norm = squares.squareRoot()
        let coefficient = maxNorm / (norm + 1e-6)
        if coefficient < 1 {
            let factor = Float(coefficient)
            for parameter in parameters {
                for i in 0..<parameter.count { parameter.gradient[i] *= factor }
            }
        }
        return norm
    }
}
