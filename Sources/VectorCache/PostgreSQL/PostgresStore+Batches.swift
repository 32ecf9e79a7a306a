import Digest
import Foundation
import PostgresClient
import TextOutput

extension PostgresStore {
    /// Writes one batch's items at `start…`, inside the caller's transaction: reuses the
    /// finite vectors stored for their texts, derives f16 ones from stored f32 ones, encodes
    /// the rest (each distinct text once), then stores vectors and items. Vectors are inserted
    /// in hash order, so two workers adding the same texts never wait on each other in a cycle.
    func writeBatch(corpus: CorpusRecord, start: Int, items: [CorpusItem], encode: CorpusIndexer.Encode,
                    tally: inout PostgresCorpusIndexer.BatchTally) throws {
        let model = corpus.model, precision = corpus.precision
        let hashes = items.map { SHA256.hash($0.text) }
        let wanted = Set(hashes)
        var known = try vectorIDs(model: model, precision: precision, hashes: wanted)
        var missing = wanted.subtracting(known.keys)
        var newVectors: [SHA256Digest: [Float]] = [:]
        if precision == .f16, !missing.isEmpty {
            for (hash, blob) in try storedVectors(model: model, precision: .f32, hashes: missing) {
                if let vector = blob.withUnsafeBytes({ VectorPrecision.f32.floats($0, dimension: model.dimension) }), vector.allSatisfy(\.isFinite) {
                    newVectors[hash] = vector
                }
            }
            tally.converted += newVectors.count
            missing.subtract(newVectors.keys)
        }
        if !missing.isEmpty {
            var seen = Set<SHA256Digest>()
            let offsets = hashes.indices.filter { missing.contains(hashes[$0]) && seen.insert(hashes[$0]).inserted }
            let texts = offsets.map { items[$0].text }
            let clock = Date()
            let vectors = try encode(texts)
            tally.encodingSeconds += Date().timeIntervalSince(clock)
            guard vectors.count == texts.count else {
                throw VectorCacheError.encoderReturnedWrongCount(expected: texts.count, got: vectors.count)
            }
            for (offset, vector) in zip(offsets, vectors) {
                guard vector.count == model.dimension else {
                    throw VectorCacheError.wrongDimension(model: model.name, expected: model.dimension, got: vector.count)
                }
                newVectors[hashes[offset]] = vector
            }
            tally.encoded += texts.count
        }
        // Every new blob is checked before any is written, naming the first bad text of the batch.
        var blobs: [SHA256Digest: [UInt8]] = [:]
        for (offset, hash) in hashes.enumerated() where blobs[hash] == nil {
            guard let vector = newVectors[hash] else { continue }
            let blob = precision.blob(vector)
            if let component = blob.withUnsafeBytes({ NonFiniteComponents.first(in: $0, precision: precision) }) {
                throw VectorCacheError.nonFiniteVector(model: model.name, text: TerminalText.quotedExcerpt(items[offset].text),
                                                       precision: precision, component: component, value: vector[component])
            }
            blobs[hash] = blob
        }
        // One statement each for the vectors and the items: a round trip per row cost a third
        // of an indexing run's time on a local server.
        let sorted = blobs.sorted(by: { $0.key.bytes.lexicographicallyPrecedes($1.key.bytes) })
        if !sorted.isEmpty {
            // DO UPDATE: the row there is damaged (not reused above) or another worker just
            // stored the same text's vector (the same bytes); RETURNING gives its id either way.
            let rows = try connection.query("""
                INSERT INTO vectors (model, precision, text_hash, vector)
                SELECT $1, $2, decode(u.h, 'hex'), decode(u.v, 'hex') FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS u(h, v, n)
                ORDER BY u.n
                ON CONFLICT (model, precision, text_hash) DO UPDATE SET vector = excluded.vector RETURNING text_hash, id
                """, [.integer(model.id), .text(precision.rawValue), PostgresArray.text(sorted.map { $0.key.hex }),
                      PostgresArray.text(sorted.map { Self.hex($0.value) })])
            for row in 0..<rows.count {
                if let bytes = rows.bytes(row, 0), let hash = SHA256Digest(bytes: bytes), let id = rows.integer(row, 1) { known[hash] = id }
            }
        }
        var vectorIDs: [Int64] = []
        for (offset, hash) in hashes.enumerated() {
            guard let vector = known[hash] else {
                throw VectorCacheError.damagedCorpus(corpus: corpus.name, detail: "the vector of position \(start + offset) vanished")
            }
            vectorIDs.append(vector)
        }
        try connection.query("""
            INSERT INTO items (corpus, position, text_hash, vector, text, external_id, metadata)
            SELECT $1, $2 + u.n - 1, decode(u.h, 'hex'), u.v, u.t, u.e, u.m
            FROM unnest($3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS u(h, v, t, e, m, n)
            ON CONFLICT (corpus, position) DO UPDATE SET text_hash = excluded.text_hash, vector = excluded.vector,
                text = excluded.text, external_id = excluded.external_id, metadata = excluded.metadata
            """, [.integer(corpus.id), .integer(Int64(start)), PostgresArray.text(hashes.map(\.hex)), PostgresArray.integers(vectorIDs),
                  PostgresArray.text(items.map(\.text)), PostgresArray.text(items.map(\.externalID)), PostgresArray.text(items.map(\.metadata))])
        // Last, so the header row is held only for the commit: other workers' batches queue on it.
        try invalidatePackedMatrix(corpusID: corpus.id)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func hex(_ bytes: [UInt8]) -> String {
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Ids of the stored finite vectors among `hashes` for (model, precision).
    private func vectorIDs(model: ModelRecord, precision: VectorPrecision, hashes: Set<SHA256Digest>) throws -> [SHA256Digest: Int64] {
        guard !hashes.isEmpty else { return [:] }
        let rows = try connection.query("""
            SELECT text_hash, id, vector FROM vectors WHERE model = $1 AND precision = $2
            AND text_hash IN (SELECT decode(h, 'hex') FROM unnest(string_to_array($3, ',')) AS h)
            """, [.integer(model.id), .text(precision.rawValue), .text(hashes.map(\.hex).joined(separator: ","))])
        var found: [SHA256Digest: Int64] = [:]
        for row in 0..<rows.count {
            guard let bytes = rows.bytes(row, 0), let hash = SHA256Digest(bytes: bytes), let id = rows.integer(row, 1),
                  (rows.withBytes(row, 2, { NonFiniteComponents.first(in: $0, precision: precision) }) ?? nil) == nil else { continue }
            found[hash] = id
        }
        return found
    }

    private func storedVectors(model: ModelRecord, precision: VectorPrecision, hashes: Set<SHA256Digest>) throws -> [SHA256Digest: [UInt8]] {
        let rows = try connection.query("""
            SELECT text_hash, vector FROM vectors WHERE model = $1 AND precision = $2
            AND text_hash IN (SELECT decode(h, 'hex') FROM unnest(string_to_array($3, ',')) AS h)
            """, [.integer(model.id), .text(precision.rawValue), .text(hashes.map(\.hex).joined(separator: ","))])
        var found: [SHA256Digest: [UInt8]] = [:]
        for row in 0..<rows.count {
            if let bytes = rows.bytes(row, 0), let hash = SHA256Digest(bytes: bytes), let blob = rows.bytes(row, 1) { found[hash] = blob }
        }
        return found
    }
}
