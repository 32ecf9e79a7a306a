import PostgresClient

/// Corpus statistics on the server: the same rows as SQLite's `corpus_statistics` (summary
/// blobs by kind, valid for the corpus as it was when computed), so every machine reuses
/// what one computed.
extension PostgresStore {
    public func statistics(of corpus: CorpusRecord, kind: String) throws -> [UInt8]? {
        guard corpus.isComplete, try schemaVersion() >= 2 else { return nil }
        return try guarded {
            let rows = try connection.query("""
                SELECT summary FROM corpus_statistics
                WHERE corpus = $1 AND kind = $2 AND item_count = $3 AND corpus_updated = $4
                """, [.integer(corpus.id), .text(kind), .integer(Int64(corpus.itemCount)), .text(corpus.updated)])
            guard rows.count > 0 else { return nil }
            return rows.withBytes(0, 0) { Array($0) }
        }
    }

    @discardableResult
    public func storeStatistics(_ summary: [UInt8], of corpus: CorpusRecord, kind: String) throws -> Bool {
        guard corpus.isComplete else { return false }
        return try writing {
            // Locks the corpus row, so a run that starts meanwhile waits and then deletes these.
            let current = try connection.query("""
                SELECT 1 FROM corpora WHERE id = $1 AND complete AND item_count = $2 AND updated = $3 FOR SHARE
                """, [.integer(corpus.id), .integer(Int64(corpus.itemCount)), .text(corpus.updated)])
            guard current.count == 1 else { return false }
            try connection.query("""
                INSERT INTO corpus_statistics (corpus, kind, item_count, corpus_updated, summary) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (corpus, kind) DO UPDATE SET item_count = excluded.item_count,
                    corpus_updated = excluded.corpus_updated, summary = excluded.summary
                """, [.integer(corpus.id), .text(kind), .integer(Int64(corpus.itemCount)), .text(corpus.updated), .bytes(summary)])
            return true
        }
    }

    public func setOrigin(of corpus: CorpusRecord, to origin: CorpusOrigin) throws {
        try writing {
            _ = try connection.query("UPDATE corpora SET origin = $2 WHERE id = $1", [.integer(corpus.id), .text(origin.rawValue)])
        }
    }

    public func reopened(writable: Bool) throws -> any CacheStore {
        try PostgresStore(url: url, writable: writable)
    }
}
