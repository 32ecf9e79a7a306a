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

    /// SHA-256 (hex) of a weights file, remembered by path and the file's identity (device,
    /// inode, size, mtime and ctime, see `FileIdentity`) so a 90 MB file is hashed once rather
    /// than on every start, yet a file replaced with the same size and mtime is hashed again.
    /// A read-only store, or one with an older schema, hashes without remembering.
    ///
    /// A file whose ctime is within `settleTime` of now is hashed but not remembered: file
    /// times move in clock ticks, so a rewrite in the same tick would keep every time alike.
    public func weightsSHA256(of file: URL, settleTime: Duration = .seconds(2)) throws -> String {
        let path = file.standardizedFileURL.path
        guard let before = FileIdentity(path: path) else {
            throw VectorCacheError.weightsUnreadable(path: path, reason: "no such file, not a regular file, or not readable")
        }
        let remembers = try schemaVersion() >= 2
        if remembers, let known = try rememberedWeightsSHA256(path: path, identity: before) { return known }
        let hash: String
        do {
            hash = try SHA256.hash(fileAt: URL(fileURLWithPath: path)).hex
        } catch {
            throw VectorCacheError.weightsUnreadable(path: path, reason: "\(error)")
        }
        // A file that changed while it was read may not match its hash: use, never remember.
        if remembers, isWritable, FileIdentity(path: path) == before, before.isSettled(for: settleTime) {
            try writing {
                try database.run("""
                    INSERT OR REPLACE INTO weight_hashes (path, device, inode, size, modified_ns, changed_ns, sha256)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                    """, [.text(path)] + Self.identityValues(before) + [.text(hash)])
            }
        }
        return hash
    }

    private func rememberedWeightsSHA256(path: String, identity: FileIdentity) throws -> String? {
        try guarded {
            try database.scalar("""
                SELECT sha256 FROM weight_hashes
                WHERE path = ?1 AND device = ?2 AND inode = ?3 AND size = ?4 AND modified_ns = ?5 AND changed_ns = ?6
                """, [.text(path)] + Self.identityValues(identity))?.string
        }
    }

    private static func identityValues(_ identity: FileIdentity) -> [SQLValue] {
        [.integer(identity.device), .integer(identity.inode), .integer(identity.size),
         .integer(identity.modifiedNanoseconds), .integer(identity.changedNanoseconds)]
    }
}
