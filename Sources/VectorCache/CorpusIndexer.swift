import Digest
import Foundation
import TextOutput

/// Streams items into a corpus, encoding only texts the cache does not hold for the model,
/// and committing every batch in its own transaction: a killed run loses at most one
/// batch, and a rerun skips everything already stored.
///
/// Items are positioned in the order given; after `finish`, the corpus holds exactly the
/// items of this run (positions past the end, from a longer earlier run, are dropped).
public final class CorpusIndexer {
    /// Turns texts into vectors, one per text, in order.
    public typealias Encode = ([String]) throws -> [[Float]]

    /// Where a run stands, after each committed batch.
    public struct Progress: Sendable, Equatable {
        /// Items written so far: committed, but for those of a group still open (see
        /// `groupCommits`), which a killed run loses.
        public let items: Int
        /// Texts sent to the encoder so far.
        public let encoded: Int
    }

    /// What a run did.
    public struct Report: Sendable, Equatable {
        public let items: Int
        /// Vectors this run encoded and stored: each distinct text counts once, however often
        /// its batch was retried (a retry reuses what the failed attempt encoded), so
        /// `items - encoded - converted` is what was reused or left unchanged.
        public let encoded: Int
        /// f16 vectors derived from stored f32 ones instead of encoding, and stored.
        public let converted: Int
        /// Items already stored identically at their position (nothing written).
        public let unchanged: Int
        /// Items dropped from the end because this run had fewer.
        public let removed: Int
        /// Wall-clock seconds of the whole run, and of the encoder calls within it (of every
        /// attempt of a committed batch).
        public let seconds: Double
        public let encodingSeconds: Double

        /// Items whose vector was already stored (unchanged items included): never negative,
        /// since every count above comes from committed writes only.
        public var reused: Int { items - encoded - converted }
    }

    public let store: VectorStore
    public let corpus: CorpusRecord
    public let batchSize: Int
    private let encode: Encode
    private var pending: [CorpusItem] = []
    private var committed = 0
    private var encoded = 0, converted = 0, unchanged = 0
    private var encodingSeconds = 0.0
    private var started = Date()
    /// Called after each committed batch.
    public var onProgress: ((Progress) -> Void)?
    /// This run's hold on the corpus, from `init` until `finish` (or the indexer goes away).
    private let lock: CorpusLock
    /// Items written per transaction: `batchSize` (every batch committed on its own) unless
    /// `groupCommits(upTo:)` raised it.
    private var rowsPerTransaction: Int
    /// The open transaction holding batches not yet committed, and what they did.
    private var group: GroupTally?
    /// Whether the model has any f32 vectors an f16 corpus could be derived from (asked once).
    private var hasF32Vectors: Bool?

    /// Opens (or creates) corpus `name` for `model`. `precision` nil keeps the corpus's own.
    /// Throws if the corpus belongs to another model or precision.
    ///
    /// One run per corpus at a time: when another indexer (in any process) or a removal
    /// holds corpus `name`, calls `onWait` once, then waits for it to finish.
    public init(store: VectorStore, corpus name: String, model: ModelIdentity, precision: VectorPrecision?,
                sources: [String], batchSize: Int = 32, onWait: (() -> Void)? = nil, encode: @escaping Encode) throws {
        self.store = store
        self.lock = try store.lockCorpus(named: name, onWait: onWait)
        started = Date()  // the run's time, not the wait's
        let record = try store.register(model)
        self.corpus = try store.openCorpusForIndexing(name: name, model: record, precision: precision, sources: sources)
        self.batchSize = max(1, batchSize)
        self.rowsPerTransaction = max(1, batchSize)
        self.encode = encode
    }

    deinit {
        // A run dropped half-way (its caller failed between batches) leaves nothing uncommitted open.
        if group != nil { try? store.database.execute("ROLLBACK") }
    }

    /// Writes up to `rows` items (whole batches) in one transaction instead of one per batch:
    /// for a caller whose `encode` costs nothing (import), so holding the write lock across
    /// batches keeps no one waiting for long. Each commit rewrites every index page its rows
    /// touched, and the text-hash index is keyed by a hash, so its pages are touched at
    /// random: fewer, larger commits write far fewer pages. A killed run loses what was not
    /// committed, and a rerun goes on from the last commit as usual.
    ///
    /// The connection's page cache grows to 256 MiB meanwhile (from SQLite's 2 MiB), so the
    /// text-hash index and a group's dirty pages stay in memory instead of being read back
    /// and spilled a page at a time: a fixed bound, whatever the corpus's size.
    public func groupCommits(upTo rows: Int) {
        rowsPerTransaction = max(batchSize, rows)
        if rowsPerTransaction > batchSize { try? store.database.execute("PRAGMA cache_size = -262144") }
    }

    /// Adds the next item; encodes and commits when a batch is full.
    public func add(_ item: CorpusItem) throws {
        try checkRunning()
        pending.append(item)
        if pending.count >= batchSize { try stoppingOnError { try flush() } }
    }

    /// Commits what is pending, drops items past the end and marks the corpus complete.
    public func finish() throws -> Report {
        try checkRunning()
        return try stoppingOnError { try complete() }
    }

    /// A run that failed is over: it lets the corpus go at once (another run may be waiting)
    /// and refuses to go on, so it cannot write beside the next run.
    private var stopped = false

    private func checkRunning() throws {
        if stopped { throw VectorCacheError.indexingStopped(corpus: corpus.name) }
    }

    private func stoppingOnError<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            if group != nil {
                try? store.database.execute("ROLLBACK")
                group = nil
            }
            stopped = true
            lock.release()
            throw error
        }
    }

    private func complete() throws -> Report {
        try flush()
        try commitGroup()
        let total = committed
        let removed = try store.writing {
            try store.database.run("DELETE FROM items WHERE corpus = ?1 AND position >= ?2",
                                   [.integer(corpus.id), .integer(Int64(total))])
            let removed = store.database.changes
            try store.database.run("""
                UPDATE corpora SET item_count = ?2, complete = 1, updated = \(CorpusRecord.nextUpdated)
                WHERE id = ?1
                """, [.integer(corpus.id), .integer(Int64(total))])
            return removed
        }
        // The search matrix sidecar, written while the corpus is still held (best effort:
        // search rebuilds it from SQLite when it is missing).
        if let finished = try? store.requireCorpus(named: corpus.name) { try? store.writeMatrixSidecar(of: finished) }
        stopped = true
        lock.release()
        return Report(items: total, encoded: encoded, converted: converted, unchanged: unchanged, removed: removed,
                      seconds: Date().timeIntervalSince(started), encodingSeconds: encodingSeconds)
    }

    /// Commits the pending batch, again if vectors it was going to reuse vanished meanwhile:
    /// another corpus's removal or a vacuum may delete them between the lookup and the
    /// write. The retry finds them missing and encodes them.
    ///
    /// The run's totals grow only once a batch's transaction has committed, from what that
    /// attempt stored: counting before the write counted a retried batch twice (and `index`
    /// printed a negative "reused"). Vectors a failed attempt made are kept for the retry,
    /// so no text is encoded twice.
    private func flush() throws {
        guard !pending.isEmpty else { return }
        if rowsPerTransaction > batchSize { return try flushIntoGroup() }
        var made = MadeVectors()
        for attempt in 1...Self.attempts {
            do {
                guard let tally = try flushOnce(reusing: &made) else { return }
                unchanged += tally.unchanged
                encoded += tally.encoded
                converted += tally.converted
                encodingSeconds += made.encodingSeconds
                committed += tally.items
                pending.removeAll(keepingCapacity: true)
                onProgress?(Progress(items: committed, encoded: encoded))
                return
            } catch is ReusedVectorVanished where attempt < Self.attempts {
                continue
            } catch is ReusedVectorVanished {
                throw VectorCacheError.damagedCorpus(
                    corpus: corpus.name, detail: "its vectors kept vanishing while it was indexed (\(Self.attempts) tries)")
            }
        }
    }

    private static let attempts = 5

    /// Batches written in the open transaction, counted into the run's totals once it commits.
    private struct GroupTally {
        var tally = BatchTally()
        var encodingSeconds = 0.0
    }

    /// Writes the pending batch inside the group's transaction (opened by the first batch,
    /// so every lookup below sees the same state as the writes: nothing can vanish between).
    private func flushIntoGroup() throws {
        if group == nil {
            guard store.isWritable else { throw VectorCacheError.readOnly(path: store.path) }
            try store.guarded { try store.database.execute("BEGIN IMMEDIATE") }
            group = GroupTally()
        }
        var made = MadeVectors()
        let tally: BatchTally?
        do {
            tally = try flushOnce(reusing: &made, inTransaction: true)
        } catch is ReusedVectorVanished {
            throw VectorCacheError.damagedCorpus(corpus: corpus.name, detail: "a vector vanished inside its own transaction")
        }
        if let tally {
            group?.tally.add(tally)
            group?.encodingSeconds += made.encodingSeconds
        }
        pending.removeAll(keepingCapacity: true)
        if let group, group.tally.items >= rowsPerTransaction {
            try commitGroup()
        } else {
            reportProgress()
        }
    }

    /// Commits the group's transaction and counts what it wrote.
    private func commitGroup() throws {
        guard let open = group else { return }
        try store.guarded { try store.database.execute("COMMIT") }
        group = nil
        unchanged += open.tally.unchanged
        encoded += open.tally.encoded
        converted += open.tally.converted
        encodingSeconds += open.encodingSeconds
        committed += open.tally.items
        reportProgress()
    }

    /// Items last reported: the commit of a group reported batch by batch says nothing new.
    private var reportedItems: Int?

    private func reportProgress() {
        let items = committed + (group?.tally.items ?? 0)
        guard items != reportedItems else { return }
        reportedItems = items
        onProgress?(Progress(items: items, encoded: encoded + (group?.tally.encoded ?? 0)))
    }
    private struct ReusedVectorVanished: Error {}

    /// Vectors made for the pending batch (encoded or widened from f32), across its attempts.
    private struct MadeVectors {
        var encoded: [SHA256Digest: [Float]] = [:]
        var converted: [SHA256Digest: [Float]] = [:]
        var encodingSeconds = 0.0
    }

    /// What one committed attempt did.
    private struct BatchTally {
        var items = 0, unchanged = 0, encoded = 0, converted = 0

        mutating func add(_ other: BatchTally) {
            items += other.items
            unchanged += other.unchanged
            encoded += other.encoded
            converted += other.converted
        }
    }

    /// One batch: find what is missing, encode it outside any transaction (so other
    /// writers are not held up), then write vectors and items in one transaction.
    /// Returns nil when nothing is pending, else what the committed write stored.
    private func flushOnce(reusing made: inout MadeVectors, inTransaction: Bool = false) throws -> BatchTally? {
        guard !pending.isEmpty else { return nil }
        let batch = pending
        let start = committed + (group?.tally.items ?? 0)
        let hashes = batch.map { SHA256.hash($0.text) }
        let model = corpus.model, precision = corpus.precision
        var tally = BatchTally(items: batch.count)

        let stored = try store.guarded { try storedItems(from: start, count: batch.count) }
        var changed: [Int] = []
        for (offset, item) in batch.enumerated() {
            if let old = stored[start + offset], old.hash == hashes[offset], Self.sameBytes(old.item, item) {
                tally.unchanged += 1
            } else {
                changed.append(offset)
            }
        }

        var newVectors: [SHA256Digest: [Float]] = [:]
        if !changed.isEmpty {
            let wanted = Set(changed.map { hashes[$0] })
            let known = try store.guarded { try store.vectorIDs(model: model, precision: precision, hashes: wanted) }
            var missing = wanted.subtracting(known.keys)
            // Made by an earlier attempt of this batch: used again, not made again.
            for hash in missing {
                if let vector = made.encoded[hash] {
                    newVectors[hash] = vector
                    tally.encoded += 1
                } else if let vector = made.converted[hash] {
                    newVectors[hash] = vector
                    tally.converted += 1
                }
            }
            missing.subtract(newVectors.keys)
            if precision == .f16, !missing.isEmpty, try modelHasF32Vectors() {
                let widened = try store.guarded { try store.f32Vectors(model: model, hashes: missing) }
                for (hash, vector) in widened {
                    newVectors[hash] = vector
                    made.converted[hash] = vector
                }
                tally.converted += widened.count
                missing.subtract(widened.keys)
            }
            if !missing.isEmpty {
                // One encoder call per distinct missing text, in batch order.
                var seen = Set<SHA256Digest>()
                let offsets = changed.filter { missing.contains(hashes[$0]) && seen.insert(hashes[$0]).inserted }
                let texts = offsets.map { batch[$0].text }
                let clock = Date()
                let vectors = try encode(texts)
                made.encodingSeconds += Date().timeIntervalSince(clock)
                guard vectors.count == texts.count else {
                    throw VectorCacheError.encoderReturnedWrongCount(expected: texts.count, got: vectors.count)
                }
                for (offset, vector) in zip(offsets, vectors) {
                    guard vector.count == model.dimension else {
                        throw VectorCacheError.wrongDimension(model: model.name, expected: model.dimension, got: vector.count)
                    }
                    newVectors[hashes[offset]] = vector
                    made.encoded[hashes[offset]] = vector
                }
                tally.encoded += texts.count
            }
        }

        let blobs = try checkedBlobs(newVectors, batch: batch, hashes: hashes)
        let write = { (body: () throws -> Void) throws in
            if inTransaction { try self.store.guarded(body) } else { try self.store.writing(body) }
        }
        try write {
            let database = store.database
            // The row of each vector written here, as the write returns it (inserted or healed).
            var ids: [SHA256Digest: Int64] = [:]
            if !blobs.isEmpty {
                // DO UPDATE: a row there is either damaged (non-finite, so not reused: heal it)
                // or was just added by another writer for the same model and text (same vector).
                let insert = try database.prepare("""
                    INSERT INTO vectors (model, precision, text_hash, vector) VALUES (?1, ?2, ?3, ?4)
                    ON CONFLICT (model, precision, text_hash) DO UPDATE SET vector = excluded.vector
                    RETURNING id
                    """)
                for (hash, blob) in blobs {
                    try insert.bind([.integer(model.id), .text(precision.rawValue), .blob(hash.bytes), .blob(blob)])
                    while try insert.step() { ids[hash] = insert.int64(at: 0) }
                }
            }
            if !changed.isEmpty {
                // The reused ones looked up again inside the transaction: another writer may
                // have removed them since (or added some).
                var reused = Set<SHA256Digest>()
                for offset in changed where ids[hashes[offset]] == nil { reused.insert(hashes[offset]) }
                ids.merge(try store.vectorIDs(model: model, precision: precision, hashes: reused)) { written, _ in written }
                let upsert = try database.prepare("""
                    INSERT OR REPLACE INTO items (corpus, position, text_hash, vector, text, external_id, metadata)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                    """)
                for offset in changed {
                    guard let vectorID = ids[hashes[offset]] else { throw ReusedVectorVanished() }
                    let item = batch[offset]
                    try upsert.bind([.integer(corpus.id), .integer(Int64(start + offset)), .blob(hashes[offset].bytes),
                                     .integer(vectorID), .text(item.text),
                                     item.externalID.map { .text($0) } ?? .null, item.metadata.map { .text($0) } ?? .null])
                    while try upsert.step() {}
                }
            }
        }
        return tally
    }

    /// The blobs of the batch's new vectors at the corpus's precision, each checked before
    /// any is written: a NaN or infinite component (from the encoder, from a stored f32
    /// vector, or from an f16 conversion past ±65504) fails the batch naming its text.
    private func checkedBlobs(_ vectors: [SHA256Digest: [Float]], batch: [CorpusItem],
                              hashes: [SHA256Digest]) throws -> [(SHA256Digest, [UInt8])] {
        var blobs: [(SHA256Digest, [UInt8])] = []
        blobs.reserveCapacity(vectors.count)
        var seen = Set<SHA256Digest>()
        // In batch order, so the text named is the first bad one the input holds.
        for (offset, hash) in hashes.enumerated() where blobs.count < vectors.count {
            guard let vector = vectors[hash], seen.insert(hash).inserted else { continue }
            let blob = corpus.precision.blob(vector)
            if let component = blob.withUnsafeBytes({ NonFiniteComponents.first(in: $0, precision: corpus.precision) }) {
                throw VectorCacheError.nonFiniteVector(
                    model: corpus.model.name, text: TerminalText.quotedExcerpt(batch[offset].text),
                    precision: corpus.precision, component: component, value: vector[component])
            }
            blobs.append((hash, blob))
        }
        return blobs
    }

    /// Whether the model has any f32 vectors (asked once a run: deriving f16 from them only
    /// saves encoding, so one added meanwhile is merely encoded instead).
    private func modelHasF32Vectors() throws -> Bool {
        if let hasF32Vectors { return hasF32Vectors }
        let found = try store.guarded {
            try store.database.scalar("SELECT EXISTS (SELECT 1 FROM vectors WHERE model = ?1 AND precision = 'f32')",
                                      [.integer(corpus.model.id)])?.int == 1
        }
        hasF32Vectors = found
        return found
    }

    /// Whether two items hold the same bytes. Swift's `==` on strings compares canonical
    /// equivalence ("é" equals "e\u{301}"), which would leave an id or metadata re-encoded
    /// by its source (NFC ↔ NFD) stored in its old form.
    private static func sameBytes(_ a: CorpusItem, _ b: CorpusItem) -> Bool {
        func same(_ x: String?, _ y: String?) -> Bool {
            switch (x, y) {
            case (nil, nil): true
            case let (x?, y?): x.utf8.elementsEqual(y.utf8)
            default: false
            }
        }
        return same(a.text, b.text) && same(a.externalID, b.externalID) && same(a.metadata, b.metadata)
    }

    /// The items already stored at positions `start ..< start + count`, with their text hashes.
    private func storedItems(from start: Int, count: Int) throws -> [Int: (hash: SHA256Digest?, item: CorpusItem)] {
        // An item whose vector is damaged (NaN or infinite) counts as changed, so it is healed.
        let statement = try store.database.prepare("""
            SELECT i.position, i.text_hash, i.text, i.external_id, i.metadata, v.vector FROM items i
            LEFT JOIN vectors v ON v.id = i.vector
            WHERE i.corpus = ?1 AND i.position >= ?2 AND i.position < ?3
            """)
        try statement.bind([.integer(corpus.id), .integer(Int64(start)), .integer(Int64(start + count))])
        var found: [Int: (hash: SHA256Digest?, item: CorpusItem)] = [:]
        while try statement.step() {
            let healthy = statement.withBlob(at: 5) { NonFiniteComponents.first(in: $0, precision: corpus.precision) == nil }
            let hash = healthy ? statement.withBlob(at: 1) { SHA256Digest(bytes: Array($0)) } : nil
            found[statement.int(at: 0)] = (hash, CorpusItem(text: statement.text(at: 2) ?? "",
                                                           externalID: statement.text(at: 3), metadata: statement.text(at: 4)))
        }
        return found
    }
}
