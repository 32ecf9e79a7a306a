import Digest
import Foundation
import Testing
import VectorCache

/// A cache made by an older semblance is upgraded in place, keeping its corpora and vectors.
@Suite struct SchemaMigrationTests {
    /// Schema version 1 exactly as semblance 1 created it (frozen here: the migrations may
    /// change, the files already out there do not).
    static let versionOneSchema = """
        CREATE TABLE models (
            id INTEGER PRIMARY KEY,
            fingerprint TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            dimension INTEGER NOT NULL CHECK (dimension > 0),
            details TEXT NOT NULL,
            created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        );
        CREATE TABLE vectors (
            id INTEGER PRIMARY KEY,
            model INTEGER NOT NULL REFERENCES models(id),
            precision TEXT NOT NULL CHECK (precision IN ('f32', 'f16')),
            text_hash BLOB NOT NULL,
            vector BLOB NOT NULL,
            UNIQUE (model, precision, text_hash)
        );
        CREATE TABLE corpora (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            model INTEGER NOT NULL REFERENCES models(id),
            precision TEXT NOT NULL CHECK (precision IN ('f32', 'f16')),
            sources TEXT NOT NULL,
            item_count INTEGER NOT NULL DEFAULT 0,
            complete INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
            updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        );
        CREATE TABLE items (
            corpus INTEGER NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position >= 0),
            text_hash BLOB NOT NULL,
            vector INTEGER NOT NULL REFERENCES vectors(id),
            text TEXT NOT NULL,
            external_id TEXT,
            metadata TEXT,
            PRIMARY KEY (corpus, position)
        );
        CREATE INDEX items_vectors ON items (corpus, position, vector);
        CREATE TABLE weight_hashes (
            path TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            modified_ns INTEGER NOT NULL,
            sha256 TEXT NOT NULL
        );
        PRAGMA application_id = 1397050690;
        PRAGMA user_version = 1;
        """

    /// A version-1 cache holding corpus "old" with `texts` (f32 vectors of `CountingEncoder`)
    /// and one remembered weights hash.
    static func makeVersionOneCache(at path: String, texts: [String]) throws {
        let raw = try Database(path: path, access: .readWriteCreate)
        try raw.execute(versionOneSchema)
        let model = testModel()
        try raw.run("INSERT INTO models (id, fingerprint, name, dimension, details) VALUES (1, ?1, ?2, 8, '{}')",
                    [.text(model.fingerprint), .text(model.name)])
        try raw.run("INSERT INTO corpora (id, name, model, precision, sources, item_count, complete) VALUES (1, 'old', 1, 'f32', '[\"old.txt\"]', ?1, 1)",
                    [.integer(Int64(texts.count))])
        for (position, text) in texts.enumerated() {
            let hash = SHA256.hash(text).bytes
            let vector = CountingEncoder.vector(for: text, dimension: 8).withUnsafeBytes { Array($0) }
            try raw.run("INSERT INTO vectors (id, model, precision, text_hash, vector) VALUES (?1, 1, 'f32', ?2, ?3)",
                        [.integer(Int64(position + 1)), .blob(hash), .blob(vector)])
            try raw.run("INSERT INTO items (corpus, position, text_hash, vector, text) VALUES (1, ?1, ?2, ?1 + 1, ?3)",
                        [.integer(Int64(position)), .blob(hash), .text(text)])
        }
        try raw.run("INSERT INTO weight_hashes VALUES ('/models/m/model.safetensors', 11, 1700000000000000000, 'stale')")
    }

    @Test func aVersionOneCacheIsUpgradedKeepingCorporaAndVectors() throws {
        let cache = try TemporaryCache()
        let texts = sentences(5)
        try Self.makeVersionOneCache(at: cache.path, texts: texts)

        let store = try cache.open()
        #expect(try store.schemaVersion() == 4)
        let corpus = try store.requireCorpus(named: "old")
        #expect(corpus.itemCount == 5 && corpus.isComplete)
        #expect(try store.items(of: corpus, at: Array(0..<5)).map(\.item.text) == texts)
        let matrix = try store.loadMatrix(of: corpus)
        #expect(matrix.floats() == texts.flatMap { CountingEncoder.vector(for: $0, dimension: 8) })
        #expect(try store.verify().problems == [])

        // Reindexing with the same model encodes nothing: the vectors were kept.
        let encoder = CountingEncoder()
        try index(texts, into: "old", store: store, encoder: encoder)
        #expect(encoder.encodedCount == 0)

        // The old weight hashes are gone (they cannot say which file they hashed); new ones are kept.
        let raw = try Database(path: cache.path, access: .readOnly)
        #expect(try raw.scalar("SELECT count(*) FROM weight_hashes") == .integer(0))
        let weights = cache.directory.appendingPathComponent("model.safetensors")
        try Data("weights".utf8).write(to: weights)
        _ = try store.weightsSHA256(of: weights, settleTime: .zero)
        #expect(try raw.scalar("SELECT count(*) FROM weight_hashes") == .integer(1))
    }

    @Test func aVersionOneCacheOpenedReadOnlyIsReadAndLeftAlone() throws {
        let cache = try TemporaryCache()
        try Self.makeVersionOneCache(at: cache.path, texts: sentences(3))
        let before = try cache.bytes()
        let store = try cache.open(writable: false)
        #expect(try store.schemaVersion() == 1)
        #expect(try store.loadMatrix(of: store.requireCorpus(named: "old")).rows == 3)
        let weights = cache.directory.appendingPathComponent("model.safetensors")
        try Data("weights".utf8).write(to: weights)
        #expect(try store.weightsSHA256(of: weights, settleTime: .zero) == SHA256.hash("weights").hex)
        #expect(try cache.bytes() == before)
    }
}
