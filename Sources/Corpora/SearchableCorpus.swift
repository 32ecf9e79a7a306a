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
    /// The sign-code first pass when this corpus is searched approximately (see `SearchMode`).
    public let approximate: ApproximateSearch?

    /// Whether `neighbours` is approximate (exact scores, but a neighbour may be missed).
    public var isApproximate: Bool { approximate != nil }

    /// Opens corpus `name` of `store`. With a model identity, refuses a corpus built by
    /// another model; with nil (synthetic vectors) takes the vectors as they are. The identity
    /// is asked for only once the corpus is found, so a missing corpus is reported before the
    /// weights are hashed. `rowsAreUnitLength` (a normalizing model) skips the row norms.
    /// `similarity` is the model's similarity function (cosine for synthetic vectors).
    public init(named name: String, in store: any CacheStore, builtBy model: @autoclosure () throws -> ModelIdentity?,
                rowsAreUnitLength: Bool, similarity: SimilarityFunction = .cosine, mode: SearchMode = .automatic) throws {
        try self.init(named: name, in: store, builtBy: { _ in try model() }, rowsAreUnitLength: rowsAreUnitLength,
                      similarity: similarity, mode: mode)
    }

    /// As above, the identity asked for with the corpus' record (whose document prompt it may need).
    public init(named name: String, in store: any CacheStore, builtBy model: (CorpusRecord) throws -> ModelIdentity?,
                rowsAreUnitLength: Bool, similarity: SimilarityFunction = .cosine, mode: SearchMode = .automatic) throws {
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
        if mode.isApproximate(rows: matrix.rows), ApproximateSearch.supports(similarity) {
            // Codes kept from an earlier open when current, else built (a pass over every row) and kept.
            let stored = store.storedSignCodes(of: record, normalize: ApproximateSearch.normalizes(similarity))
            let approximate = ApproximateSearch(exact: search, stored: stored)
            if stored == nil, let codes = approximate?.codes { store.storeSignCodes(codes, of: record) }
            self.approximate = approximate
        } else {
            self.approximate = nil
        }
    }

    /// The `k` nearest rows to `vector`: approximately when the corpus was opened so, else exactly.
    public func neighbours(_ vector: [Float], k: Int) -> [Neighbour] {
        approximate?.search(vector, k: k) ?? search.search(vector, k: k)
    }
}

/// How a corpus is searched: exactly, approximately (sign-code first pass, exact re-scoring),
/// or approximately from a size up (`ApproximateSearch.defaultThreshold` items).
public enum SearchMode: Sendable, Equatable {
    case automatic
    case exact
    case approximate
    /// Approximate from `rows` items up.
    case threshold(Int)

    /// Whether a corpus of `rows` items is searched approximately.
    public func isApproximate(rows: Int) -> Bool {
        switch self {
        case .automatic: ApproximateSearch.isDefault(forRows: rows)
        case .exact: false
        case .approximate: rows > 0
        case let .threshold(limit): ApproximateSearch.isDefault(forRows: rows, threshold: limit)
        }
    }
}
