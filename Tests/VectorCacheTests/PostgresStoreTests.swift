import Foundation
import PostgresClient
import Testing
import TestSupport
@testable import VectorCache

/// `PostgresStore` against the test run's throwaway server, each test in its own database.
@Suite("PostgreSQL store", .enabled(if: TestPostgres.isAvailable, Comment(rawValue: TestPostgres.skipReason)))
struct PostgresStoreTests {
    private func freshDatabase() throws -> String {
        let name = TestPostgres.uniqueDatabaseName("store")
        let admin = try PostgresConnection(url: try #require(TestPostgres.url))
        try admin.execute("DROP DATABASE IF EXISTS \(name)")
        try admin.execute("CREATE DATABASE \(name)")
        return try #require(TestPostgres.url(database: name))
    }

    private func index(_ texts: [String], into store: any CacheStore, corpus: String = "c", batchSize: Int = 4,
                       encoder: CountingEncoder) throws -> CorpusIndexer.Report {
        let run = try store.makeIndexer(corpus: corpus, model: testModel(), precision: nil, sources: ["t.txt"],
                                        batchSize: batchSize, onWait: nil, encode: encoder.encode)
        for text in texts { try run.add(CorpusItem(text: text, externalID: "id-\(text)")) }
        return try run.finish()
    }

    @Test func aDatabaseSemblanceNeverSetUpIsMissingForReadingAndMigratedForWriting() throws {
        let url = try freshDatabase()
        #expect(throws: VectorCacheError.missing(path: PostgresConnection.describe(url))) { try PostgresStore(url: url, writable: false) }
        #expect(try PostgresStore(url: url, writable: true).schemaVersion() == PostgresSchema.currentVersion)
        #expect(try PostgresStore(url: url, writable: false).corpora().isEmpty)
    }

    /// The same texts give the same corpus on both engines: items, matrix and summaries.
    @Test func theServerHoldsWhatTheSQLiteFileHolds() throws {
        let url = try freshDatabase()
        let cache = try TemporaryCache()
        let local = try cache.open()
        let texts = (0..<23).map { "text \($0 % 17)" }  // repeats: one vector per distinct text
        let server = try PostgresStore(url: url, writable: true)
        let serverReport = try index(texts, into: server, encoder: CountingEncoder())
        let localReport = try index(texts, into: local, encoder: CountingEncoder())
        #expect(serverReport.items == 23 && serverReport.encoded == 17)
        #expect(localReport.items == serverReport.items && localReport.encoded == serverReport.encoded)
        let serverCorpus = try server.requireCorpus(named: "c"), localCorpus = try local.requireCorpus(named: "c")
        #expect(serverCorpus.isComplete && serverCorpus.itemCount == 23)
        #expect(try server.loadMatrix(of: serverCorpus).floats() == local.loadMatrix(of: localCorpus).floats())
        #expect(try server.items(of: serverCorpus, at: [22, 0, 99]) == local.items(of: localCorpus, at: [22, 0, 99]))
        #expect(try server.summaries().map(\.storedItems) == [23])
        #expect(try server.verify().isHealthy)

        // A rerun encodes nothing; a shorter rerun drops the tail.
        let again = try index(texts, into: server, encoder: CountingEncoder())
        #expect(again.encoded == 0 && again.unchanged == 23)
        _ = try index(Array(texts.prefix(10)), into: server, encoder: CountingEncoder())
        #expect(try server.requireCorpus(named: "c").itemCount == 10)
        #expect(try server.summaries().map(\.storedItems) == [10])
        #expect(try server.verify().isHealthy)
    }

    /// Statistics live on the server as in SQLite: read back for the corpus as it is, stale
    /// (nil, and deleted) once it is re-indexed, kept through a read-only connection's reopening.
    @Test func statisticsAreStoredForTheCorpusAsItIs() throws {
        let url = try freshDatabase()
        let server = try PostgresStore(url: url, writable: true)
        _ = try index((0..<6).map { "s\($0)" }, into: server, encoder: CountingEncoder())
        let corpus = try server.requireCorpus(named: "c")
        #expect(corpus.origin == .encoded)
        #expect(try server.statistics(of: corpus, kind: "k") == nil)
        #expect(try server.storeStatistics([1, 2, 3], of: corpus, kind: "k"))
        #expect(try server.statistics(of: corpus, kind: "k") == [1, 2, 3])
        #expect(try server.storeStatistics([4], of: corpus, kind: "k"))
        #expect(try server.statistics(of: corpus, kind: "k") == [4])

        let reader = try PostgresStore(url: url, writable: false)
        #expect(throws: VectorCacheError.readOnly(path: reader.displayName)) { try reader.storeStatistics([5], of: corpus, kind: "r") }
        #expect(try reader.reopened(writable: true).storeStatistics([5], of: corpus, kind: "r"))
        #expect(try reader.statistics(of: corpus, kind: "r") == [5])

        _ = try index((0..<4).map { "s\($0)" }, into: server, encoder: CountingEncoder())
        let changed = try server.requireCorpus(named: "c")
        #expect(try server.statistics(of: changed, kind: "k") == nil)
        #expect(try !server.storeStatistics([6], of: corpus, kind: "k"))  // the old record: refused
        #expect(try PostgresConnection(url: url).query("SELECT count(*) FROM corpus_statistics").int(0, 0) == 0)
    }

    /// A schema-1 database (before statistics and origin) reads read-only, and is migrated for writing.
    @Test func aVersionOneSchemaReadsAndMigrates() throws {
        let url = try freshDatabase()
        let server = try PostgresStore(url: url, writable: true)
        _ = try index(["a", "b", "c"], into: server, encoder: CountingEncoder())
        let raw = try PostgresConnection(url: url)
        try raw.execute("DROP TABLE corpus_matrix_chunks, corpus_matrices")
        try raw.execute("DROP TABLE corpus_statistics")
        try raw.execute("ALTER TABLE corpora DROP COLUMN origin")
        try raw.execute("UPDATE semblance_meta SET value = '1' WHERE key = 'schema_version'")
        let reader = try PostgresStore(url: url, writable: false)
        let corpus = try reader.requireCorpus(named: "c")
        #expect(corpus.origin == .encoded && corpus.itemCount == 3)
        #expect(try reader.statistics(of: corpus, kind: "k") == nil)
        #expect(try reader.schemaVersion() == 1)
        // Without the packed tables (a read-only opening does not migrate) the rows answer.
        #expect(try reader.openMatrix(of: corpus).source == .server)
        let writer = try PostgresStore(url: url, writable: true)
        #expect(try writer.schemaVersion() == PostgresSchema.currentVersion)
        #expect(try writer.storeStatistics([7], of: corpus, kind: "k"))
        #expect(try writer.requireCorpus(named: "c").origin == .encoded)
    }

    @Test func verifyNamesAGapAndAVectorOfTheWrongSize() throws {
        let url = try freshDatabase()
        let server = try PostgresStore(url: url, writable: true)
        _ = try index((0..<8).map { "t\($0)" }, into: server, encoder: CountingEncoder())
        let raw = try PostgresConnection(url: url)
        try raw.execute("DELETE FROM items WHERE position = 3")
        try raw.execute("UPDATE vectors SET vector = '\\x00' WHERE id = (SELECT vector FROM items WHERE position = 5)")
        let report = try server.verify()
        #expect(report.problems.contains { $0.contains("1 position(s) missing below 8") }, "\(report.problems)")
        #expect(report.problems.contains { $0.contains("1 bytes, expected 32") }, "\(report.problems)")
        #expect(report.problems.contains { $0.contains("7 items stored, but it was completed with 8") }, "\(report.problems)")
        #expect(throws: VectorCacheError.self) { try server.loadMatrix(of: try server.requireCorpus(named: "c")) }
    }

    @Test func batchDigestsDifferWheneverAnyFieldDoes() {
        let base = [CorpusItem(text: "ab", externalID: nil), CorpusItem(text: "c")]
        let variants = [
            [CorpusItem(text: "a", externalID: "b"), CorpusItem(text: "c")],
            [CorpusItem(text: "ab", externalID: ""), CorpusItem(text: "c")],
            [CorpusItem(text: "ab"), CorpusItem(text: "c", metadata: "{}")],
            [CorpusItem(text: "abc")],
        ]
        for variant in variants {
            #expect(PostgresCorpusIndexer.digest(of: variant) != PostgresCorpusIndexer.digest(of: base))
        }
    }
}
