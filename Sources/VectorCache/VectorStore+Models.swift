import Digest
import Foundation

extension VectorStore {
    /// The record for `identity`, added on first use.
    public func register(_ identity: ModelIdentity) throws -> ModelRecord {
        let fingerprint = identity.fingerprint
        if let existing = try model(fingerprint: fingerprint) { return existing }
        try writing {
            try database.run("""
                INSERT INTO models (fingerprint, name, dimension, details) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (fingerprint) DO NOTHING
                """, [.text(fingerprint), .text(identity.name), .integer(Int64(identity.dimension)),
                      .text(identity.detailsJSON)])
        }
        guard let record = try model(fingerprint: fingerprint) else {
            throw VectorCacheError.damagedCorpus(corpus: "-", detail: "model \(identity.name) vanished after insertion")
        }
        return record
    }

    /// The model with this fingerprint, if the cache knows it.
    public func model(fingerprint: String) throws -> ModelRecord? {
        try guarded {
            let statement = try database.prepare(
                "SELECT id, fingerprint, name, dimension, details FROM models WHERE fingerprint = ?1")
            try statement.bind([.text(fingerprint)])
            return try statement.step() ? Self.modelRecord(statement, from: 0) : nil
        }
    }

    static func modelRecord(_ statement: Statement, from column: Int32) -> ModelRecord {
        ModelRecord(id: statement.int64(at: column), fingerprint: statement.text(at: column + 1) ?? "",
                    name: statement.text(at: column + 2) ?? "", dimension: statement.int(at: column + 3),
                    details: statement.text(at: column + 4) ?? "{}")
    }

    /// SHA-256 (hex) of a weights file, remembered by (path, size, modification time) so a
    /// 90 MB file is hashed once rather than on every start. A read-only store hashes
    /// without remembering.
    public func weightsSHA256(of file: URL) throws -> String {
        let path = file.standardizedFileURL.path
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw VectorCacheError.weightsUnreadable(path: path, reason: "no such file or not readable")
        }
        let size = Int64((attributes[.size] as? Int) ?? -1)
        let modified = Int64((((attributes[.modificationDate] as? Date)?.timeIntervalSince1970) ?? 0) * 1e9)
        let known = try guarded {
            try database.scalar("SELECT sha256 FROM weight_hashes WHERE path = ?1 AND size = ?2 AND modified_ns = ?3",
                                [.text(path), .integer(size), .integer(modified)])?.string
        }
        if let known { return known }
        let hash: String
        do {
            hash = try SHA256.hash(fileAt: URL(fileURLWithPath: path)).hex
        } catch {
            throw VectorCacheError.weightsUnreadable(path: path, reason: "\(error)")
        }
        if isWritable {
            try writing {
                try database.run("INSERT OR REPLACE INTO weight_hashes (path, size, modified_ns, sha256) VALUES (?1, ?2, ?3, ?4)",
                                 [.text(path), .integer(size), .integer(modified), .text(hash)])
            }
        }
        return hash
    }
}
