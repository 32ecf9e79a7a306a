import Foundation
import Testing
import TestSupport
import VectorCache

/// Opening: a new cache is set up; a file that must not be used is refused untouched.
@Suite struct VectorStoreOpeningTests {
    @Test func newCacheHasSchemaWALAndLargePages() throws {
        let cache = try TemporaryCache()
        let nested = cache.directory.appendingPathComponent("a/b/cache.sqlite").path
        let store = try VectorStore(path: nested, writable: true, createDirectories: true)
        #expect(try store.schemaVersion() == 4)
        #expect(try store.corpora().isEmpty)
        let database = try Database(path: nested, access: .readOnly)
        #expect(try database.scalar("PRAGMA journal_mode") == .text("wal"))
        #expect(try database.scalar("PRAGMA page_size") == .integer(16384))
        #expect(try database.scalar("PRAGMA application_id") == .integer(0x5345_4D42))
    }

    @Test func reopeningKeepsData() throws {
        let cache = try TemporaryCache()
        let encoder = CountingEncoder()
        try index(["a", "b"], into: "c", store: cache.open(), encoder: encoder)
        let reopened = try cache.open(writable: false)
        #expect(try reopened.requireCorpus(named: "c").itemCount == 2)
    }

    @Test func readOnlyOpenOfMissingCacheFailsWithoutCreatingIt() throws {
        let cache = try TemporaryCache()
        let error = try #require(throws: VectorCacheError.self) { try cache.open(writable: false) }
        #expect(error == .missing(path: cache.path))
        #expect(!FileManager.default.fileExists(atPath: cache.path))
    }

    @Test func newerSchemaIsRefusedUntouched() throws {
        let cache = try TemporaryCache()
        try index(["a"], into: "c", store: cache.open(), encoder: CountingEncoder())
        do {
            let raw = try Database(path: cache.path, access: .readWriteCreate)
            try raw.execute("PRAGMA user_version = 99")
            try raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
        let before = try cache.bytes()
        for writable in [true, false] {
            let error = try #require(throws: VectorCacheError.self) { try cache.open(writable: writable) }
            #expect(error == .newerSchema(path: cache.path, found: 99, supported: 4))
            #expect(error.description.contains("schema version 99"))
        }
        #expect(try cache.bytes() == before)
    }

    @Test func randomBytesAreRefusedUntouched() throws {
        let cache = try TemporaryCache()
        var generator = SplitMix64(seed: 0x0BAD_CAC4E)  // seeded: a failure must replay
        let noise = Data((0..<40_000).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try noise.write(to: URL(fileURLWithPath: cache.path))
        for writable in [true, false] {
            let error = try #require(throws: VectorCacheError.self) { try cache.open(writable: writable) }
            #expect(error == .notADatabase(path: cache.path))
            #expect(!error.description.contains("\n"))
        }
        #expect(try cache.bytes() == noise)
    }

    @Test func damagedDatabaseIsRefusedUntouched() throws {
        let cache = try TemporaryCache()
        try index(sentences(200), into: "c", store: cache.open(), encoder: CountingEncoder())
        do {
            let raw = try Database(path: cache.path, access: .readWriteCreate)
            try raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
        // Keep the valid header page, scramble the schema and everything after it.
        var bytes = try cache.bytes()
        for i in 100..<bytes.count { bytes[i] = UInt8(truncatingIfNeeded: i &* 7919) }
        try bytes.write(to: URL(fileURLWithPath: cache.path))
        let error = try #require(throws: VectorCacheError.self) { try cache.open(writable: true) }
        if case .corrupt = error {} else { Issue.record("expected .corrupt, got \(error)") }
        #expect(try cache.bytes() == bytes)
    }

    @Test func readOnlyFileIsRefusedForWritingUntouched() throws {
        let cache = try TemporaryCache()
        try index(["a", "b"], into: "c", store: cache.open(), encoder: CountingEncoder())
        do {
            let raw = try Database(path: cache.path, access: .readWriteCreate)
            try raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: cache.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: cache.path) }
        let before = try cache.bytes()
        let error = try #require(throws: VectorCacheError.self) { try cache.open(writable: true) }
        #expect(error == .readOnly(path: cache.path))
        #expect(try cache.bytes() == before)
        // Reading a read-only cache still works.
        #expect(try cache.open(writable: false).requireCorpus(named: "c").itemCount == 2)
        #expect(try cache.bytes() == before)
    }

    @Test func directoryIsRefused() throws {
        let cache = try TemporaryCache()
        try FileManager.default.createDirectory(atPath: cache.path, withIntermediateDirectories: true)
        for writable in [true, false] {
            let error = try #require(throws: VectorCacheError.self) { try cache.open(writable: writable) }
            #expect(error == .isDirectory(path: cache.path))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.path).isEmpty)
    }

    @Test func anotherProgramsDatabaseIsRefusedUntouched() throws {
        let cache = try TemporaryCache()
        do {
            let raw = try Database(path: cache.path, access: .readWriteCreate)
            try raw.execute("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine')")
        }
        let before = try cache.bytes()
        let error = try #require(throws: VectorCacheError.self) { try cache.open(writable: true) }
        #expect(error == .notACache(path: cache.path))
        #expect(try cache.bytes() == before)
    }

    @Test func emptyFileBecomesACache() throws {
        let cache = try TemporaryCache()
        FileManager.default.createFile(atPath: cache.path, contents: Data())
        #expect(try cache.open().schemaVersion() == 4)
    }
}
