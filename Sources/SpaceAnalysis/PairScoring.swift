/// How two vectors of a corpus are scored: the model's similarity function, named here by
/// value so this target needs no model (Corpora maps `Embedding.SimilarityFunction` onto it).
/// Euclidean and manhattan are negative distances, so higher is more similar everywhere.
public enum PairScoring: String, Sendable, Hashable, CaseIterable {
    case cosine, dot, euclidean, manhattan

    /// Whether only the vectors' directions matter (rows are made unit length before the
    /// statistics, as the score itself does).
    public var isDirectional: Bool { self == .cosine }
}
