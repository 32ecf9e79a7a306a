/// Centring ("sphereizing"): subtracting the corpus's mean vector and making the result unit
/// length again, the standard fix for anisotropy (all vectors in a narrow cone, so every pair
/// scores high). For a directional score the vectors are made unit length first, as the
/// corpus's mean was taken over unit rows.
public struct CorpusCentring: Sendable, Equatable {
    /// The mean of the corpus's rows (unit rows for a directional score).
    public let mean: [Float]
    /// Whether vectors are made unit length before the mean is subtracted.
    public let normalizesFirst: Bool

    public init(mean: [Float], normalizesFirst: Bool) {
        self.mean = mean
        self.normalizesFirst = normalizesFirst
    }

    public var dimension: Int { mean.count }

    /// `vector` centred: (v − mean) / ‖v − mean‖ (the norm clamped at 1e-12, so a vector equal
    /// to the mean becomes zero rather than NaN). Throws for a vector of another length.
    public func centred(_ vector: [Float]) throws -> [Float] {
        guard vector.count == mean.count else { throw SpaceAnalysisError.wrongDimension(expected: mean.count, got: vector.count) }
        var values = vector
        centre(&values, rows: 1)
        return values
    }

    /// Every row of a row-major [rows × dimension] matrix centred in place.
    public func centre(_ values: inout [Float], rows: Int) {
        let d = mean.count
        guard d > 0, values.count >= rows * d else { return }
        if normalizesFirst { ScoringMatrix.normalizeRows(&values, dimension: d) }
        values.withUnsafeMutableBufferPointer { buffer in
            for row in 0 ..< rows {
                for t in 0 ..< d { buffer[row * d + t] -= mean[t] }
            }
        }
        ScoringMatrix.normalizeRows(&values, dimension: d)
    }

    /// The mean of `matrix`'s rows (as prepared for its scoring).
    static func mean(of matrix: ScoringMatrix) -> [Float] {
        let d = matrix.dimension
        var sums = [Double](repeating: 0, count: d)
        matrix.values.withUnsafeBufferPointer { v in
            for row in 0 ..< matrix.rows { for t in 0 ..< d { sums[t] += Double(v[row * d + t]) } }
        }
        return sums.map { Float($0 / Double(max(1, matrix.rows))) }
    }
}

extension ScoringMatrix {
    /// The rows centred by `centring` and made unit length, scored the same way.
    public func centred(by centring: CorpusCentring) -> ScoringMatrix {
        var centred = values
        let d = dimension
        centred.withUnsafeMutableBufferPointer { buffer in
            for row in 0 ..< rows { for t in 0 ..< d { buffer[row * d + t] -= centring.mean[t] } }
        }
        ScoringMatrix.normalizeRows(&centred, dimension: d)
        return ScoringMatrix(rows: rows, dimension: d, scoring: scoring, values: centred)
    }
}
