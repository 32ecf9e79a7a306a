import Digest
import Foundation
import PostgresClient
import TextOutput

/// Indexing into a PostgreSQL cache, where several runs (on several machines) of the same
/// corpus and files split the work instead of repeating it.
///
/// The items are cut into batches by position (`batchSize` each, so every worker must use the
/// same). Each batch has a row in `batches`; a worker takes a batch by locking that row
/// (`FOR UPDATE SKIP LOCKED`) in a transaction, encodes it, writes its vectors and items and
/// records the batch's digest, and commits: all of a batch or nothing. A batch another worker
/// holds is skipped and revisited at the end, this time waiting for the lock: if the holder
/// committed, the digest says the batch is done; if it died, the server dropped its session
/// and with it the lock (at once for a killed process, after `leaseSeconds` idle in the
/// transaction for a machine that vanished), and this worker does the batch. A rerun finds
/// done batches by their digest and only redoes what changed.
final class PostgresCorpusIndexer: CorpusIndexingRun {
    let store: PostgresStore
    let corpus: CorpusRecord
    let batchSize: Int
    var onProgress: ((CorpusIndexer.Progress) -> Void)?
    private let encode: CorpusIndexer.Encode
    private var pending: [CorpusItem] = []
    private var next = 0
    /// Batches another worker held when this one came to them.
    private var deferred: [(start: Int, items: [CorpusItem])] = []
    private var encoded = 0, converted = 0, unchanged = 0
    private var encodingSeconds = 0.0
    private let started = Date()
    private var stopped = false

    init(store: PostgresStore, corpus name: String, model: ModelIdentity, precision: VectorPrecision?,
         sources: [String], batchSize: Int, encode: @escaping CorpusIndexer.Encode) throws {
        self.store = store
        let record = try store.register(model)
        corpus = try store.openCorpusForIndexing(name: name, model: record, precision: precision, sources: sources)
        self.batchSize = max(1, batchSize)
        self.encode = encode
    }

    func add(_ item: CorpusItem) throws {
        try checkRunning()
        pending.append(item)
        if pending.count >= batchSize { try stoppingOnError { try flushPending() } }
    }

    func finish() throws -> CorpusIndexer.Report {
        try checkRunning()
        return try stoppingOnError {
            try flushPending()
            for batch in deferred {
                _ = try process(start: batch.start, items: batch.items, waiting: true)
                try reportProgress()
            }
            deferred.removeAll()
            let total = next
            try store.writing {
                let connection = store.connection
                // Every batch below `total` now holds this run's items: drop what lies beyond.
                let dropped = try connection.query("""
                    WITH gone AS (DELETE FROM items WHERE corpus = $1 AND position >= $2 RETURNING 1) SELECT count(*) FROM gone
                    """, [.integer(corpus.id), .integer(Int64(total))]).int(0, 0)
                if dropped > 0 { try store.invalidatePackedMatrix(corpusID: corpus.id) }
                try connection.query("DELETE FROM batches WHERE corpus = $1 AND start >= $2", [.integer(corpus.id), .integer(Int64(total))])
                try connection.query("""
                    UPDATE corpora SET item_count = $2, complete = true, updated = \(PostgresSchema.timestamp) WHERE id = $1
                    """, [.integer(corpus.id), .integer(Int64(total))])
            }
            stopped = true
            // Best effort, as the SQLite matrix file: opening rebuilds what is missing or stale.
            // Of several workers finishing, the first builds it and the others find it current.
            if let finished = try? store.requireCorpus(named: corpus.name) { _ = try? store.rebuildPackedMatrix(of: finished, unlessCurrent: true) }
            return CorpusIndexer.Report(items: total, encoded: encoded, converted: converted, unchanged: unchanged, removed: 0,
                                        seconds: Date().timeIntervalSince(started), encodingSeconds: encodingSeconds)
        }
    }

    private func checkRunning() throws {
        if stopped { throw VectorCacheError.indexingStopped(corpus: corpus.name) }
    }

    private func stoppingOnError<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            stopped = true
            throw error
        }
    }

    private func flushPending() throws {
        guard !pending.isEmpty else { return }
        let batch = pending, start = next
        pending.removeAll(keepingCapacity: true)
        next += batch.count
        if try !process(start: start, items: batch, waiting: false) { deferred.append((start, batch)) }
        try reportProgress()
    }

    /// Items of the corpus in batches some worker has stored, of every run's batches so far.
    private func reportProgress() throws {
        guard let onProgress else { return }
        let done = try store.guarded {
            try store.connection.query("SELECT coalesce(sum(count), 0)::bigint FROM batches WHERE corpus = $1 AND digest IS NOT NULL",
                                       [.integer(corpus.id)]).int(0, 0)
        }
        onProgress(CorpusIndexer.Progress(items: done, encoded: encoded))
    }

    /// Does one batch unless it is done; returns false when another worker holds it and
    /// `waiting` is false. The batch's row stays locked from the check to the commit.
    private func process(start: Int, items: [CorpusItem], waiting: Bool) throws -> Bool {
        let connection = store.connection
        let digest = Self.digest(of: items)
        let key: [PostgresValue] = [.integer(corpus.id), .integer(Int64(start))]
        // The row is created outside the transaction: ON CONFLICT against another worker's
        // uncommitted insert would wait for it, defeating SKIP LOCKED.
        try store.guarded {
            try connection.query("INSERT INTO batches (corpus, start, count) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                                 key + [.integer(Int64(items.count))])
        }
        var tally = BatchTally()
        let done = try store.writing {
            if waiting { try connection.query("SET LOCAL statement_timeout = 0") }
            let claim = try connection.query(
                "SELECT digest, count FROM batches WHERE corpus = $1 AND start = $2 FOR UPDATE" + (waiting ? "" : " SKIP LOCKED"), key)
            guard claim.count == 1 else { return false }
            if claim.bytes(0, 0) == digest, claim.int(0, 1) == items.count {
                tally.unchanged = items.count
                return true
            }
            try store.writeBatch(corpus: corpus, start: start, items: items, encode: encode, tally: &tally)
            try connection.query("UPDATE batches SET digest = $3, count = $4 WHERE corpus = $1 AND start = $2",
                                 key + [.bytes(digest), .integer(Int64(items.count))])
            return true
        }
        // Counted only once the batch's transaction committed.
        encoded += tally.encoded
        converted += tally.converted
        unchanged += tally.unchanged
        encodingSeconds += tally.encodingSeconds
        return done
    }

    /// What one batch did; counted into the run only once its transaction committed.
    struct BatchTally {
        var encoded = 0, converted = 0, unchanged = 0
        var encodingSeconds = 0.0
    }

    /// SHA-256 of the batch's items, each field length-prefixed so no two batches share one.
    static func digest(of items: [CorpusItem]) -> [UInt8] {
        var bytes: [UInt8] = []
        func append(_ field: String?) {
            guard let field else { bytes.append(0); return }
            bytes.append(1)
            let utf8 = Array(field.utf8)
            withUnsafeBytes(of: UInt64(utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: utf8)
        }
        for item in items {
            append(item.text)
            append(item.externalID)
            append(item.metadata)
        }
        return SHA256.hash(bytes).bytes
    }
}
