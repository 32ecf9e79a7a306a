import Embedding
import SpaceAnalysis
import VectorCache

extension CorpusStatistics {
    /// The statistics of a corpus `index` or `import` has just written (score percentiles,
    /// mean, principal axes), computed and stored now so that the first search and the
    /// explorer open it without the wait; above `CorpusSpace.rowLimit` items that is a
    /// sample's worth of work. Opening the corpus here also writes its search sidecars.
    /// Returns nil when the corpus is gone: the run let go of it, and a `cache remove`
    /// waiting for it may have removed it since (search would then say it is gone).
    @discardableResult
    public static func prepare(corpus name: String, in store: any CacheStore, model: SentenceTransformer,
                               progress: (@Sendable (CorpusSpace.Stage, Int, Int) -> Void)? = nil) throws -> CorpusSpace? {
        do {
            let written = try SearchableCorpus(named: name, in: store, builtBy: nil as ModelIdentity?,
                                               rowsAreUnitLength: model.normalizes, similarity: model.similarityFunction)
            return try space(of: written, in: store, progress: progress)
        } catch let error as VectorCacheError {
            guard case .unknownCorpus = error else { throw error }
            return nil
        }
    }
}
