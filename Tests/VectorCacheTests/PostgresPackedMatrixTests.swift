import Foundation
import PostgresClient
import Testing
import TestSupport
@testable import VectorCache

/// The packed matrix of schema 3–4 (`PostgresStore+PackedMatrix`): written at the end of a run,
/// read back exactly, and never trusted when missing, damaged, truncated or stale — then the
/// rows answer and the packed copy is rebuilt from them, as the SQLite matrix file is.
@Suite("PostgreSQL packed matrix", .enabled(if: TestPostgres.isAvailable, Comment(rawValue: TestPostgres.skipReason)))
struct PostgresPackedMatrixTests {
    private func freshDatabase() throws -> String {
        let name = TestPostgres.uniqueDatabaseName("packed")
        let admin = try PostgresConnection(url: try #require(TestPostgres.url))
        try admin.execute("DROP DATABASE IF EXISTS \(name)")
        try admin.execute("CREATE DATABASE \(name)")
        return try #require(TestPostgres.url(database: name))
    }

    private func index(_ texts: [String], into store: any CacheStore, precision: VectorPrecision? = nil) throws {
        let run = try store.makeIndexer(corpus: "c", model: testModel(), precision: precision, sources: ["t.txt"],
                                        batchSize: 4, onWait: nil, encode: CountingEncoder().encode)
        for text in texts { try run.add(CorpusItem(text: text)) }
        _ = try run.finish()
    }

    private func bits(_ matrix: CorpusMatrix) -> [UInt32] { matrix.floats().map(\.bitPattern) }

    /// The end of a run stores it; opening reads it, bit for bit what the rows and a SQLite
    /// cache of the same texts hold, at both precisions.
    @Test(arguments: [VectorPrecision.f32, .f16])
    func aRunStoresItAndOpeningReadsItExactly(precision: VectorPrecision) throws {
        let url = try freshDatabase()
        let server = try PostgresStore(url: url, writable: true)
        let texts = (0..<37).map { "sentence \($0)" }
        try index(texts, into: server, precision: precision)
        let cache = try TemporaryCache()
        let local = try cache.open()
        try index(texts, into: local, precision: precision)

        let corpus = try server.requireCorpus(named: "c")
        let (matrix, source) = try server.openMatrix(of: corpus)
        #expect(source == .serverPacked)
        #expect(matrix.rows == 37 && matrix.precision == precision)
        #expect(bits(matrix) == bits(try server.loadMatrix(of: corpus)))
        #expect(bits(matrix) == bits(try local.loadMatrix(of: try local.requireCorpus(named: "c"))))
        let reader = try PostgresStore(url: url, writable: false)
        #expect(try reader.openMatrix(of: corpus).source == .serverPacked)
    }

    /// Chunks that split rows, and a short last one, join back exactly.
    @Test func oddChunksJoinBackExactly() throws {
        let url = try freshDatabase()
        let server = try PostgresStore(url: url, writable: true)
        try index((0..<9).map { "odd \($0)" }, into: server)
        let corpus = try server.requireCorpus(named: "c")
        try PostgresConnection(url: url).execute("UPDATE corpus_matrices SET checksum = NULL")
        #expect(try server.rebuildPackedMatrix(of: corpus, chunkBytes: 100) != nil)
        let raw = try PostgresConnection(url: url)
        #expect(try raw.query("SELECT count(*), min(octet_length(data)) FROM corpus_matrix_chunks").int(0, 0) == 3)  // 288 bytes
        #expect(try raw.query("SELECT min(octet_length(data)) FROM corpus_matrix_chunks").int(0, 0) == 88)
        let (matrix, source) = try server.openMatrix(of: corpus)
        #expect(source == .serverPacked)
        #expect(bits(matrix) == bits(try server.loadMatrix(of: corpus)))
    }

    /// Missing, a flipped byte, a truncated chunk, a lost chunk, a header for another count:
    /// each time the rows answer, and the next opening reads the rebuilt packed copy.
    @Test(arguments: [
        "DELETE FROM corpus_matrices",
        "DELETE FROM corpus_matrix_chunks",
        "UPDATE corpus_matrix_chunks SET data = overlay(data PLACING '\\xff'::bytea FROM 17 FOR 1)",
        "UPDATE corpus_matrix_chunks SET data = substring(data FROM 1 FOR octet_length(data) - 4)",
        "UPDATE corpus_matrices SET item_count = item_count + 1",
        "UPDATE corpus_matrices SET checksum = checksum + 1",
        "UPDATE corpus_matrices SET weighted_checksum = weighted_checksum + 1",
        // The sign bit of the last component (bit 63 of the last 8 bytes): Fletcher-64 missed it.
        "UPDATE corpus_matrix_chunks SET data = set_bit(data, octet_length(data) * 8 - 1, 1 - get_bit(data, octet_length(data) * 8 - 1))",
    ])
    func aDamagedOrMissingCopyIsRebuiltFromTheRows(damage: String) throws {
        let url = try freshDatabase()
        let server = try PostgresStore(url: url, writable: true)
        try index((0..<11).map { "row \($0)" }, into: server)
        let corpus = try server.requireCorpus(named: "c")
        let rows = bits(try server.loadMatrix(of: corpus))
        try PostgresConnection(url: url).execute(damage)
        let (matrix, source) = try server.openMatrix(of: corpus)
        #expect(source == .serverRebuilt)
        #expect(bits(matrix) == rows)
        let again = try server.openMatrix(of: corpus)
        #expect(again.source == .serverPacked)
        #expect(bits(again.matrix) == rows)
    }

    /// A copy with the old checksum (Fletcher-64 in `checksum`, no weighted sum) is never read,
    /// even when that checksum matches its chunks: the rows answer and it is rebuilt once.
    @Test func aCopyWithTheOldChecksumIsRebuiltOnce() throws {
        let url = try freshDatabase()
        let server = try PostgresStore(url: url, writable: true)
        try index((0..<11).map { "row \($0)" }, into: server)
        let corpus = try server.requireCorpus(named: "c")
        let rows = try server.loadMatrix(of: corpus)
        let old = LegacySidecarFormat.fletcher64(LegacySidecarFormat.bytes(of: rows))
        let raw = try PostgresConnection(url: url)
        try raw.query("UPDATE corpus_matrices SET checksum = $1, weighted_checksum = NULL", [.integer(Int64(bitPattern: old))])
        let (matrix, source) = try server.openMatrix(of: corpus)
        #expect(source == .serverRebuilt)
        #expect(bits(matrix) == bits(rows))
        #expect(try raw.query("SELECT count(*) FROM corpus_matrices WHERE weighted_checksum IS NOT NULL").int(0, 0) == 1)
        #expect(try server.openMatrix(of: corpus).source == .serverPacked)
    }

    /// A schema-3 database and its copy with the old checksum: opened read-only (which does not
    /// migrate) the rows answer and nothing is written; opened for writing it migrates to
    /// schema 4, and the copy is rebuilt once.
    @Test func aSchemaThreeCopyIsReadFromTheRowsThenRebuilt() throws {
        let url = try freshDatabase()
        let server = try PostgresStore(url: url, writable: true)
        try index((0..<7).map { "old \($0)" }, into: server)
        let corpus = try server.requireCorpus(named: "c")
        let rows = try server.loadMatrix(of: corpus)
        let old = Int64(bitPattern: LegacySidecarFormat.fletcher64(LegacySidecarFormat.bytes(of: rows)))
        let raw = try PostgresConnection(url: url)
        try raw.execute("ALTER TABLE corpus_matrices DROP COLUMN weighted_checksum")
        try raw.query("UPDATE corpus_matrices SET checksum = $1", [.integer(old)])
        try raw.execute("UPDATE semblance_meta SET value = '3' WHERE key = 'schema_version'")

        let reader = try PostgresStore(url: url, writable: false)
        #expect(try reader.schemaVersion() == 3)
        #expect(try reader.openMatrix(of: corpus).source == .server)
        #expect(try raw.query("SELECT checksum FROM corpus_matrices").integer(0, 0) == old)

        let writer = try PostgresStore(url: url, writable: true)
        #expect(try writer.schemaVersion() == PostgresSchema.currentVersion)
        #expect(try raw.query("SELECT checksum IS NULL FROM corpus_matrices").boolean(0, 0) == true)  // stale at once
        let (matrix, source) = try writer.openMatrix(of: corpus)
        #expect(source == .serverRebuilt)
        #expect(bits(matrix) == bits(rows))
        #expect(try writer.openMatrix(of: corpus).source == .serverPacked)
    }

    /// A batch that changes items marks the copy stale in its own transaction; so does a
    /// shorter rerun that drops items. A rerun that changes nothing keeps it.
    @Test func changedItemsNeverServeTheOldCopy() throws {
        let url = try freshDatabase()
        let server = try PostgresStore(url: url, writable: true)
        let raw = try PostgresConnection(url: url)
        let texts = (0..<10).map { "item \($0)" }
        try index(texts, into: server)
        let checksum = try raw.query("SELECT checksum FROM corpus_matrices").integer(0, 0)
        try index(texts, into: server)
        #expect(try raw.query("SELECT checksum FROM corpus_matrices").integer(0, 0) == checksum)

        // A run stopped after changing one batch: the copy is stale at once.
        var changed = texts
        changed[5] = "a different fifth item"
        let run = try server.makeIndexer(corpus: "c", model: testModel(), precision: nil, sources: ["t.txt"], batchSize: 4,
                                         onWait: nil, encode: CountingEncoder().encode)
        for text in changed.prefix(8) { try run.add(CorpusItem(text: text)) }
        #expect(try raw.query("SELECT checksum IS NULL FROM corpus_matrices").boolean(0, 0) == true)
        _ = try run.finish()
        var corpus = try server.requireCorpus(named: "c")
        #expect(corpus.itemCount == 8)
        let (matrix, source) = try server.openMatrix(of: corpus)
        #expect(source == .serverPacked)
        #expect(matrix.rows == 8)
        #expect(bits(matrix) == bits(try server.loadMatrix(of: corpus)))

        try index(Array(texts.prefix(3)), into: server)
        corpus = try server.requireCorpus(named: "c")
        #expect(try server.openMatrix(of: corpus).matrix.rows == 3)
        #expect(bits(try server.openMatrix(of: corpus).matrix) == bits(try server.loadMatrix(of: corpus)))
    }

    /// A role that may only read opens from the rows and writes nothing; an incomplete
    /// corpus is never served from a packed copy.
    @Test func aReadOnlyRoleAndAnIncompleteCorpusReadTheRows() throws {
        let url = try freshDatabase()
        let server = try PostgresStore(url: url, writable: true)
        try index((0..<6).map { "r\($0)" }, into: server)
        let raw = try PostgresConnection(url: url)
        try raw.execute("DELETE FROM corpus_matrices")
        let role = TestPostgres.uniqueDatabaseName("reader")
        try raw.execute("DROP ROLE IF EXISTS \(role); CREATE ROLE \(role) LOGIN PASSWORD 'reader-pw'")
        try raw.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(role)")
        defer { try? raw.execute("DROP OWNED BY \(role); DROP ROLE IF EXISTS \(role)") }
        let readerURL = url.replacingOccurrences(of: "//semblance:semblance-test@", with: "//\(role):reader-pw@")
        let reader = try PostgresStore(url: readerURL, writable: false)
        let corpus = try reader.requireCorpus(named: "c")
        let (matrix, source) = try reader.openMatrix(of: corpus)
        #expect(source == .server && matrix.rows == 6)
        #expect(try raw.query("SELECT count(*) FROM corpus_matrices").int(0, 0) == 0)

        let run = try server.makeIndexer(corpus: "c", model: testModel(), precision: nil, sources: ["t.txt"], batchSize: 4,
                                         onWait: nil, encode: CountingEncoder().encode)
        try run.add(CorpusItem(text: "r0"))
        let incomplete = try server.requireCorpus(named: "c")
        #expect(!incomplete.isComplete)
        #expect(try server.openMatrix(of: incomplete).source == .server)
    }
}
