import Digest
import TextOutput

/// The two ways a batch's vectors and items are written.
extension CorpusIndexer {
    /// One batch in its own transaction (a run that commits batch by batch: `index`). Its
    /// lookups ran before the transaction, so each write allows for what another writer may
    /// have done meanwhile: a vector is an upsert, and reused ones are looked up again.
    func writeBatch(_ batch: [CorpusItem], from start: Int, hashes: [SHA256Digest], changed: [Int],
                    blobs: [(SHA256Digest, [UInt8])]) throws {
        let model = corpus.model, precision = corpus.precision
        try store.writing {
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
                    try upsert.bind(itemRow(batch[offset], at: start + offset, hash: hashes[offset], vector: vectorID))
                    while try upsert.step() {}
                }
            }
        }
    }

    /// One batch's writes inside the group's transaction. The lookups that chose them ran in
    /// the same transaction, and this run alone writes the corpus's items (it holds the
    /// corpus), so each write is the plain kind: a new vector or item is a plain INSERT (no
    /// conflict clause, no RETURNING: SQLite needs neither a statement journal nor a
    /// buffer of results for it), a damaged vector is healed by an UPDATE of its row, and
    /// only an item at a position already taken is written with INSERT OR REPLACE.
    /// Then the batch's rows go to the streamed sidecar, in position order.
    func writeInGroup(_ batch: [CorpusItem], from start: Int, hashes: [SHA256Digest], changed: [Int],
                      stored: [Int: StoredPosition], blobs: [(SHA256Digest, [UInt8])],
                      known: VectorStore.StoredVectors) throws {
        let database = store.database
        let model = corpus.model, precision = corpus.precision
        var ids = known.ids
        if !blobs.isEmpty {
            let insert = try database.prepare("INSERT INTO vectors (model, precision, text_hash, vector) VALUES (?1, ?2, ?3, ?4)")
            let heal = try database.prepare("UPDATE vectors SET vector = ?2 WHERE id = ?1")
            for (hash, blob) in blobs {
                if let id = known.damaged[hash] {
                    try heal.bind([.integer(id), .blob(blob)])
                    while try heal.step() {}
                    ids[hash] = id
                } else {
                    try insert.bind([.integer(model.id), .text(precision.rawValue), .blob(hash.bytes), .blob(blob)])
                    while try insert.step() {}
                    ids[hash] = database.lastInsertRowID
                }
            }
        }
        try writeItemsInGroup(batch, from: start, hashes: hashes, changed: changed, stored: stored) { offset in
            guard let vectorID = ids[hashes[offset]] else { throw ReusedVectorVanished() }
            return vectorID
        }
        streamToSidecar(count: batch.count, from: start, hashes: hashes, changed: changed, stored: stored,
                        blobs: blobs, known: known)
    }

    /// Offsets of the batch's items that differ from what is stored at their positions
    /// (another text, id or metadata, or nothing there), and how many are the same.
    func changedOffsets(_ batch: [CorpusItem], from start: Int, hashes: [SHA256Digest],
                        stored: [Int: StoredPosition]) -> (changed: [Int], unchanged: Int) {
        var changed: [Int] = []
        changed.reserveCapacity(batch.count)
        for (offset, item) in batch.enumerated() {
            if let old = stored[start + offset], old.hash == hashes[offset], Self.sameBytes(old.item, item) { continue }
            changed.append(offset)
        }
        return (changed, batch.count - changed.count)
    }

    /// The changed items' rows inside the group's transaction: a plain INSERT at a free
    /// position, INSERT OR REPLACE only where an item was stored; `vectorID` gives each
    /// offset's vector row.
    func writeItemsInGroup(_ batch: [CorpusItem], from start: Int, hashes: [SHA256Digest], changed: [Int],
                           stored: [Int: StoredPosition], vectorID: (Int) throws -> Int64) throws {
        guard !changed.isEmpty else { return }
        let columns = "(corpus, position, text_hash, vector, text, external_id, metadata) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
        let insert = try store.database.prepare("INSERT INTO items \(columns)")
        let replace = try store.database.prepare("INSERT OR REPLACE INTO items \(columns)")
        for offset in changed {
            let statement = stored[start + offset] == nil ? insert : replace
            try statement.bind(itemRow(batch[offset], at: start + offset, hash: hashes[offset], vector: try vectorID(offset)))
            while try statement.step() {}
        }
    }

    /// The values of an items row, in the column order both write paths' statements use:
    /// (corpus, position, text_hash, vector, text, external_id, metadata).
    func itemRow(_ item: CorpusItem, at position: Int, hash: SHA256Digest, vector: Int64) -> [SQLValue] {
        [.integer(corpus.id), .integer(Int64(position)), .blob(hash.bytes), .integer(vector), .text(item.text),
         item.externalID.map { .text($0) } ?? .null, item.metadata.map { .text($0) } ?? .null]
    }

    /// The blobs of the batch's new vectors at the corpus's precision, each checked before
    /// any is written: a NaN or infinite component (from the encoder, from a stored f32
    /// vector, or from an f16 conversion past ±65504) fails the batch naming its text.
    /// `preparedRows` are rows of the prepared batch, as given (checked when it was prepared).
    func checkedBlobs(_ vectors: [SHA256Digest: [Float]], preparedRows: [SHA256Digest: Int] = [:], batch: [CorpusItem],
                      hashes: [SHA256Digest]) throws -> [(SHA256Digest, [UInt8])] {
        var blobs: [(SHA256Digest, [UInt8])] = []
        let wanted = vectors.count + preparedRows.count
        blobs.reserveCapacity(wanted)
        var seen = Set<SHA256Digest>()
        // In batch order, so the text named is the first bad one the input holds, and the
        // vectors get their rows in the same order however they were made.
        for (offset, hash) in hashes.enumerated() where blobs.count < wanted {
            if let row = preparedRows[hash], let prepared {
                if seen.insert(hash).inserted { blobs.append((hash, prepared.blob(at: row))) }
                continue
            }
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
}
