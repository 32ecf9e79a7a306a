@testable import Corpora
import Foundation
import TestSupport
import TextInput
import Testing
@testable import VectorCache

/// The ways an import's batches reach the indexer (read on a second thread while the last is
/// written, read on the same thread, or added item by item with vectors through `encode`)
/// store the same cache, byte for byte; and a failure on the reading thread is thrown as the
/// same error, leaving nothing of the run behind.
@Suite struct CorpusImportFeedingTests {
    static let dimension = 8
    static let model = ModelIdentity(name: "m", dimension: dimension, weightsSHA256: "00", components: [:])

    /// A float16 C-order .npy of `rows` deterministic finite rows (numpy's header layout).
    static func npy(rows: Int, salt: UInt64 = 0) -> [UInt8] {
        let halves = (0 ..< rows * dimension).map { index in
            Float16(Float(Int(((UInt64(index) &+ salt) &* 2_654_435_761) % 2001) - 1000) / 1000).bitPattern
        }
        var header = "{'descr': '<f2', 'fortran_order': False, 'shape': (\(rows), \(dimension)), }"
        header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0] + Array(header.utf8)
            + halves.withUnsafeBytes { Array($0) }
    }

    /// Texts with repeats inside a batch (items 3 and 5) and across batches (items 40 and 90),
    /// where the first row of a text is the one stored.
    static func texts(rows: Int) -> [String] {
        (0 ..< rows).map { row in
            switch row {
            case 5: "item 3"
            case 90: "item 40"
            default: "item \(row)"
            }
        }
    }

    /// The cache's content as rows of text: every vector (id, hash, bytes), every item, and the
    /// sidecar's payload (its header holds a random number, different on every write).
    static func content(of store: VectorStore, corpus: String) throws -> [String] {
        var rows: [String] = []
        for sql in ["SELECT id, model, precision, hex(text_hash), hex(vector) FROM vectors ORDER BY id",
                    "SELECT position, hex(text_hash), vector, text, external_id, metadata FROM items ORDER BY corpus, position"] {
            let statement = try store.database.prepare(sql)
            while try statement.step() {
                rows.append((0 ..< Int32(statement.columnCount)).map { "\(statement.value(at: $0))" }.joined(separator: "|"))
            }
        }
        let record = try store.requireCorpus(named: corpus)
        let sidecar = try Data(contentsOf: URL(fileURLWithPath: store.matrixSidecarPath(of: record)))
        rows.append("sidecar payload \(Array(sidecar.dropFirst(MatrixSidecar.dataOffset)))")
        return rows
    }

    @Test(arguments: [CorpusImport.Feeding.serial, .itemByItem])
    func everyFeedingStoresTheSameCacheAsOverlapped(_ other: CorpusImport.Feeding) throws {
        let directory = try TemporaryDirectory()
        let rows = 300
        let vectors = try directory.write("vectors.npy", bytes: Self.npy(rows: rows))
        let texts = try directory.write("texts.txt", Self.texts(rows: rows).joined(separator: "\n"))
        // Part of it already stored by another corpus, with other vectors: those are reused,
        // and streamed into the sidecar as stored.
        let firstFifty = try directory.write("fifty.txt", Self.texts(rows: 50).joined(separator: "\n"))
        let half = try directory.write("fifty.npy", bytes: Self.npy(rows: 50, salt: 7))
        var contents: [[String]] = []
        var reports: [CorpusIndexer.Report] = []
        for (index, feeding) in [CorpusImport.Feeding.overlapped, other].enumerated() {
            let store = try VectorStore(path: directory.file("cache\(index).sqlite").path, writable: true)
            _ = try CorpusImport(corpus: "earlier", vectorsPath: half.path, textsPath: firstFifty.path, dimension: Self.dimension)
                .run(into: store, model: Self.model, precision: .f16, verified: false, batchSize: 16, feeding: .serial)
            // One of those damaged (a NaN component): healed with the file's row, in place.
            try store.database.run("""
                UPDATE vectors SET vector = x'007e\(String(repeating: "0000", count: Self.dimension - 1))'
                WHERE id = (SELECT vector FROM items WHERE position = 3)
                """)
            #expect(try store.verify().problems.count == 1)
            let importing = try CorpusImport(corpus: "c", vectorsPath: vectors.path, textsPath: texts.path, dimension: Self.dimension)
            var events: [Int] = []
            let outcome = try importing.run(into: store, model: Self.model, precision: .f16, verified: false, batchSize: 16,
                                            feeding: feeding, progress: { events.append($0.done) })
            #expect(events.first == 0 && events.last == rows)
            #expect(try store.verify().problems == [])
            reports.append(outcome.report)
            contents.append(try Self.content(of: store, corpus: "c"))
        }
        // The first fifty and item 90 were stored; item 3's vector was damaged, so it is imported.
        #expect(reports[0].items == rows && reports[0].reused == 50)
        #expect(reports[0].encoded == reports[1].encoded && reports[0].reused == reports[1].reused)
        #expect(contents[0].count == contents[1].count)
        #expect(contents[0] == contents[1])
    }

    /// A float32 file stored at f16 (rounded on the reading thread) stores what the item-by-item
    /// path stores (rounded by the indexer); texts the model already has f32 vectors of take
    /// those, narrowed, on both paths.
    @Test func float32RowsRoundedOnTheReadingThreadMatchTheIndexersRounding() throws {
        let directory = try TemporaryDirectory()
        let values = (0 ..< 40).map { row in (0 ..< Self.dimension).map { Float(row * Self.dimension + $0) / 97 - 1.3 } }
        let vectors = directory.file("f32.npy")
        try NumpyArrayFile.write(values, to: vectors)
        let texts = try directory.write("texts.txt", (0 ..< 40).map { "text \($0)" }.joined(separator: "\n"))
        // Ten of the texts already stored at f32, with other vectors.
        let wideVectors = directory.file("wide.npy")
        try NumpyArrayFile.write(values.prefix(10).map { $0.map { -$0 } }, to: wideVectors)
        let wideTexts = try directory.write("wide.txt", (0 ..< 10).map { "text \($0)" }.joined(separator: "\n"))
        var contents: [[String]] = []
        var reports: [CorpusIndexer.Report] = []
        for (index, feeding) in [CorpusImport.Feeding.overlapped, .itemByItem].enumerated() {
            let store = try VectorStore(path: directory.file("cache\(index).sqlite").path, writable: true)
            _ = try CorpusImport(corpus: "wide", vectorsPath: wideVectors.path, textsPath: wideTexts.path, dimension: Self.dimension)
                .run(into: store, model: Self.model, precision: .f32, verified: false, batchSize: 7, feeding: .serial)
            let outcome = try CorpusImport(corpus: "c", vectorsPath: vectors.path, textsPath: texts.path, dimension: Self.dimension)
                .run(into: store, model: Self.model, precision: .f16, verified: false, batchSize: 7, feeding: feeding)
            reports.append(outcome.report)
            contents.append(try Self.content(of: store, corpus: "c"))
        }
        #expect(reports[0].converted == 10 && reports[0].encoded == 30)
        #expect(reports[0].converted == reports[1].converted && reports[0].encoded == reports[1].encoded)
        #expect(contents[0] == contents[1])
    }

    /// The vectors file cut short after the import's checks: the reading thread fails part-way,
    /// and the run throws what the serial run throws, with no item, sidecar or partial file left.
    @Test func aFailureOnTheReadingThreadIsThrownAndLeavesNothing() throws {
        let directory = try TemporaryDirectory()
        let rows = 100
        let bytes = Self.npy(rows: rows)
        let texts = try directory.write("texts.txt", Self.texts(rows: rows).joined(separator: "\n"))
        for (index, feeding) in [CorpusImport.Feeding.overlapped, .serial].enumerated() {
            let vectors = try directory.write("vectors\(index).npy", bytes: bytes)
            let importing = try CorpusImport(corpus: "c", vectorsPath: vectors.path, textsPath: texts.path, dimension: Self.dimension)
            // Sixty rows left: the fourth batch of 16 runs out.
            try FileHandle(forWritingTo: vectors).truncate(atOffset: UInt64(bytes.count - (rows - 60) * Self.dimension * 2))
            let cache = directory.file("cache\(index).sqlite").path
            let store = try VectorStore(path: cache, writable: true)
            #expect(throws: TextInputError.badVectors(path: vectors.path, detail: "ended early: it changed while it was read")) {
                _ = try importing.run(into: store, model: Self.model, precision: .f16, verified: false, batchSize: 16, feeding: feeding)
            }
            #expect(try store.corpus(named: "c")?.isComplete != true)
            #expect(try store.database.scalar("SELECT count(*) FROM items")?.int == 0)
            #expect(try store.database.scalar("SELECT count(*) FROM vectors")?.int == 0)
            // No sidecar, and no partial one.
            let sidecars = (try? FileManager.default.contentsOfDirectory(atPath: cache + ".matrices")) ?? []
            #expect(sidecars.isEmpty, "\(sidecars)")
        }
    }

    /// Batches arrive in order; the producer is never more than one batch ahead of the one
    /// being consumed; a consumer's error stops the producer and `run` waits for it.
    @Test func overlappedBatchesKeepOrderBoundAndStopOnAConsumerError() throws {
        final class Counts: @unchecked Sendable {
            let lock = NSLock()
            var produced = 0, producerDone = false
        }
        let counts = Counts()
        var consumed: [Int] = []
        var mostAhead = 0
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try OverlappedBatches.run(producing: { deliver in
                defer { counts.lock.withLock { counts.producerDone = true } }
                for batch in 0 ..< 1000 {
                    counts.lock.withLock { counts.produced = batch + 1 }
                    try deliver(batch)
                }
            }, consuming: { batch in
                mostAhead = max(mostAhead, counts.lock.withLock { counts.produced } - batch - 1)
                consumed.append(batch)
                if batch == 20 { throw Stop() }
            })
        }
        #expect(consumed == Array(0 ... 20))
        // Started at most the batch after the one taken last.
        #expect(mostAhead <= 1)
        #expect(counts.lock.withLock { counts.producerDone && counts.produced <= 22 })

        struct ReadFailure: Error, Equatable { let batch: Int }
        var taken: [Int] = []
        #expect(throws: ReadFailure(batch: 5)) {
            try OverlappedBatches.run(producing: { deliver in
                for batch in 0 ..< 10 {
                    if batch == 5 { throw ReadFailure(batch: 5) }
                    try deliver(batch)
                }
            }, consuming: { taken.append($0) })
        }
        #expect(taken == [0, 1, 2, 3, 4])
    }
}
