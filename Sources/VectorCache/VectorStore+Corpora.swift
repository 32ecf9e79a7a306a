import Foundation

extension VectorStore {
    /// The corpus named `name`, or `nil`.
    public func corpus(named name: String) throws -> CorpusRecord? {
        try guarded {
            let statement = try database.prepare(try corpusSelect() + " WHERE c.name = ?1")
            try statement.bind([.text(name)])
            return try statement.step() ? Self.corpusRecord(statement) : nil
        }
    }

    /// Every corpus, by name.
    public func corpora() throws -> [CorpusRecord] {
        try guarded {
            let statement = try database.prepare(try corpusSelect() + " ORDER BY c.name")
            var records: [CorpusRecord] = []
            while try statement.step() { records.append(Self.corpusRecord(statement)) }
            return records
        }
    }

    /// Every corpus with its stored item count and sizes.
    public func summaries() throws -> [CorpusSummary] {
        try guarded {
            try database.readTransaction {
                try corpora().map { corpus in
                    let statement = try database.prepare("""
                        SELECT count(*), coalesce(sum(length(CAST(text AS BLOB)) + coalesce(length(CAST(external_id AS BLOB)), 0)
                               + coalesce(length(CAST(metadata AS BLOB)), 0)), 0)
                        FROM items WHERE corpus = ?1
                        """)
                    try statement.bind([.integer(corpus.id)])
                    _ = try statement.step()
                    let count = statement.int(at: 0), textBytes = statement.int(at: 1)
                    let vectorBytes = try database.scalar("""
                        SELECT coalesce(sum(length(vector)), 0) FROM vectors
                        WHERE id IN (SELECT vector FROM items WHERE corpus = ?1)
                        """, [.integer(corpus.id)])?.int ?? 0
                    return CorpusSummary(corpus: corpus, storedItems: count, vectorBytes: vectorBytes, textBytes: textBytes)
                }
            }
        }
    }

    /// The corpus named `name` for indexing with `model`: created if new, checked otherwise.
    /// `precision` nil keeps the corpus's own (f32 for a new one). Marks it incomplete
    /// until `CorpusIndexer.finish` completes it.
    func openCorpusForIndexing(name: String, model: ModelRecord, precision: VectorPrecision?,
                               sources: [String]) throws -> CorpusRecord {
        guard Self.isValidCorpusName(name) else { throw VectorCacheError.invalidCorpusName(name) }
        let sourcesJSON = Self.jsonArray(sources)
        try writing {
            try database.run("""
                INSERT INTO corpora (name, model, precision, sources) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (name) DO NOTHING
                """, [.text(name), .integer(model.id), .text((precision ?? .f32).rawValue), .text(sourcesJSON)])
        }
        guard let corpus = try corpus(named: name) else { throw VectorCacheError.unknownCorpus(name: name, known: []) }
        try check(corpus, isFor: model, precision: precision)
        // Gone before anything changes: a sidecar never outlives the state it was written from.
        removeMatrixSidecar(of: corpus)
        try writing {
            try database.run("UPDATE corpora SET complete = 0, sources = ?2, updated = \(CorpusRecord.nextUpdated) WHERE id = ?1",
                             [.integer(corpus.id), .text(sourcesJSON)])
            // Its statistics describe the items as they were: a new run may change them.
            try database.run("DELETE FROM corpus_statistics WHERE corpus = ?1", [.integer(corpus.id)])
        }
        return try requireCorpus(named: name)
    }

    /// Items at `positions` (in that order; positions not stored are skipped).
    public func items(of corpus: CorpusRecord, at positions: [Int]) throws -> [StoredItem] {
        try guarded {
            let statement = try database.prepare(
                "SELECT text, external_id, metadata FROM items WHERE corpus = ?1 AND position = ?2")
            var found: [StoredItem] = []
            for position in positions {
                try statement.bind([.integer(corpus.id), .integer(Int64(position))])
                if try statement.step() {
                    found.append(StoredItem(position: position, item: CorpusItem(
                        text: statement.text(at: 0) ?? "", externalID: statement.text(at: 1), metadata: statement.text(at: 2))))
                }
            }
            return found
        }
    }

    /// Every stored item in position order, calling `body` for each (streaming).
    public func forEachItem(of corpus: CorpusRecord, _ body: (StoredItem) throws -> Void) throws {
        try guarded {
            let statement = try database.prepare(
                "SELECT position, text, external_id, metadata FROM items WHERE corpus = ?1 ORDER BY position")
            try statement.bind([.integer(corpus.id)])
            while try statement.step() {
                try body(StoredItem(position: statement.int(at: 0), item: CorpusItem(
                    text: statement.text(at: 1) ?? "", externalID: statement.text(at: 2), metadata: statement.text(at: 3))))
            }
        }
    }

    public typealias Removal = CacheRemoval

    /// Deletes a corpus, its items and the vectors no other corpus uses. Waits (calling
    /// `onWait` once) while an indexing run holds the corpus, then removes what it finished.
    public func removeCorpus(named name: String, onWait: (() -> Void)?) throws -> Removal {
        _ = try requireCorpus(named: name)
        let lock = try lockCorpus(named: name, onWait: onWait)
        defer { lock.release() }
        // Looked up again under the lock: the run it waited for may have created or changed it.
        let corpus = try requireCorpus(named: name)
        removeMatrixSidecar(of: corpus)
        return try writing {
            try database.run("DELETE FROM items WHERE corpus = ?1", [.integer(corpus.id)])
            let items = database.changes
            try database.run("DELETE FROM corpus_statistics WHERE corpus = ?1", [.integer(corpus.id)])
            try database.run("DELETE FROM corpora WHERE id = ?1", [.integer(corpus.id)])
            try database.run("DELETE FROM vectors WHERE model = ?1 AND id NOT IN (SELECT vector FROM items)",
                             [.integer(corpus.model.id)])
            return Removal(items: items, vectors: database.changes)
        }
    }

    public typealias Compaction = CacheCompaction

    /// Drops vectors no corpus uses and rewrites the file compactly.
    public func vacuum() throws -> Compaction {
        let before = fileBytes()
        let orphans = try writing {
            try database.run("DELETE FROM vectors WHERE id NOT IN (SELECT vector FROM items)")
            return database.changes
        }
        try guarded {
            try database.execute("VACUUM")
            try database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
        return Compaction(orphanVectors: orphans, bytesBefore: before, bytesAfter: fileBytes())
    }

    static func isValidCorpusName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 100 && !name.unicodeScalars.contains { $0.properties.generalCategory == .control }
            && name.trimmingCharacters(in: .whitespaces) == name
    }

    static func jsonArray(_ strings: [String]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: strings) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The corpus query; a cache older than schema 4 (opened read-only, so not migrated)
    /// has no origin column, and all its corpora were encoded here.
    private func corpusSelect() throws -> String {
        let version = try database.scalar("PRAGMA user_version")?.int ?? 0
        let origin = version >= 4 ? "c.origin" : "'encoded'"
        return """
            SELECT c.id, c.name, c.precision, c.sources, c.item_count, c.complete, c.created, c.updated,
                   m.id, m.fingerprint, m.name, m.dimension, m.details, \(origin)
            FROM corpora c JOIN models m ON m.id = c.model
            """
    }

    /// Records where `corpus`'s vectors came from (`import` sets it once its run finished).
    public func setOrigin(of corpus: CorpusRecord, to origin: CorpusOrigin) throws {
        try writing {
            try database.run("UPDATE corpora SET origin = ?2 WHERE id = ?1", [.integer(corpus.id), .text(origin.rawValue)])
        }
    }

    private static func corpusRecord(_ statement: Statement) -> CorpusRecord {
        let sourcesJSON = statement.text(at: 3) ?? "[]"
        let sources = (try? JSONSerialization.jsonObject(with: Data(sourcesJSON.utf8))) as? [String] ?? []
        return CorpusRecord(
            id: statement.int64(at: 0), name: statement.text(at: 1) ?? "",
            model: modelRecord(statement, from: 8),
            precision: VectorPrecision(rawValue: statement.text(at: 2) ?? "") ?? .f32,
            sources: sources, itemCount: statement.int(at: 4), isComplete: statement.int(at: 5) != 0,
            created: statement.text(at: 6) ?? "", updated: statement.text(at: 7) ?? "",
            origin: CorpusOrigin(rawValue: statement.text(at: 13) ?? "") ?? .encoded)
    }
}
