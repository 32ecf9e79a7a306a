import Corpora
import Embedding
import Foundation
import TestSupport
import VectorCache

/// A corpus of the tiny model's reference sentences, written to a text file in a temporary
/// directory beside a cache; the expected neighbours come from the reference embeddings
/// (sentence-transformers' own vectors), by a brute-force cosine written out here.
final class ReferenceCorpus {
    let directory: TemporaryDirectory
    let texts: [String]
    let file: URL
    let reference: ReferenceCosines
    var cachePath: String { directory.file("cache.sqlite").path }

    /// The first `count` reference sentences that a one-text-per-line file keeps as they are.
    init(count: Int = 30) throws {
        directory = try TemporaryDirectory("semblance-corpora-tests")
        reference = try ReferenceCosines(directory: Fixtures.tinyReference)
        let rows = try readJSONLines(Fixtures.tinyReference.appendingPathComponent("embeddings.jsonl"), as: ReferenceEmbedding.self)
        var seen: Set<String> = []
        texts = Array(rows.map(\.text).filter { text in
            text.count > 10 && text == text.trimmingCharacters(in: .whitespaces)
                && !text.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" }
                && seen.insert(text).inserted
        }.suffix(count))
        file = try directory.write("corpus.txt", texts.joined(separator: "\n") + "\n")
    }

    /// The tiny model, loaded once for every test (loading the tokenizer dominates a debug run).
    static func model() throws -> SentenceTransformer { try loaded.get() }
    private static let loaded = Result { try SentenceTransformer(modelDirectory: Fixtures.tinyModel) }

    /// The `k` corpus texts nearest `query` by the reference cosine, best first, with it.
    func expectedNeighbours(of query: String, k: Int) throws -> [(text: String, cosine: Double)] {
        let scored = try texts.map { text -> (text: String, cosine: Double) in
            guard let cosine = reference.cosine(query, text) else { throw ReferenceMissing(text: text) }
            return (text, cosine)
        }
        return Array(scored.sorted { $0.cosine > $1.cosine }.prefix(k))
    }

    /// Indexes the file into `corpus` with the real model, returning the progress it reported.
    @discardableResult
    func index(as corpus: String = "reference", model: SentenceTransformer, batchSize: Int = 4,
               precision: VectorPrecision? = nil) throws -> [CorpusIndexing.Progress] {
        let store = try VectorStore(path: cachePath, writable: true)
        let indexing = try CorpusIndexing(corpus: corpus, files: [file.path])
        var events: [CorpusIndexing.Progress] = []
        _ = try indexing.run(into: store, model: model.identity(in: store), precision: precision, batchSize: batchSize,
                             encode: { try model.encode($0, batchSize: batchSize) }, progress: { events.append($0) })
        return events
    }

    struct ReferenceMissing: Error { let text: String }
}
