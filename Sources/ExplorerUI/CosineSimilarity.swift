/// The one piece of vector arithmetic the UI does itself: the matrix pane's cosines.
public enum CosineSimilarity {
    /// Cosine similarity of two `[hidden]` vectors; 0 when either is zero or the lengths differ.
    public static func between(_ a: [Float], _ b: [Float]) -> Float {
        guard a.count == b.count, !a.isEmpty else { return 0 }
        var dot: Float = 0, normA: Float = 0, normB: Float = 0
        for i in a.indices {
            dot += a[i] * b[i]
            normA += a[i] * a[i]
            normB += b[i] * b[i]
        }
        let denominator = (normA * normB).squareRoot()
        guard denominator > 0, denominator.isFinite else { return 0 }
        return dot / denominator
    }
}
