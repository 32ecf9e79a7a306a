import Embedding
import SpaceAnalysis

/// Search after centring: the corpus's rows and each query have the corpus mean subtracted
/// and are made unit length again, then scored with the model's similarity function. The
/// rows are scored where they are stored (`CentredRows`): no centred copy of the matrix.
public struct CentredSearch: Sendable {
    public let centring: CorpusCentring
    public let rows: CentredRows

    /// Reads `corpus`'s rows once for the two numbers per row that centred scores need.
    public init(corpus: SearchableCorpus, space: CorpusSpace) throws {
        rows = try CentredRows(source: try CorpusStatistics.rows(of: corpus), centring: space.centring)
        centring = space.centring
    }

    /// The `k` nearest rows to `query` after centring it, best first (ties to the lower row).
    public func search(_ query: [Float], k: Int) throws -> [Neighbour] {
        TopK.select(rows.scores(centredQuery: try centring.centred(query)), k: k)
    }
}
