/// How the model scores two sentence vectors: `similarity_fn_name` of
/// config_sentence_transformers.json, computed as sentence-transformers' `util` does
/// (euclidean and manhattan are negative distances, so higher is more similar everywhere).
public enum SimilarityFunction: String, Sendable, Hashable, CaseIterable {
    case cosine
    case dot
    case euclidean
    case manhattan

    /// The name sentence-transformers uses, e.g. "cosine".
    public var name: String { rawValue }

    /// The score of `a` and `b` (vectors of one model, same length), accumulated in Double.
    public func score(_ a: [Float], _ b: [Float]) -> Double {
        switch self {
        case .cosine:
            return VectorMath.cosine(a, b)
        case .dot:
            return VectorMath.dot(a, b)
        case .euclidean:
            return -VectorMath.euclideanDistance(a, b)
        case .manhattan:
            return -VectorMath.manhattanDistance(a, b)
        }
    }

    /// Pairwise scores `[n × n]`.
    public func matrix(_ vectors: [[Float]]) -> [[Double]] {
        if self == .cosine { return VectorMath.cosineMatrix(vectors) }
        return vectors.map { a in vectors.map { b in score(a, b) } }
    }

    /// Whether the score is a sum over the components of one vector times the other's
    /// (cosine, dot), so it splits exactly into token shares.
    public var isBilinear: Bool { self == .cosine || self == .dot }
}
