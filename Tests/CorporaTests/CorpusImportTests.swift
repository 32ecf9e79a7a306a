import Corpora
import Embedding
import Foundation
import HalfFloat
import TestSupport
import TextInput
import TextOutput
import Testing
import VectorCache

/// Importing vectors made by sentence-transformers (`make_import_vectors.py`): verified by
/// re-encoding a sample with the real model, stored exactly, refused when they are not this
/// model's vectors of these texts, and resumed by a rerun.
@Suite struct CorpusImportTests {
    static let fixtures = Fixtures.root.appendingPathComponent("reference/import")
    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }
    static let texts = fixture("texts.txt")

    /// all-MiniLM-L6-v2, loaded once for the suite.
    static func model() throws -> SentenceTransformer { try loaded.get() }
    private static let loaded = Result { try SentenceTransformer(modelDirectory: Fixtures.miniLMModel) }

    static func npyRows(_ name: String) throws -> [Float] {
        var values: [Float] = []
        try NumpyMatrixFile(path: fixture(name), dimension: 384).forEachBlock(blockRows: 64) { _, block in
            values.append(contentsOf: block)
        }
        return values
    }

    @Test func aSentenceTransformersFileIsVerifiedAndStoredExactly() throws {
        let model = try Self.model()
        let importing = try CorpusImport(corpus: "st", vectorsPath: Self.fixture("minilm-f32.npy"), textsPath: Self.texts,
                                         dimension: model.dimension)
        let (checked, mismatch) = try importing.verify { try model.encode($0) }
        #expect(checked == 32 && mismatch == nil)

        let directory = try TemporaryDirectory()
        let store = try VectorStore(path: directory.file("cache.sqlite").path, writable: true)
        var events: [Int] = []
        let outcome = try importing.run(into: store, model: model.identity(in: store), precision: nil, verified: true,
                                        batchSize: 5, progress: { events.append($0.done) })
        #expect(outcome.report.items == 36 && outcome.report.encoded == 36 && outcome.precision == .f32)
        #expect(events == [0, 5, 10, 15, 20, 25, 30, 35, 36])
        let corpus = try store.requireCorpus(named: "st")
        #expect(corpus.origin == .imported && corpus.isComplete)
        #expect(try store.loadMatrix(of: corpus).floats() == Self.npyRows("minilm-f32.npy"))
        let lines = try String(contentsOfFile: Self.texts, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(try store.items(of: corpus, at: Array(0 ..< 36)).map(\.item.text) == lines)
    }

    @Test func aFloat16FortranFileMakesAFloat16CorpusOfTheSameHalves() throws {
        let model = try Self.model()
        let importing = try CorpusImport(corpus: "half", vectorsPath: Self.fixture("minilm-f16-fortran.npy"),
                                         textsPath: Self.texts, dimension: 384)
        #expect(try importing.verify { try model.encode($0) }.mismatch == nil)
        let directory = try TemporaryDirectory()
        let store = try VectorStore(path: directory.file("cache.sqlite").path, writable: true)
        let precision = try importing.defaultPrecision(in: store)
        #expect(precision == .f16)
        _ = try importing.run(into: store, model: model.identity(in: store), precision: precision, verified: true, batchSize: 7)
        let matrix = try store.loadMatrix(of: store.requireCorpus(named: "half"))
        guard case let .f16(halves) = matrix.storage else { Issue.record("not f16"); return }
        #expect(halves == HalfKernels.encode(try Self.npyRows("minilm-f32.npy")))
    }

    @Test func vectorsInAnotherOrderAreRefusedNamingBothTexts() throws {
        let model = try Self.model()
        let shuffled = try CorpusImport(corpus: "bad", vectorsPath: Self.fixture("shuffled-f32.npy"), textsPath: Self.texts,
                                        dimension: 384)
        #expect(try #require(try shuffled.verify { try model.encode($0) }.mismatch).cosine < 0.999)
        // 20 items (all sampled), each row the vector of the next item: the row's own text is named too.
        let directory = try TemporaryDirectory()
        let rows = try Self.npyRows("minilm-f32.npy")
        let next = (0 ..< 20).map { Array(rows[(($0 + 1) % 20) * 384 ..< (($0 + 1) % 20 + 1) * 384]) }
        let file = directory.file("next.npy")
        try NumpyArrayFile.write(next, to: file)
        let lines = try String(contentsOfFile: Self.texts, encoding: .utf8).split(separator: "\n").prefix(20)
        let texts = try directory.write("texts.txt", lines.joined(separator: "\n"))
        let importing = try CorpusImport(corpus: "bad", vectorsPath: file.path, textsPath: texts.path, dimension: 384)
        let mismatch = try #require(try importing.verify { try model.encode($0) }.mismatch)
        #expect(mismatch.position == 0 && mismatch.cosine < 0.999)
        #expect(mismatch.matchesPosition == 1 && mismatch.matchesText == String(lines[1]) && (mismatch.matchesCosine ?? 0) >= 0.999)
        #expect(throws: CorporaError.self) { try importing.requireMatch { try model.encode($0) } }
    }

    @Test func anotherModelsVectorsAreRefused() throws {
        // The model's own vectors with every component's sign flipped in half the dimensions:
        // unit length, finite, the right shape, and not this model's.
        let model = try Self.model()
        let directory = try TemporaryDirectory()
        var rows = try Self.npyRows("minilm-f32.npy")
        for i in rows.indices where i % 2 == 0 { rows[i] = -rows[i] }
        let matrix = stride(from: 0, to: rows.count, by: 384).map { Array(rows[$0 ..< $0 + 384]) }
        let file = directory.file("other.npy")
        try NumpyArrayFile.write(matrix, to: file)
        let importing = try CorpusImport(corpus: "c", vectorsPath: file.path, textsPath: Self.texts, dimension: 384)
        let mismatch = try #require(try importing.verify { try model.encode($0) }.mismatch)
        #expect(mismatch.matchesPosition == nil && mismatch.cosine < 0.9)
    }

    @Test func countsThatDifferAreRefusedBeforeTheCache() throws {
        let directory = try TemporaryDirectory()
        let lines = try String(contentsOfFile: Self.texts, encoding: .utf8).split(separator: "\n").map(String.init)
        let fewer = try directory.write("fewer.txt", lines.dropLast().joined(separator: "\n"))
        #expect(throws: CorporaError.importCountMismatch(vectors: Self.fixture("minilm-f32.npy"), rows: 36, texts: fewer.path, count: 35, what: "texts")) {
            _ = try CorpusImport(corpus: "c", vectorsPath: Self.fixture("minilm-f32.npy"), textsPath: fewer.path, dimension: 384)
        }
        let more = try directory.write("more.txt", (lines + ["one more"]).joined(separator: "\n"))
        #expect(throws: CorporaError.self) {
            _ = try CorpusImport(corpus: "c", vectorsPath: Self.fixture("minilm-f32.npy"), textsPath: more.path, dimension: 384)
        }
        let ids = try directory.write("ids.txt", (0 ..< 35).map { "id\($0)" }.joined(separator: "\n"))
        #expect(throws: CorporaError.importCountMismatch(vectors: Self.fixture("minilm-f32.npy"), rows: 36, texts: ids.path, count: 35, what: "ids")) {
            _ = try CorpusImport(corpus: "c", vectorsPath: Self.fixture("minilm-f32.npy"), textsPath: Self.texts, idsPath: ids.path, dimension: 384)
        }
        #expect(throws: TextInputError.self) {
            _ = try CorpusImport(corpus: "c", vectorsPath: Self.fixture("minilm-f32.npy"), textsPath: Self.texts, dimension: 768)
        }
    }

    /// An import cut short (here: the first 12 items, from the JSON Lines file) is gone on
    /// with by the next run, which takes only the vectors the cache lacks; ids come from --ids.
    @Test func aRerunTakesOnlyWhatIsMissingAndKeepsIds() throws {
        let model = try Self.model()
        let directory = try TemporaryDirectory()
        let lines = try String(contentsOfFile: Self.texts, encoding: .utf8).split(separator: "\n").map(String.init)
        let firstTwelve = try directory.write("twelve.txt", lines.prefix(12).joined(separator: "\n"))
        let store = try VectorStore(path: directory.file("cache.sqlite").path, writable: true)
        let identity = try model.identity(in: store)
        let partial = try CorpusImport(corpus: "c", vectorsPath: Self.fixture("minilm.jsonl"), textsPath: firstTwelve.path, dimension: 384)
        #expect(try partial.run(into: store, model: identity, precision: nil, verified: false, batchSize: 5).report.encoded == 12)
        #expect(try store.requireCorpus(named: "c").origin == .importedUnverified)

        let ids = try directory.write("ids.txt", (0 ..< 36).map { "doc-\($0)" }.joined(separator: "\n"))
        let full = try CorpusImport(corpus: "c", vectorsPath: Self.fixture("minilm-f32.npy"), textsPath: Self.texts,
                                    idsPath: ids.path, dimension: 384)
        let report = try full.run(into: store, model: identity, precision: nil, verified: true, batchSize: 5).report
        #expect(report.items == 36 && report.encoded == 24 && report.reused == 12)
        let corpus = try store.requireCorpus(named: "c")
        #expect(corpus.origin == .imported)
        #expect(try store.loadMatrix(of: corpus).floats() == Self.npyRows("minilm-f32.npy"))
        #expect(try store.items(of: corpus, at: [0, 35]).map(\.item.externalID) == ["doc-0", "doc-35"])
    }

    @Test func valuesBeyondHalfAreRefusedBeforeAFloat16Write() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("big.npy")
        try NumpyArrayFile.write([[1, 2], [3, 70000]], to: file)
        let texts = try directory.write("t.txt", "one\ntwo\n")
        let importing = try CorpusImport(corpus: "c", vectorsPath: file.path, textsPath: texts.path, dimension: 2)
        let store = try VectorStore(path: directory.file("cache.sqlite").path, writable: true)
        let identity = ModelIdentity(name: "m", dimension: 2, weightsSHA256: "00", components: [:])
        #expect(throws: TextInputError.badVectors(path: file.path, detail: "row 1 (0-based) holds 70000.0, beyond float16's ±65504: import with --precision f32")) {
            _ = try importing.run(into: store, model: identity, precision: .f16, verified: true, batchSize: 4)
        }
        #expect(try store.corpus(named: "c") == nil)
    }

    @Test func theSampleIsSeededDistinctAndAllOfASmallCorpus() {
        let sample = CorpusImport.samplePositions(rows: 2_000_000)
        #expect(sample == CorpusImport.samplePositions(rows: 2_000_000))
        #expect(sample.count == 32 && Set(sample).count == 32 && sample == sample.sorted() && sample.allSatisfy { $0 < 2_000_000 })
        #expect(CorpusImport.samplePositions(rows: 20) == Array(0 ..< 20))
        #expect(CorpusImport.samplePositions(rows: 1000, seed: 1) != CorpusImport.samplePositions(rows: 1000, seed: 2))
    }
}

/// Writes a float32 `.npy` with TextOutput's writer (what `semblance encode --format npy` uses).
enum NumpyArrayFile {
    static func write(_ rows: [[Float]], to url: URL) throws {
        try NumpyArray.float32(rows: rows, columns: rows.first?.count ?? 0).write(to: url)
    }
}
