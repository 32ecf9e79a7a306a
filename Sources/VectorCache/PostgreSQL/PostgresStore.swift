import Digest
import Foundation
import PostgresClient

/// The cache in a PostgreSQL database, shared by many machines: same data model and the same
/// operations as the SQLite `VectorStore`; several `index` runs of one corpus split its batches.
///
/// Not thread-safe: one per thread or process (one connection each).
public final class PostgresStore: CacheStore {
    public let displayName: String
    public let isWritable: Bool
    let connection: PostgresConnection
    let url: String

    /// Statements taking longer than this fail with a clear message instead of hanging.
    public static let statementTimeout: Duration = .seconds(300)
    /// How long a worker may hold a batch without a word (encoding it) before the server ends
    /// its session and another worker takes the batch over: the batch's lease.
    public static let leaseSeconds = 600

    /// Connects to `url`. With `writable`, creates or migrates the schema; without, refuses a
    /// database semblance never set up. A newer schema is refused either way.
    public init(url: String, writable: Bool) throws {
        self.url = url
        self.isWritable = writable
        self.displayName = PostgresConnection.describe(url)
        do {
            connection = try PostgresConnection(url: url, statementTimeout: Self.statementTimeout)
            try connection.execute("SET idle_in_transaction_session_timeout = '\(Self.leaseSeconds)s'")
        } catch let error as PostgresError {
            throw VectorCacheError.server(error)
        }
        try prepare()
    }

    private func prepare() throws {
        let version = try schemaVersion()
        if version > PostgresSchema.currentVersion {
            throw VectorCacheError.newerSchema(path: displayName, found: version, supported: PostgresSchema.currentVersion)
        }
        if !isWritable && version == 0 { throw VectorCacheError.missing(path: displayName) }
        if !writable(version) { return }
        try guarded {
            try connection.transaction {
                try connection.query("SELECT pg_advisory_xact_lock($1)", [.integer(PostgresSchema.migrationLockKey)])
                try connection.execute("CREATE TABLE IF NOT EXISTS semblance_meta (key text PRIMARY KEY, value text NOT NULL)")
                // Another process may have migrated while we waited for the lock.
                let current = try schemaVersion()
                if current > PostgresSchema.currentVersion {
                    throw VectorCacheError.newerSchema(path: displayName, found: current, supported: PostgresSchema.currentVersion)
                }
                for migration in PostgresSchema.migrations.dropFirst(current) { try connection.execute(migration) }
                try connection.query("""
                    INSERT INTO semblance_meta (key, value) VALUES ('schema_version', $1)
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value
                    """, [.text(String(PostgresSchema.currentVersion))])
            }
        }
    }

    /// Whether opening must write: for writing, when the schema is older than this semblance's.
    private func writable(_ version: Int) -> Bool {
        isWritable && version < PostgresSchema.currentVersion
    }

    /// The schema version recorded in the database (0 when semblance never set it up).
    public func schemaVersion() throws -> Int {
        try guarded {
            let exists = try connection.query("SELECT to_regclass('semblance_meta') IS NOT NULL")
            guard exists.boolean(0, 0) == true else { return 0 }
            let rows = try connection.query("SELECT value FROM semblance_meta WHERE key = 'schema_version'")
            guard rows.count == 1, let text = rows.text(0, 0) else { return 0 }
            guard let version = Int(text), version >= 0 else {
                throw VectorCacheError.invalidSchema(path: displayName, detail: "schema version \"\(text)\"")
            }
            return version
        }
    }

    /// Runs `body`, turning PostgreSQL failures into `VectorCacheError`s that name the server.
    func guarded<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresError {
            throw VectorCacheError.server(error)
        }
    }

    /// Reading needs the tables: a database semblance never set up has no cache yet.
    func requireSchema() throws {
        if try schemaVersion() == 0 { throw VectorCacheError.missing(path: displayName) }
    }

    func writing<T>(_ body: () throws -> T) throws -> T {
        guard isWritable else { throw VectorCacheError.readOnly(path: displayName) }
        return try guarded { try connection.transaction(body) }
    }

    // MARK: models

    public func register(_ identity: ModelIdentity) throws -> ModelRecord {
        if let existing = try model(fingerprint: identity.fingerprint) { return existing }
        try writing {
            try connection.query("""
                INSERT INTO models (fingerprint, name, dimension, details) VALUES ($1, $2, $3, $4)
                ON CONFLICT (fingerprint) DO NOTHING
                """, [.text(identity.fingerprint), .text(identity.name), .integer(Int64(identity.dimension)), .text(identity.detailsJSON)])
        }
        guard let record = try model(fingerprint: identity.fingerprint) else {
            throw VectorCacheError.damagedCorpus(corpus: "-", detail: "model \(identity.name) vanished after insertion")
        }
        return record
    }

    public func model(fingerprint: String) throws -> ModelRecord? {
        try requireSchema()
        return try guarded {
            let rows = try connection.query("SELECT id, fingerprint, name, dimension, details FROM models WHERE fingerprint = $1",
                                            [.text(fingerprint)])
            return rows.count > 0 ? Self.modelRecord(rows, 0, from: 0) : nil
        }
    }

    static func modelRecord(_ rows: PostgresRows, _ row: Int, from column: Int) -> ModelRecord {
        ModelRecord(id: rows.integer(row, column) ?? 0, fingerprint: rows.text(row, column + 1) ?? "",
                    name: rows.text(row, column + 2) ?? "", dimension: rows.int(row, column + 3),
                    details: rows.text(row, column + 4) ?? "{}")
    }

    /// SHA-256 (hex) of a weights file on this machine, remembered on the server by host name,
    /// path and the file's identity (see `FileIdentity` and the SQLite cache's
    /// `weightsSHA256`): a 90 MB file is hashed once per machine, not on every start. A
    /// read-only role hashes without remembering.
    public func weightsSHA256(of file: URL, settleTime: Duration) throws -> String {
        let path = file.standardizedFileURL.path
        guard let before = FileIdentity(path: path) else {
            throw VectorCacheError.weightsUnreadable(path: path, reason: "no such file, not a regular file, or not readable")
        }
        let host = ProcessInfo.processInfo.hostName
        let key: [PostgresValue] = [.text(host), .text(path), .integer(before.device), .integer(before.inode), .integer(before.size),
                                    .integer(before.modifiedNanoseconds), .integer(before.changedNanoseconds)]
        if try schemaVersion() > 0, let known = try guarded({
            try connection.query("""
                SELECT sha256 FROM weight_hashes WHERE host = $1 AND path = $2 AND device = $3 AND inode = $4 AND size = $5
                AND modified_ns = $6 AND changed_ns = $7
                """, key)
        }).text(0, 0) {
            return known
        }
        let hash: String
        do {
            hash = try SHA256.hash(fileAt: URL(fileURLWithPath: path)).hex
        } catch {
            throw VectorCacheError.weightsUnreadable(path: path, reason: "\(error)")
        }
        // A file that changed while it was read may not match its hash: use, never remember.
        if isWritable, FileIdentity(path: path) == before, before.isSettled(for: settleTime) {
            try guarded {
                try connection.query("""
                    INSERT INTO weight_hashes (host, path, device, inode, size, modified_ns, changed_ns, sha256)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    ON CONFLICT (host, path) DO UPDATE SET device = excluded.device, inode = excluded.inode, size = excluded.size,
                        modified_ns = excluded.modified_ns, changed_ns = excluded.changed_ns, sha256 = excluded.sha256
                    """, key + [.text(hash)])
            }
        }
        return hash
    }

    // MARK: corpora

    /// The corpus query; a schema older than 2 (opened read-only, so not migrated) has no
    /// origin column, and all its corpora were encoded.
    private func corpusSelect() throws -> String {
        let origin = try schemaVersion() >= 2 ? "c.origin" : "'encoded'"
        return """
            SELECT c.id, c.name, c.precision, c.sources, c.item_count, c.complete, c.created, c.updated,
                   m.id, m.fingerprint, m.name, m.dimension, m.details, \(origin)
            FROM corpora c JOIN models m ON m.id = c.model
            """
    }

    private static func corpusRecords(_ rows: PostgresRows) -> [CorpusRecord] {
        (0..<rows.count).map { row in
            let sourcesJSON = rows.text(row, 3) ?? "[]"
            let sources = (try? JSONSerialization.jsonObject(with: Data(sourcesJSON.utf8))) as? [String] ?? []
            return CorpusRecord(
                id: rows.integer(row, 0) ?? 0, name: rows.text(row, 1) ?? "", model: modelRecord(rows, row, from: 8),
                precision: VectorPrecision(rawValue: rows.text(row, 2) ?? "") ?? .f32, sources: sources,
                itemCount: rows.int(row, 4), isComplete: rows.boolean(row, 5) ?? false,
                created: rows.text(row, 6) ?? "", updated: rows.text(row, 7) ?? "",
                origin: CorpusOrigin(rawValue: rows.text(row, 13) ?? "") ?? .encoded)
        }
    }

    public func corpus(named name: String) throws -> CorpusRecord? {
        try requireSchema()
        return try guarded {
            Self.corpusRecords(try connection.query(try corpusSelect() + " WHERE c.name = $1", [.text(name)])).first
        }
    }

    public func corpora() throws -> [CorpusRecord] {
        try requireSchema()
        return try guarded { Self.corpusRecords(try connection.query(try corpusSelect() + " ORDER BY c.name COLLATE \"C\"")) }
    }

    public func summaries() throws -> [CorpusSummary] {
        try corpora().map { corpus in
            try guarded {
                let rows = try connection.query("""
                    SELECT count(*), coalesce(sum(octet_length(text) + coalesce(octet_length(external_id), 0)
                           + coalesce(octet_length(metadata), 0)), 0)::bigint,
                           (SELECT coalesce(sum(octet_length(vector)), 0)::bigint FROM vectors
                            WHERE id IN (SELECT vector FROM items WHERE corpus = $1))
                    FROM items WHERE corpus = $1
                    """, [.integer(corpus.id)])
                return CorpusSummary(corpus: corpus, storedItems: rows.int(0, 0), vectorBytes: rows.int(0, 2), textBytes: rows.int(0, 1))
            }
        }
    }

    /// Corpus `name` for indexing with `model`: created if new, checked otherwise, and marked
    /// incomplete until a run completes it.
    func openCorpusForIndexing(name: String, model: ModelRecord, precision: VectorPrecision?, sources: [String]) throws -> CorpusRecord {
        guard VectorStore.isValidCorpusName(name) else { throw VectorCacheError.invalidCorpusName(name) }
        let sourcesJSON = VectorStore.jsonArray(sources)
        try writing {
            try connection.query("""
                INSERT INTO corpora (name, model, precision, sources) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING
                """, [.text(name), .integer(model.id), .text((precision ?? .f32).rawValue), .text(sourcesJSON)])
        }
        let corpus = try requireCorpus(named: name)
        try check(corpus, isFor: model, precision: precision)
        try writing {
            try connection.query("UPDATE corpora SET complete = false, sources = $2, updated = \(PostgresSchema.timestamp) WHERE id = $1",
                                 [.integer(corpus.id), .text(sourcesJSON)])
            try connection.query("DELETE FROM corpus_statistics WHERE corpus = $1", [.integer(corpus.id)])
        }
        return try requireCorpus(named: name)
    }

    public func items(of corpus: CorpusRecord, at positions: [Int]) throws -> [StoredItem] {
        guard !positions.isEmpty else { return [] }
        return try guarded {
            let rows = try connection.query("""
                SELECT position, text, external_id, metadata FROM items
                WHERE corpus = $1 AND position = ANY(string_to_array($2, ',')::bigint[])
                """, [.integer(corpus.id), .text(positions.map(String.init).joined(separator: ","))])
            var byPosition: [Int: CorpusItem] = [:]
            for row in 0..<rows.count {
                byPosition[rows.int(row, 0)] = CorpusItem(text: rows.text(row, 1) ?? "", externalID: rows.text(row, 2), metadata: rows.text(row, 3))
            }
            return positions.compactMap { position in byPosition[position].map { StoredItem(position: position, item: $0) } }
        }
    }

    public func forEachItem(of corpus: CorpusRecord, _ body: (StoredItem) throws -> Void) throws {
        let rows = try guarded {
            try connection.query("SELECT position, text, external_id, metadata FROM items WHERE corpus = $1 ORDER BY position",
                                 [.integer(corpus.id)])
        }
        for row in 0..<rows.count {
            try body(StoredItem(position: rows.int(row, 0), item: CorpusItem(
                text: rows.text(row, 1) ?? "", externalID: rows.text(row, 2), metadata: rows.text(row, 3))))
        }
    }

    public func vector(of text: String, model: ModelRecord, precision: VectorPrecision) throws -> [Float]? {
        try guarded {
            let rows = try connection.query("SELECT vector FROM vectors WHERE model = $1 AND precision = $2 AND text_hash = $3",
                                            [.integer(model.id), .text(precision.rawValue), .bytes(SHA256.hash(text).bytes)])
            guard rows.count > 0 else { return nil }
            return rows.withBytes(0, 0) { precision.floats($0, dimension: model.dimension) } ?? nil
        }
    }

    public func vectorCount(model: ModelRecord, precision: VectorPrecision) throws -> Int {
        try guarded {
            try connection.query("SELECT count(*) FROM vectors WHERE model = $1 AND precision = $2",
                                 [.integer(model.id), .text(precision.rawValue)]).int(0, 0)
        }
    }

    // MARK: removing and compacting

    public func removeCorpus(named name: String, onWait: (() -> Void)?) throws -> CacheRemoval {
        let corpus = try requireCorpus(named: name)
        return try writing {
            let items = try connection.query("WITH gone AS (DELETE FROM items WHERE corpus = $1 RETURNING 1) SELECT count(*) FROM gone",
                                             [.integer(corpus.id)]).int(0, 0)
            try connection.query("DELETE FROM corpora WHERE id = $1", [.integer(corpus.id)])
            let vectors = try connection.query("""
                WITH gone AS (DELETE FROM vectors v WHERE v.model = $1
                              AND NOT EXISTS (SELECT 1 FROM items i WHERE i.vector = v.id) RETURNING 1)
                SELECT count(*) FROM gone
                """, [.integer(corpus.model.id)]).int(0, 0)
            return CacheRemoval(items: items, vectors: vectors)
        }
    }

    public func vacuum() throws -> CacheCompaction {
        let before = try storageBytes()
        let orphans = try writing {
            try connection.query("""
                WITH gone AS (DELETE FROM vectors v WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.vector = v.id) RETURNING 1)
                SELECT count(*) FROM gone
                """).int(0, 0)
        }
        // Plain VACUUM: it frees space for reuse without the exclusive lock FULL would take
        // from the other machines reading the cache.
        let packed = try hasPackedMatrices() ? ", corpus_matrices, corpus_matrix_chunks" : ""
        try guarded { try connection.execute("VACUUM ANALYZE vectors, items, corpora, batches, models\(packed)") }
        return CacheCompaction(orphanVectors: orphans, bytesBefore: before, bytesAfter: try storageBytes())
    }

    public func storageBytes() throws -> Int {
        guard try schemaVersion() > 0 else { return 0 }
        return try guarded {
            try connection.query("""
                SELECT (pg_total_relation_size('models') + pg_total_relation_size('vectors') + pg_total_relation_size('corpora')
                        + pg_total_relation_size('items') + pg_total_relation_size('batches')
                        + coalesce(pg_total_relation_size(to_regclass('corpus_statistics')), 0)
                        + coalesce(pg_total_relation_size(to_regclass('corpus_matrices')), 0)
                        + coalesce(pg_total_relation_size(to_regclass('corpus_matrix_chunks')), 0))::bigint
                """).int(0, 0)
        }
    }

    public func makeIndexer(corpus name: String, model: ModelIdentity, precision: VectorPrecision?, sources: [String],
                            batchSize: Int, onWait: (() -> Void)?, encode: @escaping CorpusIndexer.Encode) throws -> any CorpusIndexingRun {
        try PostgresCorpusIndexer(store: self, corpus: name, model: model, precision: precision, sources: sources,
                                  batchSize: batchSize, encode: encode)
    }
}
