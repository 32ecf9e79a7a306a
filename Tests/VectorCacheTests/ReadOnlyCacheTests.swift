import Foundation
import Testing
import VectorCache

/// A cache that may not be written (read-only media, or permission bits that say so — honoured
/// even for root, who could write anyway) is still read, and reading it creates no file.
@Suite struct ReadOnlyCacheTests {
    /// A cache with corpus "c" of 6 items, its WAL folded into the file.
    private func settledCache() throws -> TemporaryCache {
        let cache = try TemporaryCache()
        try index(sentences(6), into: "c", store: cache.open(), encoder: CountingEncoder())
        try Database(path: cache.path, access: .readWriteCreate).execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: cache.path + suffix) }
        return cache
    }

    private func setPermissions(_ mode: Int, _ path: String) throws {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    /// Everything a read-only command does: list, info, verify, load for search.
    private func readEverything(_ cache: TemporaryCache) throws {
        let store = try cache.open(writable: false)
        #expect(try store.summaries().map(\.storedItems) == [6])
        let corpus = try store.requireCorpus(named: "c")
        #expect(try store.loadMatrix(of: corpus).rows == 6)
        #expect(try store.items(of: corpus, at: [5]).map(\.item.text) == ["sentence number 5"])
        #expect(try store.verify().isHealthy)
    }

    @Test func readOnlyDirectoryIsReadWithoutCreatingAnything() throws {
        let cache = try settledCache()
        try setPermissions(0o555, cache.directory.path)
        defer { try? setPermissions(0o755, cache.directory.path) }
        let before = try FileManager.default.contentsOfDirectory(atPath: cache.directory.path).sorted()
        try readEverything(cache)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.directory.path).sorted() == before)
        let error = try #require(throws: VectorCacheError.self) { try cache.open(writable: true) }
        #expect(error == .readOnly(path: cache.path))
    }

    @Test func readOnlyFileIsReadWithoutCreatingAnything() throws {
        let cache = try settledCache()
        try setPermissions(0o444, cache.path)
        let before = try FileManager.default.contentsOfDirectory(atPath: cache.directory.path).sorted()
        try readEverything(cache)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.directory.path).sorted() == before)
    }

    /// A write-ahead log that holds the latest batch must not be skipped (immutable would):
    /// the reader reads it through the `-shm` beside it.
    @Test func walWithChangesInAReadOnlyDirectoryIsReadInFull() throws {
        let cache = try settledCache()
        let writer = try cache.open()
        // Keep the writer open so its last transaction stays in the WAL, then index more.
        try index(sentences(9), into: "c", store: writer, encoder: CountingEncoder())
        let log = try FileManager.default.attributesOfItem(atPath: cache.path + "-wal")[.size] as? Int ?? 0
        #expect(log > 0)
        try setPermissions(0o555, cache.directory.path)
        defer { try? setPermissions(0o755, cache.directory.path) }
        let reader = try cache.open(writable: false)
        #expect(try reader.requireCorpus(named: "c").itemCount == 9)
        #expect(try reader.verify().isHealthy)
        withExtendedLifetime(writer) {}
    }
}
