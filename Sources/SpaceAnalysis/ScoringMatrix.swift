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
            var row = 0
            while row + 4 <= rows {
                let a = base + row * dimension, b = a + dimension, c = b + dimension, d = c + dimension
                var sumA = 0.0, sumB = 0.0, sumC = 0.0, sumD = 0.0
                for index in 0 ..< dimension {
                    sumA += Double(a[index]) * Double(a[index])
                    sumB += Double(b[index]) * Double(b[index])
                    sumC += Double(c[index]) * Double(c[index])
                    sumD += Double(d[index]) * Double(d[index])
                }
                scale(a, by: sumA)
                scale(b, by: sumB)
                scale(c, by: sumC)
                scale(d, by: sumD)
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
                while pair + 4 <= count {
                    let a0 = base + Int(first[pair]) * d, b0 = base + Int(second[pair]) * d
                    let a1 = base + Int(first[pair + 1]) * d, b1 = base + Int(second[pair + 1]) * d
                    let a2 = base + Int(first[pair + 2]) * d, b2 = base + Int(second[pair + 2]) * d
                    let a3 = base + Int(first[pair + 3]) * d, b3 = base + Int(second[pair + 3]) * d
                    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                    for t in 0 ..< d {
                        s0 += Double(a0[t]) * Double(b0[t])
                        s1 += Double(a1[t]) * Double(b1[t])
                        s2 += Double(a2[t]) * Double(b2[t])
                        s3 += Double(a3[t]) * Double(b3[t])
                    }
                    out[pair] = Float(s0)
                    out[pair + 1] = Float(s1)
                    out[pair + 2] = Float(s2)
                    out[pair + 3] = Float(s3)
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
