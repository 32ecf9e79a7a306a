import Foundation
import Testing
@testable import VectorCache

/// Grouped runs (import's) write the matrix sidecar as they store rows: the file they put in
/// place is the one a rebuild from SQLite writes, a failed run leaves none, and the cheap
/// writes of a grouped batch (plain INSERTs, an UPDATE to heal) store what the upserts did.
@Suite struct StreamedMatrixSidecarTests {
    /// A grouped indexer: batches of 4 in groups of 8, as import's 1,024 in 262,144.
    func groupedIndexer(_ store: VectorStore, corpus: String = "c", encoder: CountingEncoder,
                        precision: VectorPrecision? = nil) throws -> CorpusIndexer {
        let indexer = try CorpusIndexer(store: store, corpus: corpus, model: testModel(dimension: encoder.dimension),
                                        precision: precision, sources: ["test.txt"], batchSize: 4, encode: encoder.encode)
        indexer.groupCommits(upTo: 8)
        return indexer
    }

    func run(_ texts: [String], _ indexer: CorpusIndexer) throws -> CorpusIndexer.Report {
        for text in texts { try indexer.add(CorpusItem(text: text)) }
        return try indexer.finish()
    }

    func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    /// The header's random number (its seventh field), the one part two writes never share.
    static let randomField = 8 + 6 * 8 ..< 8 + 7 * 8  // after the key and the checksum's two sums

    /// Expects the sidecar in place to be, byte for byte, what a rebuild from SQLite writes
    /// (but for the header's random number), with a stamp that vouches for it.
    func expectSameAsRebuilt(_ store: VectorStore, corpus name: String) throws {
        let corpus = try store.requireCorpus(named: name)
        let path = store.matrixSidecarPath(of: corpus)
        let streamed = try bytes(path)
        #expect(FileManager.default.fileExists(atPath: SidecarStamp.path(of: path)))
        #expect(!FileManager.default.fileExists(atPath: StreamedMatrixSidecar.partialPath(of: path)))
        let mapped = try #require(MatrixSidecar.map(of: corpus, cachePath: store.resolvedPath, mayNote: false))
        #expect(!mapped.checkedInFull)  // vouched for by the stamp the writer left
        #expect(mapped.matrix.floats() == (try store.loadMatrix(of: corpus)).floats())

        unlink(path)
        try store.writeMatrixSidecar(of: corpus)
        let rebuilt = try bytes(path)
        #expect(streamed.count == rebuilt.count)
        #expect(streamed[..<Self.randomField.lowerBound] == rebuilt[..<Self.randomField.lowerBound])
        #expect(streamed[Self.randomField.upperBound...] == rebuilt[Self.randomField.upperBound...])
        #expect(streamed[Self.randomField] != rebuilt[Self.randomField])
    }

    @Test(arguments: [VectorPrecision.f16, .f32])
    func aGroupedRunStreamsTheSidecarARebuildWouldWrite(precision: VectorPrecision) throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        // Repeated texts: one vector row, several items.
        let texts = sentences(30) + sentences(7)
        let indexer = try groupedIndexer(store, encoder: CountingEncoder(), precision: precision)
        let report = try run(texts, indexer)
        #expect(report.items == 37 && report.encoded == 30)
        #expect(indexer.finishedWithStreamedSidecar)
        try expectSameAsRebuilt(store, corpus: "c")
        #expect(try store.verify().isHealthy)
    }

    /// A run that fails leaves neither a sidecar nor its partial file; the rerun goes on from
    /// the last commit, streams the rows it finds unchanged and those it reuses from another
    /// corpus as well as those it writes, and rewrites a changed position in place.
    @Test func aResumedRunStreamsStoredReusedAndNewRows() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        let texts = sentences(37)
        let crashing = CountingEncoder()
        crashing.failAfter = 21  // two groups (16 items) commit, the third dies
        let failed = try groupedIndexer(store, encoder: crashing)
        #expect(throws: CountingEncoder.SimulatedCrash.self) { _ = try run(texts, failed) }
        let interrupted = try store.requireCorpus(named: "c")
        let path = store.matrixSidecarPath(of: interrupted)
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: StreamedMatrixSidecar.partialPath(of: path)))
        #expect(try store.loadMatrix(of: interrupted).rows == 16)
        #expect(try store.openMatrix(of: interrupted).source == .database)

        // Another corpus holds texts 20..<30, so the rerun reuses their vectors.
        try index(Array(texts[20 ..< 30]), into: "other", store: store, encoder: CountingEncoder())
        var edited = texts
        edited[3] = "an edited line at a committed position"
        let encoder = CountingEncoder()
        let rerun = try groupedIndexer(store, encoder: encoder)
        let report = try run(edited, rerun)
        #expect(encoder.encodedTexts == [edited[3]] + Array(texts[16 ..< 20]) + Array(texts[30...]))
        #expect(report.unchanged == 15)
        #expect(rerun.finishedWithStreamedSidecar)
        try expectSameAsRebuilt(store, corpus: "c")
        let matrix = try store.loadMatrix(of: try store.requireCorpus(named: "c"))
        for (row, text) in edited.enumerated() {
            #expect(matrix.row(row) == CountingEncoder.vector(for: text, dimension: 8))
        }
        #expect(try store.verify().isHealthy)
    }

    /// A shorter rerun drops the tail: the streamed sidecar holds exactly the new run's rows.
    @Test func aShorterGroupedRerunStreamsOnlyItsRows() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        _ = try run(sentences(30), try groupedIndexer(store, encoder: CountingEncoder()))
        let shorter = try groupedIndexer(store, encoder: CountingEncoder())
        let report = try run(sentences(13), shorter)
        #expect(report.removed == 17 && report.unchanged == 13)
        #expect(shorter.finishedWithStreamedSidecar)
        try expectSameAsRebuilt(store, corpus: "c")
    }

    /// A damaged (NaN) vector another corpus uses is healed by the grouped run's UPDATE of its
    /// row, not duplicated: both corpora then read the new vector.
    @Test func aGroupedRunHealsADamagedVectorInPlace() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        let texts = sentences(12)
        try index([texts[5], "another"], into: "a", store: store, encoder: CountingEncoder())
        let raw = try Database(path: cache.path, access: .readWriteCreate)
        let nan: [Float] = [1, 0, 0, .nan, 0, 0, 0, 0]
        let literal = "x'" + nan.withUnsafeBytes { $0.map { String(format: "%02x", $0) }.joined() } + "'"
        try raw.run("UPDATE vectors SET vector = \(literal) WHERE id = (SELECT vector FROM items WHERE position = 0)")
        #expect(try store.verify().problems.count == 1)

        let encoder = CountingEncoder()
        let indexer = try groupedIndexer(store, corpus: "b", encoder: encoder)
        _ = try run(texts, indexer)
        #expect(encoder.encodedTexts == texts)
        let model = try store.requireCorpus(named: "b").model
        #expect(try store.vectorCount(model: model, precision: .f32) == 13)
        #expect(try store.verify().problems == [])
        #expect(try store.loadMatrix(of: store.requireCorpus(named: "a")).row(0) == CountingEncoder.vector(for: texts[5], dimension: 8))
        try expectSameAsRebuilt(store, corpus: "b")
    }

    /// Grouping sets the connection's page cache, temporary storage and checkpoint interval
    /// (1 GiB of 16 KiB pages) for the run only; the log's size limit is the store's own.
    @Test func theConnectionSettingsAreSetBackAfterARunAndAfterAFailure() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        func settings() throws -> [Int?] {
            try ["cache_size", "temp_store", "wal_autocheckpoint"].map { try store.database.scalar("PRAGMA \($0)")?.int }
        }
        #expect(try store.database.scalar("PRAGMA journal_size_limit")?.int == 64 << 20)
        let before = try settings()
        #expect(before[2] == 1000)
        let indexer = try groupedIndexer(store, encoder: CountingEncoder())
        #expect(try settings() == [-262_144, 2, 65_536])
        #expect(indexer.writeback != nil)
        _ = try run(sentences(10), indexer)
        #expect(try settings() == before)
        #expect(indexer.writeback == nil)

        // New texts, so that the encoder runs (the first ten are stored already) and fails.
        let crashing = CountingEncoder()
        crashing.failAfter = 5
        let failing = try groupedIndexer(store, encoder: crashing)
        #expect(throws: CountingEncoder.SimulatedCrash.self) { _ = try run(sentences(30), failing) }
        #expect(try settings() == before)
        #expect(failing.writeback == nil)
    }
}
