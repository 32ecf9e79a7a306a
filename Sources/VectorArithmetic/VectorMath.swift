/// Small vector helpers shared by encoding, similarity, explanations and the explorer: one
/// definition of the cosine, so every pane and command shows the same number.
public enum VectorMath {
    /// Dot product accumulated in Double; `a` and `b` come from one model (same length).
    public static func dot(_ a: [Float], _ b: [Float]) -> Double {
        precondition(a.count == b.count, "vectors of different models")
        var sum = 0.0
        for (x, y) in zip(a, b) { sum += Double(x) * Double(y) }
        return sum
    }

    public static func norm(_ a: [Float]) -> Double { dot(a, a).squareRoot() }

    /// Euclidean distance accumulated in Double (same length).
    public static func euclideanDistance(_ a: [Float], _ b: [Float]) -> Double {
        var sum = 0.0
        for (x, y) in zip(a, b) { let d = Double(x) - Double(y); sum += d * d }
        return sum.squareRoot()
    }

    /// Manhattan distance accumulated in Double (same length).
    public static func manhattanDistance(_ a: [Float], _ b: [Float]) -> Double {
        var sum = 0.0
        for (x, y) in zip(a, b) { sum += abs(Double(x) - Double(y)) }
        return sum
    }

    /// Cosine similarity; 0 when either vector is zero (no direction to compare).
    public static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        let denominator = norm(a) * norm(b)
        return denominator > 0 ? dot(a, b) / denominator : 0
    }

    /// L2 normalisation as torch's `F.normalize(p=2)`: the norm is clamped at 1e-12.
    public static func normalized(_ a: [Float]) -> [Float] {
        let length = Float(max(norm(a), 1e-12))
        return a.map { $0 / length }
    }

    /// Pairwise cosine matrix `[n × n]` of `vectors`.
    public static func cosineMatrix(_ vectors: [[Float]]) -> [[Double]] {
        let norms = vectors.map(norm)
        return vectors.indices.map { i in
            vectors.indices.map { j in
                let denominator = norms[i] * norms[j]
                return denominator > 0 ? dot(vectors[i], vectors[j]) / denominator : 0
            }
        }
    }
}
