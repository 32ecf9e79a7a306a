import Foundation
import Testing
import VectorCache

/// Header values and tables semblance never writes are refused when the cache is opened,
/// naming the file, before anything is written (a negative user_version used to trap in
/// `migrations.dropFirst`).
@Suite struct CacheSchemaValidityTests {
    /// A cache with corpus "c", then `damage` run on a raw connection and the WAL folded in.
    private func damagedCache(_ damage: String) throws -> TemporaryCache {
        let cache = try TemporaryCache()
        try index(sentences(5), into: "c", store: cache.open(), encoder: CountingEncoder())
        let raw = try Database(path: cache.path, access: .readWriteCreate)
        try raw.execute(damage)
        try raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return cache
    }

    /// Opening for writing and for reading both throw `expected`, and the file is unchanged.
    private func expectRefused(_ cache: TemporaryCache, _ expected: VectorCacheError) throws {
        let before = try cache.bytes()
        for writable in [true, false] {
            let error = try #require(throws: VectorCacheError.self) { try cache.open(writable: writable) }
            #expect(error == expected)
            #expect(!error.description.contains("\n") && error.description.contains(cache.path))
        }
        #expect(try cache.bytes() == before)
    }

    @Test(arguments: [-1, Int(Int32.min)])
    func negativeSchemaVersionIsRefused(version: Int) throws {
        let cache = try damagedCache("PRAGMA user_version = \(version)")
        try expectRefused(cache, .invalidSchema(path: cache.path, detail: "schema version \(version)"))
    }

    @Test func hugeSchemaVersionIsNewer() throws {
        let cache = try damagedCache("PRAGMA user_version = \(Int32.max)")
        try expectRefused(cache, .newerSchema(path: cache.path, found: Int(Int32.max), supported: 4))
    }

    @Test func anotherProgramsApplicationIDIsRefusedEvenWithoutTables() throws {
        let cache = try TemporaryCache()
        do {
            let raw = try Database(path: cache.path, access: .readWriteCreate)
            try raw.execute("PRAGMA application_id = 1234")
        }
        try expectRefused(cache, .notACache(path: cache.path))
    }

    @Test func ourTablesAtSchemaVersionZeroAreRefused() throws {
        let cache = try damagedCache("PRAGMA user_version = 0")
        try expectRefused(cache, .invalidSchema(path: cache.path, detail: "tables but schema version 0"))
    }

    @Test func missingTableIsRefused() throws {
        let cache = try damagedCache("DROP TABLE weight_hashes")
        try expectRefused(cache, .invalidSchema(path: cache.path, detail: "no table \"weight_hashes\" at schema version 4"))
    }

    @Test func changedColumnsAreRefused() throws {
        let cache = try damagedCache("ALTER TABLE items DROP COLUMN metadata")
        let error = try #require(throws: VectorCacheError.self) { try cache.open(writable: true) }
        guard case let .invalidSchema(_, detail) = error else {
            Issue.record("expected invalidSchema, got \(error)")
            return
        }
        #expect(detail.hasPrefix("table \"items\" with columns (corpus, position, text_hash, vector, text, external_id), not ("))
    }

    @Test func triggerIsRefused() throws {
        let cache = try damagedCache("CREATE TRIGGER sneaky BEFORE INSERT ON items BEGIN SELECT RAISE(ABORT, 'no'); END")
        try expectRefused(cache, .invalidSchema(path: cache.path, detail: "a trigger \"sneaky\""))
    }

    @Test func extraTablesOfTheUserAreLeftAlone() throws {
        let cache = try damagedCache("CREATE TABLE my_notes (body TEXT)")
        #expect(try cache.open().requireCorpus(named: "c").itemCount == 5)
    }

    /// A write the cache's rules refuse (here: another program deleted the corpus row under a
    /// run, bypassing the corpus lock) is a clear error, not SQLite's raw constraint message.
    @Test func constraintFailureIsAClearError() throws {
        let cache = try TemporaryCache()
        let indexer = try CorpusIndexer(store: cache.open(), corpus: "c", model: testModel(), precision: nil,
                                        sources: ["t"], batchSize: 2, encode: CountingEncoder().encode)
        try Database(path: cache.path, access: .readWriteCreate).execute("DELETE FROM corpora")
        let error = #expect(throws: VectorCacheError.self) {
            for text in sentences(4) { try indexer.add(CorpusItem(text: text)) }
        }
        #expect(error == .constraintFailed(path: cache.path, detail: "FOREIGN KEY constraint failed"))
        #expect(error?.description.contains("SQLite error") == false)
    }
}
