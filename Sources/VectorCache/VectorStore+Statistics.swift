extension VectorStore {
    /// The stored statistics summary of `kind` for `corpus`, or nil when there is none, it
    /// was computed for the corpus as it was before (another item count or update time), the
    /// corpus is incomplete, or the cache predates statistics (schema version 2, read-only).
    public func statistics(of corpus: CorpusRecord, kind: String) throws -> [UInt8]? {
        guard corpus.isComplete, try schemaVersion() >= 3 else { return nil }
        return try guarded {
            let statement = try database.prepare("""
                SELECT summary FROM corpus_statistics
                WHERE corpus = ?1 AND kind = ?2 AND item_count = ?3 AND corpus_updated = ?4
                """)
            try statement.bind([.integer(corpus.id), .text(kind), .integer(Int64(corpus.itemCount)), .text(corpus.updated)])
            guard try statement.step() else { return nil }
            return statement.withBlob(at: 0) { Array($0) }
        }
    }

    /// Stores `summary` as the statistics of `kind` for `corpus`, unless the corpus changed
    /// since `corpus` was read (then nothing is stored and false is returned) or is incomplete.
    @discardableResult
    public func storeStatistics(_ summary: [UInt8], of corpus: CorpusRecord, kind: String) throws -> Bool {
        guard corpus.isComplete else { return false }
        return try writing {
            let current = try database.scalar(
                "SELECT count(*) FROM corpora WHERE id = ?1 AND complete = 1 AND item_count = ?2 AND updated = ?3",
                [.integer(corpus.id), .integer(Int64(corpus.itemCount)), .text(corpus.updated)])?.int ?? 0
            guard current == 1 else { return false }
            try database.run("""
                INSERT OR REPLACE INTO corpus_statistics (corpus, kind, item_count, corpus_updated, summary)
                VALUES (?1, ?2, ?3, ?4, ?5)
                """, [.integer(corpus.id), .text(kind), .integer(Int64(corpus.itemCount)), .text(corpus.updated), .blob(summary)])
            return true
        }
    }
}
