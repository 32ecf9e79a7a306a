/// The element-wise and row-wise steps of a transformer layer that are not matrix products.
///
/// All work in place on row-major matrices given by a base pointer, a row count and a
/// row width (contiguous rows unless a stride is given). Inner loops are plain loops over
/// contiguous floats with inlined bodies, which the compiler vectorises.
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
            let mean = sum(row, count: width) / Double(width)
            let variance = sumOfSquares(row, count: width, centredOn: mean) / Double(width)
            let inverseDeviation = Float(1 / (variance + epsilon).squareRoot())
            let floatMean = Float(mean)
            for column in 0..<width {
                row[column] = (row[column] - floatMean) * inverseDeviation * weight[column] + bias[column]
            }
        }
    }

    /// Each value of the rows (rows `stride` apart) ← `FastMath.gelu(value)`: the activation
    /// after the portable product kernel (the accelerated one applies it as it stores).
    static func applyGELU(_ rows: UnsafeMutablePointer<Float>, rowCount: Int, width: Int, stride: Int) {
        for rowIndex in 0..<rowCount {
            let row = rows + rowIndex * stride
            for column in 0..<width { row[column] = FastMath.gelu(row[column]) }
        }
    }

    /// Each value of the rows (rows `stride` apart) ← `activation(value)`, after the portable
    /// product kernel (one loop per activation, so that each vectorises).
    static func apply(
        _ activation: PackedLinear.Activation, to rows: UnsafeMutablePointer<Float>, rowCount: Int, width: Int, stride: Int
    ) {
        switch activation {
        case .identity:
            return
        case .gelu:
            applyGELU(rows, rowCount: rowCount, width: width, stride: stride)
        case .geluTanh:
            for rowIndex in 0..<rowCount {
                let row = rows + rowIndex * stride
                for column in 0..<width { row[column] = FastMath.geluTanh(row[column]) }
            }
        case .relu:
            for rowIndex in 0..<rowCount {
                let row = rows + rowIndex * stride
                for column in 0..<width { row[column] = Swift.max(row[column], 0) }
            }
        }
    }

    /// Each of `rowCount` rows of `width` values (rows `stride` apart) ← softmax(row),
    /// shifted by the row maximum so that exp never overflows.
    static func softmaxRows(_ matrix: UnsafeMutablePointer<Float>, rowCount: Int, width: Int, stride: Int) {
        for rowIndex in 0..<rowCount {
            let row = matrix + rowIndex * stride
            var maximum = -Float.infinity
            for column in 0..<width { maximum = max(maximum, row[column]) }
            for column in 0..<width { row[column] = FastMath.exp(row[column] - maximum) }
            let inverseSum = 1 / Float(sum(row, count: width))
            for column in 0..<width { row[column] *= inverseSum }
        }
    }

    /// Every row (rows `stride` apart) ← `vector` ([width]).
    static func fillRows(
        _ rows: UnsafeMutablePointer<Float>, rowCount: Int, width: Int, stride: Int, with vector: UnsafePointer<Float>
    ) {
        for rowIndex in 0..<rowCount {
            (rows + rowIndex * stride).update(from: vector, count: width)
        }
    }

    /// Every row (rows `stride` apart) ← row + `vector` ([width]).
    static func addToRows(
        _ rows: UnsafeMutablePointer<Float>, rowCount: Int, width: Int, stride: Int, vector: UnsafePointer<Float>
    ) {
        for rowIndex in 0..<rowCount {
            let row = rows + rowIndex * stride
            for column in 0..<width { row[column] += vector[column] }
        }
    }

    /// Σ values in Double, four running sums (a fixed order, so the same values always
    /// give the same sum).
    private static func sum(_ values: UnsafePointer<Float>, count: Int) -> Double {
        var sums = SIMD4<Double>()
        var index = 0
        while index + 4 <= count {
            sums += SIMD4<Double>(UnsafeRawPointer(values + index).loadUnaligned(as: SIMD4<Float>.self))
            index += 4
        }
        var total = sums.sum()
        while index < count {
            total += Double(values[index])
            index += 1
        }
        return total
    }

    /// Σ (values − mean)² in Double, in the same fixed order as `sum`.
    private static func sumOfSquares(_ values: UnsafePointer<Float>, count: Int, centredOn mean: Double) -> Double {
        var sums = SIMD4<Double>()
        let centre = SIMD4<Double>(repeating: mean)
        var index = 0
        while index + 4 <= count {
            let centred = SIMD4<Double>(UnsafeRawPointer(values + index).loadUnaligned(as: SIMD4<Float>.self)) - centre
            sums += centred * centred
            index += 4
        }
        var total = sums.sum()
        while index < count {
            let centred = Double(values[index]) - mean
            total += centred * centred
            index += 1
        }
        return total
    }
}
