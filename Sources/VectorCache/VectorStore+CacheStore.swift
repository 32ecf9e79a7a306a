/// The SQLite file as a `CacheStore`.
extension VectorStore: CacheStore {
    public var displayName: String { path }

    public func storageBytes() throws -> Int { fileBytes() }

    public func reopened(writable: Bool) throws -> any CacheStore {
        try VectorStore(path: path, writable: writable)
    }

    public func makeIndexer(corpus name: String, model: ModelIdentity, precision: VectorPrecision?, sources: [String],
                            batchSize: Int, onWait: (() -> Void)?, encode: @escaping CorpusIndexer.Encode) throws -> any CorpusIndexingRun {
        try CorpusIndexer(store: self, corpus: name, model: model, precision: precision, sources: sources,
                          batchSize: batchSize, onWait: onWait, encode: encode)
    }
}

extension CorpusIndexer: CorpusIndexingRun {}
