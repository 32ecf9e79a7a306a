import HalfFloat

/// A corpus's rows as f32, ready to be scored with `scoring`: widened from f16, and made
/// unit length for a directional score (a cosine is the dot product of unit rows). Zero
/// rows stay zero (their cosine with anything is 0, as `VectorMath.cosine` says).
public struct ScoringMatrix: Sendable {
    public let rows: Int
    public let dimension: Int
    public let scoring: PairScoring
    /// Row-major [rows × dimension].
    public let values: [Float]
    /// Squared norm of each row (after any normalisation): euclidean scores need them.
    let squaredNorms: [Float]

    public init(rows: Int, dimension: Int, storage: MatrixStorage, scoring: PairScoring) throws {
        guard dimension > 0, rows >= 0, storage.count == rows * dimension else {
            throw SpaceAnalysisError.badMatrix(rows: rows, dimension: dimension, components: storage.count)
        }
        // Through the accessors, so a memory-mapped sidecar (`.mapped`) is read like the rest.
        var values: [Float]
        if let floats = storage.withFloats({ Array($0) }) {
            values = floats
        } else {
            values = [Float](repeating: 0, count: storage.count)
            values.withUnsafeMutableBufferPointer { destination in
                storage.withHalves { HalfKernels.decode($0, into: destination) }
            }
        }
        if scoring.isDirectional { Self.normalizeRows(&values, dimension: dimension) }
        self.init(rows: rows, dimension: dimension, scoring: scoring, values: values)
    }

    /// Rows already prepared (centred vectors, unit length).
    init(rows: Int, dimension: Int, scoring: PairScoring, values: [Float]) {
        self.rows = rows
        self.dimension = dimension
        self.scoring = scoring
        self.values = values
        squaredNorms = (0 ..< rows).map { row in
            var sum: Float = 0
            for index in row * dimension ..< (row + 1) * dimension { sum += values[index] * values[index] }
            return sum
        }
    }

    /// Each row divided by its norm (as torch's normalize: the norm clamped at 1e-12).
    static func normalizeRows(_ values: inout [Float], dimension: Int) {
        let rows = values.count / dimension
        values.withUnsafeMutableBufferPointer { buffer in
            for row in 0 ..< rows {
                let range = row * dimension ..< (row + 1) * dimension
                var sum = 0.0
                for index in range { sum += Double(buffer[index]) * Double(buffer[index]) }
                let inverse = Float(1 / max(sum.squareRoot(), 1e-12))
                for index in range { buffer[index] *= inverse }
            }
        }
    }

    /// The score of rows `i` and `j`, computed directly (Double accumulation).
    func score(_ i: Int, _ j: Int) -> Float {
        values.withUnsafeBufferPointer { v in
            let a = i * dimension, b = j * dimension
            var sum = 0.0
            switch scoring {
            case .cosine, .dot:
                for t in 0 ..< dimension { sum += Double(v[a + t]) * Double(v[b + t]) }
                return Float(sum)
            case .euclidean:
                for t in 0 ..< dimension { let d = Double(v[a + t]) - Double(v[b + t]); sum += d * d }
                return Float(-sum.squareRoot())
            case .manhattan:
                for t in 0 ..< dimension { sum += abs(Double(v[a + t]) - Double(v[b + t])) }
                return Float(-sum)
            }
        }
    }

    /// Bounds every pair score lies within, for the histogram.
    var scoreBounds: (lower: Double, upper: Double) {
        let largestNorm = Double(squaredNorms.max() ?? 0).squareRoot()
        switch scoring {
        case .cosine: return (-1.000001, 1.000001)
        case .dot: return (-largestNorm * largestNorm * 1.0001 - 1e-6, largestNorm * largestNorm * 1.0001 + 1e-6)
        case .euclidean: return (-2 * largestNorm * 1.0001 - 1e-6, 1e-6)
        case .manhattan:
            var largest = 0.0
            for row in 0 ..< rows {
                var sum = 0.0
                for index in row * dimension ..< (row + 1) * dimension { sum += abs(Double(values[index])) }
                largest = max(largest, sum)
            }
            return (-2 * largest * 1.0001 - 1e-6, 1e-6)
        }
    }
}
