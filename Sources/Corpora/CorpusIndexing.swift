import Foundation
import VectorCache

/// Indexing files into a named corpus, in two passes: the first reads and checks every file
/// (so a bad line fails the run before the cache is touched) and counts the items, which
/// gives progress its total; the second streams the items into the cache, where only texts
/// it does not hold for the model are encoded.
public struct CorpusIndexing {
    /// Items stored so far, of all the files' items.
    public struct Progress: Sendable, Equatable {
        public let done: Int
        public let total: Int

        public init(done: Int, total: Int) {
            self.done = done
            self.total = total
        }
    }

    /// What a run did, and the precision the corpus is stored at.
    public struct Outcome: Sendable, Equatable {
        public let report: CorpusIndexer.Report
        public let precision: VectorPrecision
    }

    public let corpus: String
    public let files: [String]
    /// Items in all the files.
    public let total: Int
    private let reader: CorpusSourceReader

    /// The first pass: refuses a stream named twice, then reads every file through `reader`.
    public init(corpus: String, files: [String], reader: CorpusSourceReader = CorpusSourceReader()) throws {
        try reader.refuseRepeatedStreams(files)
        self.corpus = corpus
        self.files = files
        self.reader = reader
        total = try files.reduce(0) { $0 + (try reader.count(in: $1)) }
    }

    /// Whether `store` already holds all of it for `model`: complete, as many items as the files.
    public func isCurrent(in store: any CacheStore, for model: ModelIdentity) throws -> Bool {
        guard let record = try store.corpus(named: corpus), record.isComplete, record.itemCount == total else { return false }
        return (try? store.check(record, isFor: model)) != nil
    }

    /// The second pass. Calls `progress` with 0 done once the corpus is held (after any wait
    /// for another run on it, announced once through `onWait`), then after every committed
    /// batch. The files are recorded as the corpus's sources by their standardized paths.
    public func run(into store: any CacheStore, model: ModelIdentity, precision: VectorPrecision?, batchSize: Int,
                    onWait: (() -> Void)? = nil, encode: @escaping CorpusIndexer.Encode,
                    progress: @escaping (Progress) -> Void = { _ in }) throws -> Outcome {
        let indexer = try store.makeIndexer(
            corpus: corpus, model: model, precision: precision,
            sources: files.map { URL(fileURLWithPath: $0).standardizedFileURL.path }, batchSize: batchSize,
            onWait: onWait, encode: encode)
        let total = self.total
        progress(Progress(done: 0, total: total))
        indexer.onProgress = { state in progress(Progress(done: min(state.items, total), total: total)) }
        for file in files { try reader.forEachItem(in: file) { try indexer.add($0) } }
        return Outcome(report: try indexer.finish(), precision: indexer.corpus.precision)
    }
}
