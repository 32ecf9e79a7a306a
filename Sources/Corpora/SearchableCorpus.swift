import Embedding
import VectorCache

/// A cached corpus opened for search: its record, its vectors as one matrix and the exact
/// search over them. The one way a corpus is opened for search (`search`, the explorer and
/// the open benchmark), so all three check and load it alike.
public struct SearchableCorpus: Sendable {
    public let record: CorpusRecord
    public let matrix: CorpusMatrix
    /// Whether the matrix was mapped from the sidecar or read from SQLite or the server.
    public let matrixSource: CorpusMatrixSource
    public let search: NeighbourSearch

    /// Opens corpus `name` of `store`. With a model identity, refuses a corpus built by
    /// another model; with nil (synthetic vectors) takes the vectors as they are. The identity
    /// is asked for only once the corpus is found, so a missing corpus is reported before the
    /// weights are hashed. `rowsAreUnitLength` (a normalizing model) skips the row norms.
    /// `similarity` is the model's similarity function (cosine for synthetic vectors).
    public init(named name: String, in store: any CacheStore, builtBy model: @autoclosure () throws -> ModelIdentity?,
                rowsAreUnitLength: Bool, similarity: SimilarityFunction = .cosine) throws {
        try self.init(named: name, in: store, builtBy: { _ in try model() }, rowsAreUnitLength: rowsAreUnitLength,
                      similarity: similarity)
    }

    /// As above, the identity asked for with the corpus' record (whose document prompt it may need).
    public init(named name: String, in store: any CacheStore, builtBy model: (CorpusRecord) throws -> ModelIdentity?,
                rowsAreUnitLength: Bool, similarity: SimilarityFunction = .cosine) throws {
        let record = try store.requireCorpus(named: name)
        if let identity = try model(record) { try store.check(record, isFor: identity) }
        // The memory-mapped sidecar when it is current, else SQLite (which rewrites it).
        let (matrix, source) = try store.openMatrix(of: record)
        guard let search = NeighbourSearch(rows: matrix.rows, dimension: matrix.dimension, storage: matrix.storage,
                                           rowsAreUnitLength: rowsAreUnitLength, similarity: similarity) else {
            throw VectorCacheError.damagedCorpus(corpus: name, detail: "its matrix does not have \(matrix.rows) × \(matrix.dimension) components")
        }
        self.record = record
        self.matrix = matrix
        self.matrixSource = source
        self.search = search
    }
}
