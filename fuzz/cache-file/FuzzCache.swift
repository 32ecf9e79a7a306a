import Foundation

/// The valid cache the cache-file entry damages, and the model and encoder it was built with.
enum FuzzCache {
    /// The model every seed vector belongs to: 4 dimensions.
    static let identity = ModelIdentity(name: "fuzz-model", dimension: 4, weightsSHA256: String(repeating: "0", count: 64),
                                        components: ["pooling": "mean"])

    /// Deterministic 4-dimensional vectors from the text's length.
    static func encode(_ texts: [String]) -> [[Float]] {
        texts.map { text in (0..<4).map { Float(text.utf8.count + $0) / 10 } }
    }

    /// The bytes of a valid cache: corpus "first" (f32, five items) and "second" (f16, three).
    /// An array, not `Data`: LeakSanitizer cannot follow `Data`'s tagged storage pointer from a global.
    static let template: [UInt8] = {
        let path = FuzzScratch.directory.appendingPathComponent("template.sqlite").path
        do {
            let store = try VectorStore(path: path, writable: true)
            for (name, precision, count) in [("first", VectorPrecision.f32, 5), ("second", .f16, 3)] {
                let indexer = try CorpusIndexer(store: store, corpus: name, model: identity, precision: precision,
                                                sources: ["seed.txt"], batchSize: 2, encode: encode)
                for index in 0..<count { try indexer.add(CorpusItem(text: "text \(index)", externalID: "id\(index)")) }
                _ = try indexer.finish()
            }
            // Fold the WAL into the file, so the file alone is the whole cache.
            try store.database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        } catch {
            FileHandle.standardError.write(Data("fuzz cache-file: cannot build the template cache: \(error)\n".utf8))
            exit(2)
        }
        guard let bytes = FileManager.default.contents(atPath: path) else { exit(2) }
        return [UInt8](bytes)
    }()

    /// A fresh copy of the template with `edits` applied; returns its path.
    static func damagedCopy(edits: FuzzEdits) -> String {
        let path = FuzzScratch.directory.appendingPathComponent("cache.sqlite").path
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        FuzzScratch.write(template, to: "cache.sqlite")
        var patches: [(Int, UInt8)] = []
        if let database = try? Database(path: path, access: .readWriteCreate) {
            try? database.execute("PRAGMA ignore_check_constraints = ON; PRAGMA foreign_keys = OFF")
            for edit in edits {
                switch edit {
                case let .set(table, column, row, value):
                    try? database.run("UPDATE \(table) SET \(column) = ?1 WHERE rowid = (SELECT rowid FROM \(table) LIMIT 1 OFFSET ?2)",
                                      [value, .integer(Int64(row))])
                case let .deleteRow(table, row):
                    try? database.run("DELETE FROM \(table) WHERE rowid = (SELECT rowid FROM \(table) LIMIT 1 OFFSET ?1)",
                                      [.integer(Int64(row))])
                case let .patch(offset, byte):
                    patches.append((offset, byte))
                }
            }
            try? database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
        if !patches.isEmpty, let handle = FileHandle(forUpdatingAtPath: path) {
            for (offset, byte) in patches {
                try? handle.seek(toOffset: UInt64(offset))
                try? handle.write(contentsOf: Data([byte]))
            }
            try? handle.close()
        }
        return path
    }
}
