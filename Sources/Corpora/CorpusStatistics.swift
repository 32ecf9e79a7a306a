import Embedding
import Foundation
import SpaceAnalysis
import VectorCache

/// A corpus's statistics (`SpaceAnalysis`) as the cache keeps them: read back when stored for
/// the corpus as it is now, else computed and stored, so they are computed once per corpus
/// and model, on either backend. A cache opened read-only is written through a second,
/// writable connection when the file (or the server's role) allows it; otherwise the
/// figures are only used, not kept.
public enum CorpusStatistics {
    /// Cache kinds: a new summary format gets a new kind, so old rows are never misread.
    /// `space-v2` records how many rows the figures come from (a sample above
    /// `CorpusSpace.rowLimit`).
    public static let spaceKind = "space-v2"
    /// Summaries written before rows were sampled: always from every row, so still read
    /// (their figures are exact) until a `space-v2` summary is stored beside them.
    public static let spaceKindV1 = "space-v1"
    public static func hubnessKind(k: Int) -> String { "hubness-v1-k\(k)" }

    /// How `similarity` scores pairs, for SpaceAnalysis.
    public static func scoring(_ similarity: SimilarityFunction) -> PairScoring {
        switch similarity {
        case .cosine: .cosine
        case .dot: .dot
        case .euclidean: .euclidean
        case .manhattan: .manhattan
        }
    }

    /// The rows of `corpus`, read in place from its storage and prepared for its model's
    /// scoring a chunk or a sample at a time (never copied whole).
    public static func rows(of corpus: SearchableCorpus) throws -> CorpusRows {
        try CorpusRows(rows: corpus.matrix.rows, dimension: corpus.matrix.dimension, storage: corpus.matrix.storage,
                       scoring: scoring(corpus.search.similarity))
    }

    /// The stored space summary of `corpus`, or nil (never computes): what opening a corpus
    /// costs when the statistics are cached (one row read and decoded).
    public static func storedSpace(of corpus: SearchableCorpus, in store: any CacheStore) -> CorpusSpace? {
        let stored = [spaceKind, spaceKindV1].lazy.compactMap { kind in try? store.statistics(of: corpus.record, kind: kind) }
        guard let bytes = stored.first,
              let space = try? SpaceSummaryCodec.decodeSpace(bytes),
              space.items == corpus.matrix.rows, space.dimension == corpus.matrix.dimension,
              space.scoring == scoring(corpus.search.similarity) else { return nil }
        return space
    }

    /// The space summary of `corpus`: stored, or computed (calling `progress`) and stored.
    /// Above `rowLimit` items the figures come from a sample of that many rows (`CorpusSpace`).
    public static func space(of corpus: SearchableCorpus, in store: any CacheStore, rowLimit: Int = CorpusSpace.rowLimit,
                             progress: (@Sendable (CorpusSpace.Stage, Int, Int) -> Void)? = nil) throws -> CorpusSpace {
        if let stored = storedSpace(of: corpus, in: store) { return stored }
        let space = try CorpusSpace.compute(try rows(of: corpus), rowLimit: rowLimit, progress: progress)
        keep(SpaceSummaryCodec.encode(space), of: corpus.record, kind: spaceKind, in: store)
        return space
    }

    /// Hubness of `corpus` for `k` (1 ≤ k < items: callers check): stored, or computed and stored.
    public static func hubness(of corpus: SearchableCorpus, k: Int, in store: any CacheStore,
                               progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> Hubness {
        if let bytes = try? store.statistics(of: corpus.record, kind: hubnessKind(k: k)),
           let stored = try? SpaceSummaryCodec.decodeHubness(bytes), stored.k == k, stored.items == corpus.matrix.rows {
            return stored
        }
        let hubness = Hubness.compute(try rows(of: corpus), k: k, progress: progress)
        keep(SpaceSummaryCodec.encode(hubness), of: corpus.record, kind: hubnessKind(k: k), in: store)
        return hubness
    }

    /// Stores a summary if the cache can be written; a read-only cache keeps nothing (the
    /// figures were still computed and are used).
    private static func keep(_ summary: [UInt8], of record: CorpusRecord, kind: String, in store: any CacheStore) {
        guard record.isComplete else { return }
        if store.isWritable {
            _ = try? store.storeStatistics(summary, of: record, kind: kind)
        } else if let writable = try? store.reopened(writable: true) {
            _ = try? writable.storeStatistics(summary, of: record, kind: kind)
        }
    }
}
