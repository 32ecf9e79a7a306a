import Embedding
import SpaceAnalysis

/// Search after centring: the corpus's rows and each query have the corpus mean subtracted
/// and are made unit length again, then scored with the model's similarity function.
public struct CentredSearch: Sendable {
    public let centring: CorpusCentring
    public let search: NeighbourSearch

    /// The centred copy of `corpus`'s rows (one f32 matrix beside the original).
    public init(corpus: SearchableCorpus, space: CorpusSpace) throws {
        let matrix = try CorpusStatistics.scoringMatrix(of: corpus).centred(by: space.centring)
        guard let search = NeighbourSearch(rows: matrix.rows, dimension: matrix.dimension, storage: .f32(matrix.values),
                                           rowsAreUnitLength: true, similarity: corpus.search.similarity) else {
            throw SpaceAnalysisError.badMatrix(rows: matrix.rows, dimension: matrix.dimension, components: matrix.values.count)
        }
        centring = space.centring
        self.search = search
    }

    /// The `k` nearest rows to `query` after centring it, best first.
    public func search(_ query: [Float], k: Int) throws -> [Neighbour] {
        search.search(try centring.centred(query), k: k)
    }
}
