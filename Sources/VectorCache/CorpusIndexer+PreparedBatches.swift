import Digest

/// A prepared batch (an import's: it brings its own vectors) written inside the group's
/// transaction without looking each text up first.
extension CorpusIndexer {
    /// Writes `prepared` (the pending batch) in the group's open transaction: each changed
    /// item's text is offered with `INSERT OR IGNORE`, and only a text already there (stored
    /// before, or by an earlier row of this run) is then looked up, to be reused or, when
    /// damaged, healed with the batch's row. That stores the same rows with the same ids and
    /// counts as looking every text up first (`flushOnce`), with one index seek fewer per new
    /// vector. Not for an f16 corpus whose model has f32 vectors: those are derived first
    /// (`flushOnce` does it). Then the batch's rows go to the streamed sidecar, in order.
    func writePreparedInGroup(_ prepared: PreparedBatch) throws -> BatchTally {
        let batch = prepared.items, hashes = prepared.hashes
        let start = committed + (group?.tally.items ?? 0)
        let model = corpus.model, precision = corpus.precision
        var tally = BatchTally(items: batch.count)
        let stored = try storedItems(from: start, count: batch.count, keepingBlobs: sidecarStream != nil)
        let (changed, unchanged) = changedOffsets(batch, from: start, hashes: hashes, stored: stored)
        tally.unchanged = unchanged

        /// Where a changed row's stored vector is: a row of the batch, or bytes already stored.
        enum Vector {
            case row(Int)
            case stored([UInt8])
        }
        let database = store.database
        let insert = try database.prepare("INSERT OR IGNORE INTO vectors (model, precision, text_hash, vector) VALUES (?1, ?2, ?3, ?4)")
        let lookup = try database.prepare("SELECT id, vector FROM vectors WHERE model = ?1 AND precision = ?2 AND text_hash = ?3")
        let heal = try database.prepare("UPDATE vectors SET vector = ?2 WHERE id = ?1")
        var ids = [Int64](repeating: 0, count: batch.count)
        var vectors = [Vector?](repeating: nil, count: batch.count)
        // A text repeated within the batch takes its first row's vector.
        var firstOffset: [SHA256Digest: Int] = [:]
        try prepared.rows.withUnsafeBytes { rows in
            func row(_ offset: Int) -> UnsafeRawBufferPointer {
                UnsafeRawBufferPointer(rebasing: rows[offset * prepared.bytesPerRow ..< (offset + 1) * prepared.bytesPerRow])
            }
            for offset in changed {
                let hash = hashes[offset]
                if let first = firstOffset.updateValue(offset, forKey: hash) {
                    firstOffset[hash] = first
                    ids[offset] = ids[first]
                    vectors[offset] = vectors[first]
                    continue
                }
                try insert.bind([.integer(model.id), .text(precision.rawValue), .blob(hash.bytes)])
                try insert.bind(bytes: row(offset), at: 4)
                while try insert.step() {}
                if database.changes == 1 {
                    ids[offset] = database.lastInsertRowID
                    vectors[offset] = .row(offset)
                    tally.encoded += 1
                    continue
                }
                try lookup.bind([.integer(model.id), .text(precision.rawValue), .blob(hash.bytes)])
                guard try lookup.step() else { throw ReusedVectorVanished() }
                ids[offset] = lookup.int64(at: 0)
                let healthy = lookup.withBlob(at: 1) { bytes -> [UInt8]? in
                    guard NonFiniteComponents.first(in: bytes, precision: precision) == nil else { return nil }
                    return Array(bytes)
                }
                if let healthy {
                    vectors[offset] = .stored(healthy)
                } else {
                    try heal.bind([.integer(ids[offset])])
                    try heal.bind(bytes: row(offset), at: 2)
                    while try heal.step() {}
                    vectors[offset] = .row(offset)
                    tally.encoded += 1
                }
            }

            try writeItemsInGroup(batch, from: start, hashes: hashes, changed: changed, stored: stored) { ids[$0] }

            // The sidecar: each changed row's vector as stored, each unchanged one's as it was.
            guard let stream = sidecarStream else { return }
            do {
                for offset in batch.indices {
                    switch vectors[offset] {
                    case let .row(source)?: try stream.append(row(source), position: start + offset)
                    case let .stored(bytes)?: try bytes.withUnsafeBytes { try stream.append($0, position: start + offset) }
                    case nil:
                        guard let bytes = stored[start + offset]?.vector else { throw StreamedMatrixSidecar.OutOfOrder() }
                        try bytes.withUnsafeBytes { try stream.append($0, position: start + offset) }
                    }
                }
            } catch {
                stream.abandon()
                sidecarStream = nil
            }
        }
        return tally
    }
}
