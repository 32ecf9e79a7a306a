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
        // f32 rows copied, f16 rows widened: in memory or in the mapped sidecar alike.
        var values = storage.withFloats { Array($0) } ?? storage.withHalves { halves in
            var floats = [Float](repeating: 0, count: halves.count)
            floats.withUnsafeMutableBufferPointer { HalfKernels.decode(halves, into: $0) }
            return floats
        } ?? []
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

    /// Each row divided by its norm (as torch's normalize: the norm clamped at 1e-12). The
    /// squares of each row are added in order in Double; four rows go at once, as four
    /// separate sums, so a row's norm is the same bits as alone without waiting on one chain.
    static func normalizeRows(_ values: inout [Float], dimension: Int) {
        guard dimension > 0 else { return }
        let rows = values.count / dimension
        values.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            func scale(_ row: UnsafeMutablePointer<Float>, by sum: Double) {
                let inverse = Float(1 / max(sum.squareRoot(), 1e-12))
                for index in 0 ..< dimension { row[index] *= inverse }
            }
            func alone(_ row: UnsafeMutablePointer<Float>) -> (UnsafePointer<Float>, UnsafePointer<Float>) {
                (UnsafePointer(row), UnsafePointer(row))
            }
            var row = 0
            while row + 4 <= rows {
                let a = base + row * dimension, b = a + dimension, c = b + dimension, d = c + dimension
                let sums = fourDotProducts(alone(a), alone(b), alone(c), alone(d), length: dimension)
                scale(a, by: sums.0)
                scale(b, by: sums.1)
                scale(c, by: sums.2)
                scale(d, by: sums.3)
                row += 4
            }
            for last in row ..< rows {
                let a = base + last * dimension
                var sum = 0.0
                for index in 0 ..< dimension { sum += Double(a[index]) * Double(a[index]) }
                scale(a, by: sum)
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

    /// Four dot products of `length` components in Double, each added in component order as
    /// one product alone is: four separate sums go at once instead of waiting on one chain of
    /// additions, and each is the same bits as alone.
    static func fourDotProducts(_ p: (UnsafePointer<Float>, UnsafePointer<Float>), _ q: (UnsafePointer<Float>, UnsafePointer<Float>),
                                _ r: (UnsafePointer<Float>, UnsafePointer<Float>), _ s: (UnsafePointer<Float>, UnsafePointer<Float>),
                                length: Int) -> (Double, Double, Double, Double) {
        var sums = (0.0, 0.0, 0.0, 0.0)
        for t in 0 ..< length {
            sums.0 += Double(p.0[t]) * Double(p.1[t])
            sums.1 += Double(q.0[t]) * Double(q.1[t])
            sums.2 += Double(r.0[t]) * Double(r.1[t])
            sums.3 += Double(s.0[t]) * Double(s.1[t])
        }
        return sums
    }

    /// `score(first[k], second[k])` into `out[k]` for every k (all NaN unless the counts agree
    /// and every index is a row).
    /// Dot products go four pairs at once, as four separate sums each added in `score`'s order:
    /// the same bits, without waiting on one chain of Double additions per pair.
    func scores(first: UnsafeBufferPointer<Int32>, second: UnsafeBufferPointer<Int32>,
                into out: UnsafeMutableBufferPointer<Float>) {
        let count = out.count
        guard first.count == count, second.count == count,
              first.allSatisfy({ $0 >= 0 && Int($0) < rows }), second.allSatisfy({ $0 >= 0 && Int($0) < rows }) else {
            out.update(repeating: .nan)
            return
        }
        var pair = 0
        if scoring == .cosine || scoring == .dot {
            values.withUnsafeBufferPointer { v in
                guard let base = v.baseAddress else { return }
                let d = dimension
                func rows(_ offset: Int) -> (UnsafePointer<Float>, UnsafePointer<Float>) {
                    (base + Int(first[pair + offset]) * d, base + Int(second[pair + offset]) * d)
                }
                while pair + 4 <= count {
                    let sums = Self.fourDotProducts(rows(0), rows(1), rows(2), rows(3), length: d)
                    out[pair] = Float(sums.0)
                    out[pair + 1] = Float(sums.1)
                    out[pair + 2] = Float(sums.2)
                    out[pair + 3] = Float(sums.3)
                    pair += 4
                }
            }
        }
        for rest in pair ..< count { out[rest] = score(Int(first[rest]), Int(second[rest])) }
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
