import Corpora
import Embedding
import Foundation
import TestSupport
import TextInput
import Testing
import VectorCache

/// Indexing files: the first pass checks and counts, the second reports progress in order.
@Suite struct CorpusIndexingTests {
    @Test(arguments: [4, 7, 64])
    func progressStartsAtZeroAndRisesByBatchesToTheTotal(batchSize: Int) throws {
        let corpus = try ReferenceCorpus(count: 30)
        let events = try corpus.index(model: ReferenceCorpus.model(), batchSize: batchSize)
        let total = corpus.texts.count
        // 0 once the corpus is held, then after each committed batch; the last batch may be short.
        let expected = [0] + Array(stride(from: batchSize, to: total, by: batchSize)) + [total]
        #expect(events.map(\.done) == expected)
        #expect(events.allSatisfy { $0.total == total })
    }

    @Test func theStoredVectorsAreTheModelsReferenceVectors() throws {
        let corpus = try ReferenceCorpus(count: 12)
        try corpus.index(model: ReferenceCorpus.model())
        let store = try VectorStore(path: corpus.cachePath, writable: false)
        let matrix = try store.loadMatrix(of: store.requireCorpus(named: "reference"))
        for (position, text) in corpus.texts.enumerated() {
            let row = try #require(matrix.row(position))
            let reference = try #require(corpus.reference.embedding(of: text))
            #expect(zip(row, reference).allSatisfy { abs($0 - $1) < 1e-5 }, "\(text)")
        }
    }

    @Test func aRerunOfCurrentFilesIsCurrentAndAChangedFileIsNot() throws {
        let corpus = try ReferenceCorpus(count: 6)
        let model = try ReferenceCorpus.model()
        try corpus.index(model: model)
        let store = try VectorStore(path: corpus.cachePath, writable: true)
        let identity = try model.identity(in: store)
        #expect(try CorpusIndexing(corpus: "reference", files: [corpus.file.path]).isCurrent(in: store, for: identity))
        #expect(try !CorpusIndexing(corpus: "other", files: [corpus.file.path]).isCurrent(in: store, for: identity))
        let longer = try corpus.directory.write("longer.txt", (corpus.texts + ["one more line"]).joined(separator: "\n"))
        #expect(try !CorpusIndexing(corpus: "reference", files: [longer.path]).isCurrent(in: store, for: identity))
    }

    @Test func theInt8EncoderIsRefusedAFloat32CorpusByName() throws {
        #expect(SentenceTransformer.precisionComponent == ModelIdentity.encoderPrecisionComponent)
        let corpus = try ReferenceCorpus(count: 4)
        try corpus.index(model: ReferenceCorpus.model())
        let store = try VectorStore(path: corpus.cachePath, writable: false)
        let quantized = try SentenceTransformer(modelDirectory: Fixtures.tinyModel, precision: .int8)
        let error = try #require(throws: VectorCacheError.self) {
            try store.check(store.requireCorpus(named: "reference"), isFor: quantized.identity(in: store))
        }
        guard case let .encoderMismatch(name, _, stored, requested) = error else {
            Issue.record("expected encoderMismatch, got \(error)")
            return
        }
        #expect(name == "reference" && stored == "float32" && requested.hasPrefix("int8"))
    }

    @Test func aFileWithNoTextFailsTheFirstPassBeforeAnyCache() throws {
        let directory = try TemporaryDirectory()
        let good = try directory.write("good.txt", "one\ntwo\n")
        let empty = try directory.write("empty.txt", "\n   \n\n")
        #expect(throws: TextInputError.noTexts(source: empty.path)) {
            _ = try CorpusIndexing(corpus: "c", files: [good.path, empty.path])
        }
        #expect(try CorpusIndexing(corpus: "c", files: [good.path, good.path]).total == 4)
    }

    @Test func jsonLinesItemsKeepTheirIds() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("items.jsonl", #"{"body": "first", "key": 7}"# + "\n" + #"{"body": "second", "key": "b"}"# + "\n")
        let reader = CorpusSourceReader(field: "body", idField: "key")
        var items: [CorpusItem] = []
        let count = try reader.forEachItem(in: file.path) { items.append($0) }
        #expect(count == 2)
        #expect(items == [CorpusItem(text: "first", externalID: "7"), CorpusItem(text: "second", externalID: "b")])
    }
}
