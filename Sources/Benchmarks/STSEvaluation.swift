import Embedding
import TextInput
import VectorArithmetic

/// `semblance eval sts`: Spearman's and Pearson's correlation (× 100) of the cosines of
/// sentence pairs with their gold scores, as sentence-transformers' similarity evaluator
/// reports them.
public struct STSEvaluation: Sendable {
    public let pairs: [STSPair]
    /// Every sentence once, in order of first appearance: what to encode.
    public let sentences: [String]

    public init(pairs: [STSPair]) {
        self.pairs = pairs
        sentences = STSPairs.distinctSentences(of: pairs)
    }

    /// Both correlations, × 100.
    public struct Correlations: Sendable, Equatable {
        public let spearman: Double
        public let pearson: Double
    }

    /// The correlations from `vectors`, one per sentence of `sentences` in that order, scored
    /// by `similarity` (the model's, as the evaluator's default `similarity_fn_names` is).
    /// Throws (never a 0) when a correlation is undefined for these pairs.
    public func correlations(vectors: [[Float]], similarity: SimilarityFunction = .cosine) throws(RankCorrelation.Undefined) -> Correlations {
        guard vectors.count == sentences.count else { throw .unequalLengths(vectors.count, sentences.count) }
        let row = Dictionary(uniqueKeysWithValues: sentences.enumerated().map { ($1, $0) })
        let cosines = pairs.map { pair in
            similarity.score(vectors[row[pair.first] ?? 0], vectors[row[pair.second] ?? 0])
        }
        let gold = pairs.map(\.score)
        return Correlations(spearman: try RankCorrelation.spearman(cosines, gold) * 100,
                            pearson: try RankCorrelation.pearson(cosines, gold) * 100)
    }

    /// Why a correlation is undefined, in the terms of the file: `correlations` passes the
    /// cosines as side 0 and the gold scores as side 1.
    public static func explain(_ undefined: RankCorrelation.Undefined) -> String {
        switch undefined {
        case let .tooFewPairs(count): "\(count) pair\(count == 1 ? "" : "s"): a correlation needs at least 2"
        case .unequalLengths: "the cosines and the gold scores differ in number"
        case .constant(side: 1): "every gold score is the same (no variance to correlate with)"
        case .constant: "the model gives every pair the same cosine (no variance to correlate with)"
        case .nonFinite(side: 1): "a gold score is not a finite number"
        case .nonFinite: "a cosine is not a finite number (the model's vectors overflowed)"
        }
    }
}
