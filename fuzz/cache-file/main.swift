// fuzz: module=VectorCache max_len=512
import Foundation

/// libFuzzer entry for reading a damaged cache: the input is a list of edits applied to a
/// small valid cache (two corpora, f32 and f16) — values written into its rows with the
/// CHECK constraints off, and raw bytes patched into the file — before the cache is opened,
/// listed, loaded, searched item by item, verified and indexed into.
///
/// Every call must return or throw; no value in the file may trap or exhaust memory.
/// The edits are fixed statements with bound values: the input never becomes SQL.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCacheFile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let path = FuzzCache.damagedCopy(edits: FuzzEdits(Array(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))))
    if let store = try? VectorStore(path: path, writable: false) {
        _ = try? store.schemaVersion()
        _ = try? store.summaries()
        for corpus in (try? store.corpora()) ?? [] {
            if let matrix = try? store.loadMatrix(of: corpus) {
                _ = matrix.row(0)
                _ = matrix.row(matrix.rows - 1)
            }
            _ = try? store.items(of: corpus, at: [0, 2, -1, 1 << 40])
            var seen = 0
            try? store.forEachItem(of: corpus) { _ in seen += 1 }
            _ = try? store.vector(of: "text 1", model: corpus.model, precision: corpus.precision)
            _ = try? store.vectorCount(model: corpus.model, precision: corpus.precision)
        }
        _ = try? store.verify(maximumProblems: 5)
    }
    if let store = try? VectorStore(path: path, writable: true),
       let indexer = try? CorpusIndexer(store: store, corpus: "first", model: FuzzCache.identity, precision: nil,
                                        sources: ["fuzz"], batchSize: 2, encode: FuzzCache.encode) {
        for index in 0..<3 { try? indexer.add(CorpusItem(text: "text \(index)")) }
        _ = try? indexer.finish()
    }
    return 0
}

/// The input read as edits: one byte picks the edit, one the row, then its value.
struct FuzzEdits: Sequence, IteratorProtocol {
    enum Edit {
        /// `UPDATE table SET column = value WHERE rowid = row` (nth row of the table).
        case set(table: String, column: String, row: Int, value: SQLValue)
        case deleteRow(table: String, row: Int)
        /// Overwrite one byte of the database file.
        case patch(offset: Int, byte: UInt8)
    }

    private var bytes: ArraySlice<UInt8>

    init(_ bytes: [UInt8]) { self.bytes = bytes[...] }

    /// Every column the cache's queries read, with the kind of value to write into it.
    private static let columns: [(table: String, column: String)] = [
        ("items", "position"), ("items", "vector"), ("items", "text"), ("items", "text_hash"), ("items", "corpus"),
        ("items", "external_id"), ("vectors", "vector"), ("vectors", "model"), ("vectors", "precision"),
        ("vectors", "text_hash"), ("models", "dimension"), ("models", "fingerprint"), ("models", "details"),
        ("corpora", "item_count"), ("corpora", "complete"), ("corpora", "precision"), ("corpora", "model"),
        ("corpora", "sources"), ("corpora", "name"),
    ]

    mutating func next() -> Edit? {
        guard let kind = take(1)?.first, let row = take(1)?.first.map(Int.init) else { return nil }
        let selector = Int(kind) % (Self.columns.count + 2)
        if selector == Self.columns.count {
            return .deleteRow(table: ["items", "vectors", "models", "corpora"][row % 4], row: row / 4)
        }
        if selector == Self.columns.count + 1 {
            guard let offset = take(2), let byte = take(1)?.first else { return nil }
            return .patch(offset: Int(offset[offset.startIndex]) << 8 | Int(offset[offset.startIndex + 1]), byte: byte)
        }
        let (table, column) = Self.columns[selector]
        guard let value = takeValue(kind: kind) else { return nil }
        return .set(table: table, column: column, row: row, value: value)
    }

    /// The high bits of the edit byte choose the value's type: integer, text, blob or null.
    private mutating func takeValue(kind: UInt8) -> SQLValue? {
        switch kind >> 6 {
        case 0:
            guard let raw = take(8) else { return nil }
            return .integer(raw.reversed().reduce(Int64(0)) { $0 << 8 | Int64($1) })
        case 1, 2:
            guard let length = take(1)?.first, let raw = take(Int(length)) else { return nil }
            return kind >> 6 == 1 ? .text(String(decoding: raw, as: UTF8.self)) : .blob(Array(raw))
        default:
            return .null
        }
    }

    private mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
        guard bytes.count >= count else { return nil }
        defer { bytes = bytes.dropFirst(count) }
        return bytes.prefix(count)
    }
}

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
