#if canImport(Glibc)
import Glibc
#endif

/// The element-wise and row-wise steps of a transformer layer that are not matrix products.
///
/// All work in place on row-major matrices given by a base pointer, a row count and a
/// row width (contiguous rows unless a stride is given).
enum TransformerKernels {
    /// Each row ← (row − mean) / √(variance + eps) · weight + bias, with biased variance
    /// as PyTorch's LayerNorm. Statistics are accumulated in Double so that the result
    /// does not depend on the summation order more than float rounding does.
    static func layerNorm(
        _ rows: UnsafeMutablePointer<Float>, rowCount: Int, width: Int,
        weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, epsilon: Double
    ) {
        for rowIndex in 0..<rowCount {
            let row = rows + rowIndex * width
            var sum = 0.0
            for column in 0..<width { sum += Double(row[column]) }
            let mean = sum / Double(width)
            var squares = 0.0
            for column in 0..<width {
                let centred = Double(row[column]) - mean
                squares += centred * centred
            }
            let inverseDeviation = Float(1 / (squares / Double(width) + epsilon).squareRoot())
            let floatMean = Float(mean)
            for column in 0..<width {
                row[column] = (row[column] - floatMean) * inverseDeviation * weight[column] + bias[column]
            }
        }
    }

    /// x ← x · ½ · (1 + erf(x / √2)): the exact GELU of `hidden_act: "gelu"`.
    static func gelu(_ values: UnsafeMutablePointer<Float>, count: Int) {
        let inverseSquareRootTwo: Float = 0.70710678118654752440
        for index in 0..<count {
            let x = values[index]
            values[index] = x * 0.5 * (1 + erff(x * inverseSquareRootTwo))
        }
    }

    /// Each of `rowCount` rows of `width` values (rows `stride` apart) ← softmax(row),
    /// shifted by the row maximum so that exp never overflows.
    static func softmaxRows(_ matrix: UnsafeMutablePointer<Float>, rowCount: Int, width: Int, stride: Int) {
        for rowIndex in 0..<rowCount {
            let row = matrix + rowIndex * stride
            var maximum = -Float.infinity
            for column in 0..<width { maximum = max(maximum, row[column]) }
            var sum: Float = 0
            for column in 0..<width {
                let e = expf(row[column] - maximum)
                row[column] = e
                sum += e
            }
            let inverseSum = 1 / sum
            for column in 0..<width { row[column] *= inverseSum }
        }
    }

    /// Every row ← `vector` ([width]).
    static func fillRows(_ rows: UnsafeMutablePointer<Float>, rowCount: Int, width: Int, with vector: UnsafePointer<Float>) {
        for rowIndex in 0..<rowCount {
            (rows + rowIndex * width).update(from: vector, count: width)
        }
    }

    /// Every row ← row + `vector` ([width]).
    static func addToRows(_ rows: UnsafeMutablePointer<Float>, rowCount: Int, width: Int, vector: UnsafePointer<Float>) {
        for rowIndex in 0..<rowCount {
            let row = rows + rowIndex * width
            for column in 0..<width { row[column] += vector[column] }
        }
    }
}
