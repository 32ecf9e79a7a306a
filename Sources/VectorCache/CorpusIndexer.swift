import Digest
import Foundation

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
    var pending: [CorpusItem] = []
    var committed = 0
    var encoded = 0, converted = 0, unchanged = 0
    var encodingSeconds = 0.0
    private var started = Date()
    /// Called after each committed batch.
    public var onProgress: ((Progress) -> Void)?
    /// This run's hold on the corpus, from `init` until `finish` (or the indexer goes away).
    private let lock: CorpusLock
    /// Items written per transaction: `batchSize` (every batch committed on its own) unless
    /// `groupCommits(upTo:)` raised it (see CorpusIndexer+GroupedCommits.swift).
    var rowsPerTransaction: Int
    /// The open transaction holding batches not yet committed, and what they did.
    var group: GroupTally?
    /// The matrix sidecar written as grouped rows are stored, or nil (the sidecar is then
    /// rebuilt from SQLite at the end, as after a run that commits batch by batch).
    var sidecarStream: StreamedMatrixSidecar?
    /// Whether `finish` put the streamed sidecar in place (false: rebuilt from SQLite, or none).
    private(set) var finishedWithStreamedSidecar = false
    /// The connection's page cache size, temporary storage and checkpoint interval before grouping changed them.
    var savedPragmas: (cacheSize: Int, tempStore: Int, checkpointPages: Int)?
    /// Keeps the write-ahead log going to disk while a grouped run writes it.
    var writeback: BackgroundWriteback?
    /// Items last reported: the commit of a group reported batch by batch says nothing new.
    var reportedItems: Int?
    /// Whether the model has any f32 vectors an f16 corpus could be derived from (asked once).
    private var hasF32Vectors: Bool?
    /// The pending batch's own vectors, when it was added whole with them (see
    /// CorpusIndexer+PreparedBatches.swift): used where `encode` would be called.
    var prepared: PreparedBatch?

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
        sidecarStream?.abandon()
        endGrouping()
        stopWriteback()
    }

    /// Adds the next item; encodes and commits when a batch is full.
    public func add(_ item: CorpusItem) throws {
        try checkRunning()
        pending.append(item)
        if pending.count >= batchSize { try stoppingOnError { try flush() } }
    }

    /// Adds a whole batch with its own vectors (an import) and writes it at once, whatever
    /// its size: its rows are stored as given wherever `encode` would have been called, so
    /// the cache ends up as if `encode` had returned them. Items added one by one and still
    /// pending are written first, as a batch of their own.
    public func add(_ batch: PreparedBatch) throws {
        try checkRunning()
        guard !batch.items.isEmpty else { return }
        try stoppingOnError {
            try flush()
            pending = batch.items
            prepared = batch
            defer {
                prepared = nil
                pending.removeAll(keepingCapacity: true)
            }
            try flush()
        }
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
            // Its rows may include the rolled-back group's: never finished.
            sidecarStream?.abandon()
            sidecarStream = nil
            endGrouping()
            stopWriteback()
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
        endGrouping()
        // The search matrix sidecar, put in place while the corpus is still held: the one
        // streamed during the run when it holds every row, else rebuilt from SQLite (best
        // effort: search rebuilds it when it is missing).
        let stream = sidecarStream
        sidecarStream = nil
        if let finished = try? store.requireCorpus(named: corpus.name) {
            finishedWithStreamedSidecar = stream.map { (try? $0.finish(as: finished)) != nil } ?? false
            if !finishedWithStreamedSidecar { try? store.writeMatrixSidecar(of: finished) }
        } else {
            stream?.abandon()
        }
        stopWriteback()
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
        if isGrouping { return try flushIntoGroup() }
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

    struct ReusedVectorVanished: Error {}

    /// Vectors made for the pending batch (encoded or widened from f32), across its attempts.
    struct MadeVectors {
        var encoded: [SHA256Digest: [Float]] = [:]
        var converted: [SHA256Digest: [Float]] = [:]
        var encodingSeconds = 0.0
    }

    /// What one committed attempt did.
    struct BatchTally {
        var items = 0, unchanged = 0, encoded = 0, converted = 0

        mutating func add(_ other: BatchTally) {
            items += other.items
            unchanged += other.unchanged
            encoded += other.encoded
            converted += other.converted
        }
    }

    /// One batch: find what is missing, encode it outside any transaction (so other
    /// writers are not held up), then write vectors and items in one transaction
    /// (`writeBatch`); or, `inTransaction`, all of it inside the group's open transaction
    /// (`writeInGroup`). Returns nil when nothing is pending, else what the write stored.
    func flushOnce(reusing made: inout MadeVectors, inTransaction: Bool = false) throws -> BatchTally? {
        guard !pending.isEmpty else { return nil }
        if inTransaction, let prepared, try !(corpus.precision == .f16 && modelHasF32Vectors()) {
            return try store.guarded { try writePreparedInGroup(prepared) }
        }
        let batch = pending
        let start = committed + (group?.tally.items ?? 0)
        let hashes = prepared?.hashes ?? batch.map { SHA256.hash($0.text) }
        let model = corpus.model, precision = corpus.precision
        var tally = BatchTally(items: batch.count)

        // A grouped run streaming the sidecar needs every row's bytes, the unchanged ones' too.
        let keepingBlobs = inTransaction && sidecarStream != nil
        let stored = try store.guarded { try storedItems(from: start, count: batch.count, keepingBlobs: keepingBlobs) }
        let (changed, unchanged) = changedOffsets(batch, from: start, hashes: hashes, stored: stored)
        tally.unchanged = unchanged

        var newVectors: [SHA256Digest: [Float]] = [:]
        // Rows of a prepared batch stored as given, by text hash: the first row of each text.
        var preparedRows: [SHA256Digest: Int] = [:]
        var known = VectorStore.StoredVectors()
        if !changed.isEmpty {
            let wanted = Set(changed.map { hashes[$0] })
            known = try store.guarded {
                try store.storedVectors(model: model, precision: precision, hashes: wanted, keepingBlobs: keepingBlobs)
            }
            var missing = wanted.subtracting(known.ids.keys)
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
                    if !inTransaction { made.converted[hash] = vector }
                }
                tally.converted += widened.count
                missing.subtract(widened.keys)
            }
            if !missing.isEmpty, prepared != nil {
                // The batch brought its vectors: nothing to encode.
                for offset in changed where missing.contains(hashes[offset]) && preparedRows[hashes[offset]] == nil {
                    preparedRows[hashes[offset]] = offset
                }
                tally.encoded += preparedRows.count
            } else if !missing.isEmpty {
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
                    // Kept for a retry of the batch; a grouped batch is never retried.
                    if !inTransaction { made.encoded[hashes[offset]] = vector }
                }
                tally.encoded += texts.count
            }
        }

        let blobs = try checkedBlobs(newVectors, preparedRows: preparedRows, batch: batch, hashes: hashes)
        if inTransaction {
            try store.guarded {
                try writeInGroup(batch, from: start, hashes: hashes, changed: changed, stored: stored, blobs: blobs, known: known)
            }
        } else {
            try writeBatch(batch, from: start, hashes: hashes, changed: changed, blobs: blobs)
        }
        return tally
    }

    /// Whether the model has any f32 vectors (asked once a run: deriving f16 from them only
    /// saves encoding, so one added meanwhile is merely encoded instead).
    func modelHasF32Vectors() throws -> Bool {
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
    static func sameBytes(_ a: CorpusItem, _ b: CorpusItem) -> Bool {
        func same(_ x: String?, _ y: String?) -> Bool {
            switch (x, y) {
            case (nil, nil): true
            case let (x?, y?): x.utf8.elementsEqual(y.utf8)
            default: false
            }
        }
        return same(a.text, b.text) && same(a.externalID, b.externalID) && same(a.metadata, b.metadata)
    }

    /// An item already stored at a position the run is writing.
    struct StoredPosition {
        /// Its text hash; nil when its vector is damaged (NaN or infinite), so it counts as changed.
        let hash: SHA256Digest?
        let item: CorpusItem
        /// Its vector's bytes, when asked for and healthy.
        let vector: [UInt8]?
    }

    /// The items already stored at positions `start ..< start + count`, with their text hashes
    /// (and, `keepingBlobs`, their vectors' bytes).
    func storedItems(from start: Int, count: Int, keepingBlobs: Bool = false) throws -> [Int: StoredPosition] {
        // An item whose vector is damaged (NaN or infinite) counts as changed, so it is healed.
        let statement = try store.database.prepare("""
            SELECT i.position, i.text_hash, i.text, i.external_id, i.metadata, v.vector FROM items i
            LEFT JOIN vectors v ON v.id = i.vector
            WHERE i.corpus = ?1 AND i.position >= ?2 AND i.position < ?3
            """)
        try statement.bind([.integer(corpus.id), .integer(Int64(start)), .integer(Int64(start + count))])
        var found: [Int: StoredPosition] = [:]
        while try statement.step() {
            let healthy = statement.withBlob(at: 5) { NonFiniteComponents.first(in: $0, precision: corpus.precision) == nil }
            let hash = healthy ? statement.withBlob(at: 1) { SHA256Digest(bytes: Array($0)) } : nil
            let vector = healthy && keepingBlobs ? statement.withBlob(at: 5) { Array($0) } : nil
            found[statement.int(at: 0)] = StoredPosition(
                hash: hash, item: CorpusItem(text: statement.text(at: 2) ?? "", externalID: statement.text(at: 3),
                                             metadata: statement.text(at: 4)),
                vector: vector)
        }
        return found
    }
}
